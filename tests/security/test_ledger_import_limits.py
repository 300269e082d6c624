"""The ledger import: a file past the upload limit is named with the limit (not "该字段是必填项。"),
and abandoned previews expire."""

import io
import os
import time

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from zhenggai.jobs.models import Job
from zhenggai.notices.import_previews import import_dir, import_previews_expire


def _workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "反馈问题", "整改措施", "整改时限"])
    ws.append([1, "制度执行不到位", "修订财务管理制度", "2023年6月30日"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _age(path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


@override_settings(EVIDENCE_MAX_BYTES=4096)
def test_a_file_past_the_upload_limit_is_named_with_the_limit(login, seed):
    big = SimpleUploadedFile("全年台账.xlsx", b"PK\x03\x04" + b"\x00" * 10_000)
    response = login(seed.liaison).post(reverse("ledger_import", args=[seed.inspection.pk]), {"file": big})
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == ["文件“全年台账.xlsx”超过上传上限4.0\xa0KB,未上传。请拆分后分批导入。"]
    assert "该字段是必填项" not in response.content.decode()


def test_a_file_under_the_limit_still_previews(login, seed, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    response = login(seed.liaison).post(
        reverse("ledger_import", args=[seed.inspection.pk]),
        {"file": SimpleUploadedFile("台账.xlsx", _workbook())},
    )
    assert response.status_code == 200 and response.context["preview"] is not None
    assert len(list(import_dir().glob("*.xlsx"))) == 1


def _upload(client, inspection) -> str:
    client.post(
        reverse("ledger_import", args=[inspection.pk]), {"file": SimpleUploadedFile("台账.xlsx", _workbook())}
    )
    return client.session[f"ledger_import_{inspection.pk}"]


def test_old_previews_are_removed_and_fresh_ones_stay(login, seed, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.ZHENGGAI_IMPORT_PREVIEW_HOURS = 24
    client = login(seed.liaison)
    old, fresh = _upload(client, seed.inspection), _upload(client, seed.inspection)
    _age(import_dir() / f"{old}.xlsx", 25)
    _age(import_dir() / f"{fresh}.xlsx", 23)
    assert import_previews_expire() == 1
    assert not (import_dir() / f"{old}.xlsx").exists() and (import_dir() / f"{fresh}.xlsx").exists()


def test_the_daily_run_and_the_command_remove_them(login, seed, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client = login(seed.liaison)
    first = _upload(client, seed.inspection)
    _age(import_dir() / f"{first}.xlsx", 30)
    out = io.StringIO()
    call_command("remind", stdout=out)
    assert not (import_dir() / f"{first}.xlsx").exists() and "过期的导入预览 1 个" in out.getvalue()
    second = _upload(client, seed.inspection)
    _age(import_dir() / f"{second}.xlsx", 30)
    out = io.StringIO()
    call_command("expire_imports", stdout=out)
    assert not (import_dir() / f"{second}.xlsx").exists() and "1" in out.getvalue()


def test_confirming_an_expired_preview_says_so(login, seed, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client = login(seed.liaison)
    token = _upload(client, seed.inspection)
    _age(import_dir() / f"{token}.xlsx", 25)
    url = reverse("ledger_import", args=[seed.inspection.pk])
    response = client.post(url, {"confirm": "1", "token": token})
    assert response.status_code == 302 and response["Location"] == url
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "导入预览已过期(超过24小时)或已使用,请重新上传。"
    ]
    assert not Job.objects.exists() and not (import_dir() / f"{token}.xlsx").exists()


def test_a_job_whose_preview_expired_fails_with_the_reason(
    seed, settings, tmp_path, django_capture_on_commit_callbacks
):
    from zhenggai.jobs.runner import job_start

    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            kind="ledger_import",
            owner=seed.liaison,
            params={"inspection_id": seed.inspection.pk, "token": "0" * 32},
            return_url="/",
        )
    job.refresh_from_db()
    assert job.state == "failed" and "导入预览已过期" in job.message
