"""Progress entries with figures and evidence files; bad dates and files; idempotent posting."""

import datetime as dt
import hashlib
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from tests.api.conftest import detail
from zhenggai.ledger.models import Evidence, ProgressEntry
from zhenggai.ledger.services import measure_create, problem_create, progress_create


def _fresh(seed, users):
    problem = problem_create(inspection=seed.inspection, title="测试问题")
    return measure_create(
        problem=problem,
        content="测试措施",
        kind="deadline",
        deadline=dt.date(2031, 12, 31),
        responsible_office=seed.office("高新技术股"),
        leader_user=users["deputy"],
    )


def _url(measure):
    return f"/api/v1/measures/{measure.pk}/progress/"


def _pdf(name="佐证.pdf", body=b"%PDF-1.4 evidence"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def test_report_progress_as_json_with_figures(seed, users, api):
    measure = _fresh(seed, users)
    response = api(seed.clerk).post(
        _url(measure),
        {
            "happened_on": "2023-03-01",
            "precision": "month",
            "text": "  已储备企业40家  ",
            "figures": [
                {"label": "储备库企业", "value": 40, "unit": "家"},
                {"label": "走访", "value": "2.5"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["text"] == "已储备企业40家" and body["date_precision"] == "month"
    assert body["reporter"]["username"] == "clerk"
    assert body["figures"] == [
        {"label": "储备库企业", "value": "40", "unit": "家"},
        {"label": "走访", "value": "2.5", "unit": ""},
    ]
    measure.refresh_from_db()
    assert measure.status == "in_progress"  # 未启动 → 整改中 on the first report


def test_report_progress_multipart_with_files(seed, users, api):
    measure = _fresh(seed, users)
    files = [_pdf("会议纪要.pdf", b"%PDF minutes"), SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff jpeg")]
    response = api(seed.liaison).post(
        _url(measure),
        {
            "happened_on": "2023-03-01",
            "text": "召开专题会议",
            "figures": json.dumps([{"label": "会议", "value": 1, "unit": "次"}]),
            "files": files,
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    evidence = response.json()["evidence"]
    assert [e["name"] for e in evidence] == ["会议纪要.pdf", "照片.jpg"]
    assert evidence[0]["sha256"] == hashlib.sha256(b"%PDF minutes").hexdigest()
    assert evidence[0]["content_type"] == "application/pdf" and evidence[0]["size"] == len(b"%PDF minutes")
    assert response.json()["figures"] == [{"label": "会议", "value": "1", "unit": "次"}]


def test_progress_dates_are_checked(seed, users, api):
    measure = _fresh(seed, users)
    client = api(seed.liaison)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        _url(measure), {"happened_on": tomorrow.isoformat(), "text": "未来"}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"happened_on": [f"进展日期({tomorrow.isoformat()})不能晚于今天。"]}
    response = client.post(_url(measure), {"happened_on": "2022-06-01", "text": "进驻前"}, format="json")
    assert response.json()["errors"] == {"happened_on": ["进展日期不能早于巡察进驻日期(2022-06-28)。"]}
    response = client.post(_url(measure), {"happened_on": "昨天", "text": "x"}, format="json")
    assert response.json()["errors"]["happened_on"][0].startswith("日期格式错误。")
    assert not ProgressEntry.objects.filter(measure=measure).exists()


def test_wrong_file_type_is_refused_and_nothing_saved(seed, users, api):
    measure = _fresh(seed, users)
    response = api(seed.liaison).post(
        _url(measure),
        {"happened_on": "2023-03-01", "text": "附件", "files": [SimpleUploadedFile("病毒.exe", b"MZ...")]},
        format="multipart",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]["files"]
    assert errors[0].startswith("文件“病毒.exe”的类型不允许上传。")
    assert not ProgressEntry.objects.filter(measure=measure).exists()
    assert not Evidence.objects.filter(entry__measure=measure).exists()


def test_empty_file_and_files_in_json_are_refused(seed, users, api):
    measure = _fresh(seed, users)
    client = api(seed.liaison)
    response = client.post(
        _url(measure),
        {"happened_on": "2023-03-01", "text": "x", "files": [SimpleUploadedFile("空.pdf", b"")]},
        format="multipart",
    )
    assert response.status_code == 400 and response.json()["errors"] == {"files.0": ["提交的是空文件。"]}
    response = client.post(
        _url(measure), {"happened_on": "2023-03-01", "text": "x", "files": ["a.pdf"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"files.0": ["提交的数据不是一个文件。请检查表单的编码类型。"]}


@override_settings(EVIDENCE_MAX_BYTES=1024)
def test_oversize_file_is_refused_with_413(seed, users, api):
    measure = _fresh(seed, users)
    response = api(seed.liaison).post(
        _url(measure),
        {"happened_on": "2023-03-01", "text": "大文件", "files": [_pdf("扫描件.pdf", b"x" * 5000)]},
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json()["errors"] == {
        "files": ["文件“扫描件.pdf”超过上限1.0\xa0KB,未上传;本次提交未保存任何内容。"]
    }
    assert not ProgressEntry.objects.filter(measure=measure).exists()


def test_bad_figures_are_refused_per_field(seed, users, api):
    measure = _fresh(seed, users)
    client = api(seed.liaison)
    response = client.post(
        _url(measure),
        {"happened_on": "2023-03-01", "text": "x", "figures": [{"label": "企业", "value": "四十"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"figures.0.value": ["请填写合法的数字。"]}
    response = client.post(
        _url(measure), {"happened_on": "2023-03-01", "text": "x", "figures": "[{not json"}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "figures": ['figures 须为 JSON 数组,如 [{"label": "储备库企业", "value": 40, "unit": "家"}]。']
    }


def test_same_submission_key_saves_once_and_keys_are_per_user(seed, users, api):
    measure = _fresh(seed, users)
    payload = {"happened_on": "2023-03-01", "text": "一次", "submission_key": "1"}
    client = api(seed.liaison)
    first = client.post(_url(measure), payload, format="json")
    again = client.post(_url(measure), payload, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert ProgressEntry.objects.filter(measure=measure).count() == 1
    # Another user choosing the same key gets their own entry, not the liaison's.
    other = api(seed.clerk).post(_url(measure), payload | {"text": "另一条"}, format="json")
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]


def test_list_read_correct_and_add_evidence(seed, users, api):
    measure = _fresh(seed, users)
    entry = progress_create(
        measure=measure, happened_on=dt.date(2023, 2, 1), text="初稿", reporter=seed.liaison, files=[_pdf()]
    )
    client = api(seed.clerk)
    listed = client.get(_url(measure)).json()
    assert [e["id"] for e in listed["results"]] == [entry.pk]

    response = client.patch(
        f"/api/v1/progress/{entry.pk}/",
        {"text": "更正后的表述", "files": [_pdf("补充.pdf")], "version": entry.version},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["text"] == "更正后的表述" and body["happened_on"] == "2023-02-01"
    assert [e["name"] for e in body["evidence"]] == ["佐证.pdf", "补充.pdf"]
    assert client.get(f"/api/v1/progress/{entry.pk}/").json() == body

    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.patch(
        f"/api/v1/progress/{entry.pk}/", {"happened_on": tomorrow, "version": body["version"]}, format="json"
    )
    assert response.status_code == 422 and "happened_on" in response.json()["errors"]


def test_delete_progress(seed, users, api):
    measure = _fresh(seed, users)
    entry = progress_create(
        measure=measure, happened_on=dt.date(2023, 2, 1), text="误报", reporter=seed.clerk
    )
    client = api(seed.clerk)
    assert client.delete(f"/api/v1/progress/{entry.pk}/").status_code == 204
    assert client.get(f"/api/v1/progress/{entry.pk}/").status_code == 404
    assert ProgressEntry.objects.get(pk=entry.pk).deleted_at is not None


def test_delete_progress_used_for_a_close_out_is_a_conflict(seed, api):
    entry = seed.measure(3, 2).progress.get()
    response = api(seed.liaison).delete(f"/api/v1/progress/{entry.pk}/")
    assert response.status_code == 409 and detail(response) == "该进展的佐证材料已用于销号,不能删除。"


def test_evidence_download(seed, api):
    evidence = Evidence.objects.get(entry__measure=seed.measure(3, 2))
    client = api(seed.clerk)
    client.credentials(
        HTTP_AUTHORIZATION=client._credentials["HTTP_AUTHORIZATION"], HTTP_ACCEPT="application/pdf"
    )
    response = client.get(f"/api/v1/evidence/{evidence.pk}/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == evidence.sha256
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "text/plain"
    assert api(seed.outsider).get(f"/api/v1/evidence/{evidence.pk}/").status_code == 404
    missing = api(seed.clerk).get("/api/v1/evidence/999999/")
    assert missing.status_code == 404 and missing.json() == {"detail": "未找到。", "errors": {}}


def test_evidence_of_a_deleted_entry_is_gone(seed, users, api):
    measure = _fresh(seed, users)
    entry = progress_create(
        measure=measure, happened_on=dt.date(2023, 2, 1), text="误报", reporter=seed.clerk, files=[_pdf()]
    )
    evidence = entry.evidence.get()
    client = api(seed.clerk)
    assert client.get(f"/api/v1/evidence/{evidence.pk}/").status_code == 200
    assert client.delete(f"/api/v1/progress/{entry.pk}/").status_code == 204
    assert client.get(f"/api/v1/evidence/{evidence.pk}/").status_code == 404
