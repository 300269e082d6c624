"""Uploading a notice: pasted text, .txt, saved web page, Word; and every way an upload can be wrong."""

import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from tests.intake_ui.conftest import seed_docx, seed_html
from zhenggai.intake_ui.models import IntakeDraft

UPLOAD = reverse("intake_ui:upload")
SEED_TITLES_START = ("关于学习贯彻", "关于农业科技", "关于引导推动", "关于工作作风", "关于落实区委")


def _check_seed_draft(draft: IntakeDraft, kind: str):
    data = draft.parsed
    assert draft.source_kind == kind
    assert data["issuer"] == "中共滨州市沾化区科学技术局党组"
    assert data["round"] == "二届区委第二轮巡察" and data["group"] == "区委第三巡察组"
    assert (data["period_start"], data["period_end"], data["feedback_date"]) == (
        "2022-06-28",
        "2022-08-22",
        "2022-11-04",
    )
    assert data["plan_doc_number"] == "沾科党字〔2022〕22号"
    assert data["contact_phone"] == "0543-8192576"
    assert [p["title"][:6] for p in data["problems"]] == list(SEED_TITLES_START)
    assert sum(len(p["measures"]) for p in data["problems"]) == 12
    # every span points into the stored, normalised text
    start, end = data["spans"]["plan_doc_number"]
    assert draft.text[start:end] == "沾科党字〔2022〕22号"
    # the import's defaults are there, ready to review
    reserve = next(m for p in data["problems"] for m in p["measures"] if "储备库" in m["text"][:12])
    assert reserve["content"] == "建立高新技术企业储备库"
    assert reserve["kind"] == "deadline" and reserve["deadline"] == "2023-02-04"  # feedback + 3 months
    assert (reserve["progress_date"], reserve["precision"]) == ("2023-01-01", "month")
    assert [f["value"] for f in reserve["figures"]] == [40]


def test_paste_the_seed_notice(login, seed, seed_text):
    response = login(seed.liaison).post(UPLOAD, {"text": seed_text})
    draft = IntakeDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "intake_ui:review", args=[draft.pk]
    )
    assert draft.created_by == seed.liaison and draft.source_name == "粘贴的文字"
    _check_seed_draft(draft, "text")
    assert draft.unit == seed.unit  # the issuer names the liaison's unit
    assert [f["code"] for f in draft.findings] == ["MEASURE_NO_EVIDENCE"]


def test_upload_the_seed_as_txt_file(login, seed, seed_text):
    upload = SimpleUploadedFile("沾化区科技局通报.txt", seed_text.encode("utf-8"), content_type="text/plain")
    assert login(seed.liaison).post(UPLOAD, {"file": upload}).status_code == 302
    draft = IntakeDraft.objects.get()
    assert draft.source_name == "沾化区科技局通报.txt"
    _check_seed_draft(draft, "text")


def test_upload_a_gbk_txt_file(login, seed, seed_text):
    upload = SimpleUploadedFile("notice.txt", seed_text.encode("gb18030"))
    assert login(seed.liaison).post(UPLOAD, {"file": upload}).status_code == 302
    _check_seed_draft(IntakeDraft.objects.get(), "text")


def test_upload_the_seed_as_a_saved_web_page(login, seed, seed_text):
    upload = SimpleUploadedFile("notice.html", seed_html(seed_text).encode("utf-8"), content_type="text/html")
    assert login(seed.liaison).post(UPLOAD, {"file": upload}).status_code == 302
    draft = IntakeDraft.objects.get()
    _check_seed_draft(draft, "html")
    assert "首页" not in draft.text and "版权所有" not in draft.text and "不应出现" not in draft.text


def test_paste_page_source(login, seed, seed_text):
    assert login(seed.liaison).post(UPLOAD, {"text": seed_html(seed_text)}).status_code == 302
    _check_seed_draft(IntakeDraft.objects.get(), "html")


def test_upload_the_seed_as_docx(login, seed, seed_text, tmp_path):
    path = tmp_path / "通报.docx"
    path.write_bytes(seed_docx(seed_text))
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    assert login(seed.liaison).post(UPLOAD, {"file": upload}).status_code == 302
    _check_seed_draft(IntakeDraft.objects.get(), "docx")


def _zip_without_document() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a word file")
    return out.getvalue()


def _broken_docx(seed_text) -> bytes:
    data = bytearray(seed_docx(seed_text))
    data[len(data) // 2 : len(data) // 2 + 400] = b"\x00" * 400
    return bytes(data)


@pytest.mark.parametrize(
    "name, make, message",
    [
        ("通报.docx", lambda t: bytes(range(256)) * 40, "不是有效的 Word(.docx)文件"),
        ("通报.docx", lambda t: _zip_without_document(), "不是有效的 Word(.docx)文件"),
        ("通报.docx", _broken_docx, "Word"),
        ("通报.txt", lambda t: bytes(range(256)) * 40, "无法识别该文件的文字编码"),
        ("通报.txt", lambda t: "通报".encode() + b"\x00\x01\x02" * 50, "无法识别该文件的文字编码"),
        ("通报.txt", lambda t: b"   \n  ", "文件是空的"),
        ("setup.exe", lambda t: b"MZ\x90\x00" + b"\x00" * 200, "不支持“.exe”类型的文件"),
        ("通报.doc", lambda t: b"\xd0\xcf\x11\xe0" + b"\x00" * 200, "暂不支持旧版 Word / WPS 文件(.doc)"),
        ("通报", lambda t: t.encode(), "不支持“无扩展名”类型的文件"),
        ("big.txt", lambda t: b"a" * (6 * 1024 * 1024), "文件超过5 MB"),
    ],
)
def test_malformed_uploads_are_refused_in_chinese(login, seed, seed_text, name, make, message):
    upload = SimpleUploadedFile(name, make(seed_text))
    response = login(seed.liaison).post(UPLOAD, {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'class="field has-error"' in response.content.decode()
    assert not IntakeDraft.objects.exists()


def test_a_file_the_upload_handler_skipped_for_size(login, seed):
    # Files over the evidence limit are dropped while they stream in; the page must still say why.
    with override_settings(EVIDENCE_MAX_BYTES=1024):
        response = login(seed.liaison).post(UPLOAD, {"file": SimpleUploadedFile("big.txt", b"x" * 4096)})
    assert response.status_code == 200 and "文件超过5 MB" in response.content.decode()
    assert not IntakeDraft.objects.exists()


def test_nothing_typed_is_lost_on_an_error(login, seed):
    pasted = "中共某局党组关于巡察整改进展情况的通报\n我们写了很多字。"
    bad = SimpleUploadedFile("a.exe", b"MZ")
    response = login(seed.liaison).post(UPLOAD, {"text": pasted, "file": bad})
    page = response.content.decode()
    assert response.status_code == 200 and "请粘贴文字或上传文件,二者选一" in page
    assert "我们写了很多字。" in page


def test_empty_submission(login, seed):
    response = login(seed.liaison).post(UPLOAD, {"text": "  "})
    assert "请粘贴通报文字,或选择要上传的文件" in response.content.decode()


def test_who_may_upload(client, login, seed):
    assert client.get(UPLOAD)["Location"].startswith("/login/")
    for user in (seed.clerk,):
        assert login(user).get(UPLOAD).status_code == 403
    for user in (seed.liaison, seed.leader, seed.xunchaban, seed.outsider):
        assert login(user).get(UPLOAD).status_code == 200


def test_the_navigation_link_is_shown_to_importers_only(login, seed):
    link = f'href="{UPLOAD}"'
    assert link in login(seed.liaison).get(reverse("home"), follow=True).content.decode()
    assert link in login(seed.xunchaban).get(reverse("home"), follow=True).content.decode()
    assert link not in login(seed.clerk).get(reverse("home"), follow=True).content.decode()


def test_the_upload_page_lists_my_drafts_only(login, seed, seed_text):
    login(seed.liaison).post(UPLOAD, {"text": seed_text})
    assert "中共滨州市沾化区科学技术局党组" in login(seed.liaison).get(UPLOAD).content.decode()
    assert "中共滨州市沾化区科学技术局党组" not in login(seed.outsider).get(UPLOAD).content.decode()
