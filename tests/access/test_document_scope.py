"""Every document and export route, as every persona, read back (decision 0005).

A marker is written into the progress (and its evidence's file name) of a measure of 办公室, led by
the unit's leader: the clerk of 高新技术股 and the 班子成员 (deputy) do not see it. Each download is
opened as its format is read — DOCX ``word/document.xml``, PDF text (pypdf), HTML, XLSX cells, JSON —
and must hold the marker for the liaison and never for anyone else. Routes that compose the whole
unit's document answer the partial viewers 404, as for a missing inspection.
"""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from zhenggai.api.tokens import token_create
from zhenggai.jobs.models import Job
from zhenggai.ledger.services import progress_create
from zhenggai.notices.services import notice_create

MARKER = "ZGMARK7731"
WHOLE_LEDGER = ("xunchaban", "group3", "leader", "liaison")
PARTIAL = ("deputy", "clerk")


@pytest.fixture
def marked(seed, users):
    """The marker in 办公室's measure 1.1 (led by the leader), and a draft notice dated after it."""
    progress_create(
        measure=seed.measure(1, 1),
        happened_on=dt.date(2023, 3, 10),
        text=f"办公室专项检查{MARKER}已完成",
        files=[
            SimpleUploadedFile(
                f"{MARKER}检查记录.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
            )
        ],
        reporter=users["liaison"],
    )
    draft = notice_create(
        inspection=seed.inspection, cutoff_date=dt.date(2023, 3, 31), signed_on=dt.date(2023, 4, 1)
    )
    return draft


@pytest.fixture
def users(seed):
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.all()}


def text_of(response) -> str:
    """What a person would read in the download."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response["Content-Type"]
    if "wordprocessingml" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as docx:
            return docx.read("word/document.xml").decode("utf-8")
    if "spreadsheetml" in kind or content[:2] == b"PK":
        sheet = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(str(v) for ws in sheet for row in ws.iter_rows(values_only=True) for v in row if v)
    if kind == "application/pdf":
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if kind.startswith("application/json"):
        return json.dumps(json.loads(content), ensure_ascii=False)
    return content.decode("utf-8")


def _page(client, user, url, data=None):
    client.force_login(user)
    return client.get(url, data)


def _api(user, url, data=None):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='文档')[1]}")
    return client.get(url, data)


COMPOSED_PAGES = [
    ("report_download", "docx"),
    ("report_download", "pdf"),
    ("notice", None),
    ("notice_download", "docx"),
    ("notice_download", "html"),
    ("notice_download", "pdf"),
]


def _composed_url(name, fmt, seed, draft):
    if name == "report_download":
        return reverse(name, args=[seed.inspection.pk, fmt])
    return reverse(name, args=[draft.pk] + ([fmt] if fmt else []))


@pytest.mark.parametrize(("name", "fmt"), COMPOSED_PAGES)
def test_composed_documents_are_for_the_whole_ledger_only(client, seed, users, marked, name, fmt):
    url = _composed_url(name, fmt, seed, marked)
    liaison = _page(client, users["liaison"], url, {"date": "2023-03-31"})
    assert liaison.status_code == 200 and MARKER in text_of(liaison)
    for persona in PARTIAL + ("outsider",):
        response = _page(client, users[persona], url, {"date": "2023-03-31"})
        assert response.status_code == 404, persona
        assert MARKER not in response.content.decode("utf-8", "replace")


def test_partial_viewers_cannot_publish_a_draft(client, seed, users, marked):
    for persona in PARTIAL:
        client.force_login(users[persona])
        assert client.post(reverse("notice_publish", args=[marked.pk])).status_code == 404
    marked.refresh_from_db()
    assert marked.state == "draft"


@pytest.mark.parametrize("kind", ["notice", "report"])
def test_api_composed_documents_are_for_the_whole_ledger_only(seed, users, marked, kind):
    url = reverse(f"api:document-{kind}", args=[seed.inspection.pk])
    for persona in WHOLE_LEDGER:
        response = _api(users[persona], url, {"output": "docx", "date": "2023-04-01"})
        assert response.status_code == 200 and MARKER in text_of(response), persona
    for persona in PARTIAL:
        response = _api(users[persona], url, {"output": "docx", "date": "2023-04-01"})
        assert response.status_code == 404 and response.json()["detail"] == "未找到。", persona
    # the API's html output, the request of the attack
    html = _api(users["clerk"], url, {"output": "html", "date": "2023-04-01"}) if kind == "notice" else None
    assert html is None or html.status_code == 404


def test_a_published_notice_stays_readable_by_every_viewer(client, seed, users, marked):
    """The seed notice was published before the marker existed: its frozen text, for everyone."""
    published = seed.inspection.notices.get(state="published")
    for persona in WHOLE_LEDGER + PARTIAL:
        page = _page(client, users[persona], reverse("notice", args=[published.pk]))
        download = _page(client, users[persona], reverse("notice_download", args=[published.pk, "docx"]))
        assert page.status_code == 200 and download.status_code == 200, persona
        assert "已储备企业40家" in text_of(download) and MARKER not in text_of(download)
        api = _api(
            users[persona],
            reverse("api:document-notice", args=[seed.inspection.pk]),
            {"output": "html", "date": published.signed_on.isoformat()},
        )
        assert api.status_code == 200 and MARKER not in text_of(api), persona


def test_partial_viewers_see_published_notices_only_and_no_report_buttons(client, seed, users, marked):
    clerk = _page(client, users["clerk"], reverse("notice_list", args=[seed.inspection.pk])).content.decode()
    assert reverse("notice", args=[marked.pk]) not in clerk
    assert reverse("notice", args=[seed.inspection.notices.get(state="published").pk]) in clerk
    assert reverse("report_download", args=[seed.inspection.pk, "docx"]) not in clerk
    assert reverse("ledger_export", args=[seed.inspection.pk]) in clerk  # their own rows
    liaison = _page(
        client, users["liaison"], reverse("notice_list", args=[seed.inspection.pk])
    ).content.decode()
    assert reverse("notice", args=[marked.pk]) in liaison
    assert reverse("report_download", args=[seed.inspection.pk, "docx"]) in liaison
    ledger = _page(client, users["deputy"], reverse("inspection", args=[seed.inspection.pk])).content.decode()
    assert "2023年4月1日" not in ledger  # the draft's date is not shown as the latest notice
    detail = _api(users["clerk"], reverse("api:inspection-detail", args=[seed.inspection.pk])).json()
    assert detail["permissions"]["can_export"] is False and detail["latest_notice"]["state"] == "published"
    detail = _api(users["liaison"], reverse("api:inspection-detail", args=[seed.inspection.pk])).json()
    assert detail["permissions"]["can_export"] is True and detail["latest_notice"]["id"] == marked.pk


def _ledger_downloads(seed):
    return [
        ("page", reverse("ledger_export", args=[seed.inspection.pk]), None),
        ("api", reverse("api:document-ledger", args=[seed.inspection.pk]), {"output": "xlsx"}),
        ("api", reverse("api:inspection-export", args=[seed.inspection.pk]), None),
    ]


def test_ledger_exports_hold_only_the_viewers_rows(client, seed, users, marked):
    own = {"clerk": "建立高新技术企业储备库", "deputy": "建立高新技术企业储备库"}
    for how, url, data in _ledger_downloads(seed):
        for persona in WHOLE_LEDGER:
            response = (
                _page(client, users[persona], url, data) if how == "page" else _api(users[persona], url, data)
            )
            assert response.status_code == 200 and MARKER in text_of(response), (url, persona)
        for persona in PARTIAL:
            response = (
                _page(client, users[persona], url, data) if how == "page" else _api(users[persona], url, data)
            )
            text = text_of(response)
            assert response.status_code == 200 and MARKER not in text, (url, persona)
            assert own[persona] in text, (url, persona)  # their part is there


def test_background_export_holds_only_the_viewers_rows(
    client, seed, users, marked, settings, django_capture_on_commit_callbacks
):
    settings.ZHENGGAI_JOBS_BACKEND = "inline"
    for persona, present in (("liaison", True), ("clerk", False), ("deputy", False)):
        client.force_login(users[persona])
        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(reverse("ledger_export_job"), {"title": "台账"})
        assert started.status_code == 302
        job = Job.objects.filter(owner=users[persona]).latest("pk")
        download = client.get(reverse("job_download", args=[job.pk]))
        assert download.status_code == 200
        assert (MARKER in text_of(download)) is present, persona
