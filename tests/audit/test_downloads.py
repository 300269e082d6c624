"""Each download or export of a notice, a report or a ledger is one event of the trail."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from zhenggai.api.tokens import token_create
from zhenggai.audit.models import AuditEvent
from zhenggai.audit.verify import audit_verify
from zhenggai.jobs.models import Job


def _events():
    return AuditEvent.objects.filter(reason="下载/导出")


def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='导出')[1]}")
    return client


@pytest.mark.parametrize(
    ("route", "kind", "fmt"),
    [
        ("report_download", "report", "docx"),
        ("closeout_download", "closeout", "pdf"),
        ("notice_download", "notice", "html"),
        ("ledger_export", "ledger", "xlsx"),
        ("api:inspection-export", "ledger", "json"),
        ("api:document-notice", "notice", "docx"),
        ("api:document-report", "report", "docx"),
        ("api:document-closeout", "closeout", "docx"),
        ("api:document-ledger", "ledger", "xlsx"),
    ],
)
def test_one_download_is_one_event(client, seed, route, kind, fmt):
    inspection = seed.inspection
    if route in ("report_download", "closeout_download"):
        url = reverse(route, args=[inspection.pk, fmt])
    elif route == "notice_download":
        url = reverse(route, args=[inspection.notices.get().pk, fmt])
    elif route == "ledger_export" or route == "api:inspection-export":
        url = reverse(route, args=[inspection.pk])
    else:
        url = reverse(route, args=[inspection.pk])
    api = _api(seed.liaison)  # (creating the token is an event of its own)
    before = AuditEvent.objects.count()
    if route.startswith("api:"):
        response = api.get(url, {"output": fmt} if kind != "ledger" or fmt == "xlsx" else None)
    else:
        client.force_login(seed.liaison)
        response = client.get(url)
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    event = _events().get()
    assert event.actor_id == seed.liaison.pk and event.action == "export"
    assert event.changes["export"] == {"kind": kind, "format": fmt, "inspection": inspection.pk}
    assert event.unit_path == inspection.unit.path
    assert audit_verify().ok


def test_pages_and_refused_downloads_record_nothing(client, seed):
    client.force_login(seed.liaison)
    client.get(reverse("notice_list", args=[seed.inspection.pk]))
    client.get(reverse("notice", args=[seed.inspection.notices.get().pk]))
    client.force_login(seed.clerk)
    assert client.get(reverse("report_download", args=[seed.inspection.pk, "docx"])).status_code == 404
    assert not _events().exists()


def test_an_export_jobs_download_is_recorded_with_its_scope(
    client, seed, settings, django_capture_on_commit_callbacks
):
    settings.ZHENGGAI_JOBS_BACKEND = "inline"
    client.force_login(seed.xunchaban)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ledger_export_job"), {"round": seed.inspection.round_id, "title": "二轮台账"})
    job = Job.objects.get()
    assert not _events().exists()  # writing the file in the background takes nothing out
    for _ in range(2):
        assert client.get(reverse("job_download", args=[job.pk])).status_code == 200
    events = list(_events())
    assert len(events) == 2 and events[0].object_type == "jobs.job" and events[0].object_id == str(job.pk)
    assert events[0].changes["export"] == {
        "kind": "ledger",
        "format": "xlsx",
        "scope": {"round_id": seed.inspection.round_id},
    }
    assert audit_verify().ok


def test_a_dated_notice_download_names_its_inspection(seed):
    response = _api(seed.leader).get(
        reverse("api:document-notice", args=[seed.inspection.pk]),
        {"output": "html", "date": dt.date(2023, 3, 29).isoformat()},
    )
    assert response.status_code == 200
    assert _events().get().changes["export"]["inspection"] == seed.inspection.pk
