"""Saving a notice draft from its page: back unchanged, with edits, and from a stale page."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from zhenggai.audit.models import AuditEvent
from zhenggai.core.errors import ConcurrentEdit
from zhenggai.notices.forms import OUTLOOK_ROWS
from zhenggai.notices.services import notice_create, notice_publish, notice_update


@pytest.fixture
def draft(seed):
    return notice_create(
        inspection=seed.inspection, cutoff_date=dt.date(2023, 6, 30), signed_on=dt.date(2023, 7, 1)
    )


def form_as_shown(client, notice) -> dict:
    """The edit form's fields as the page renders them (what a browser posts back unchanged)."""
    page = client.get(reverse("notice", args=[notice.pk])).content.decode()
    form = page[page.index('<form method="post" class="form"') :]
    form = form[: form.index("</form>")]
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form):
        data[name] = value
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\s*(.*?)</textarea>', form, re.S):
        data[name] = value
    data.pop("csrfmiddlewaretoken", None)
    return {k: html.unescape(v) for k, v in data.items()}


def test_posting_the_draft_back_unchanged_saves_it(login, seed, draft):
    client = login(seed.liaison)
    data = form_as_shown(client, draft)
    assert data["version"] == "1" and data["outlook_0_heading"] == draft.outlook_items.first().heading
    response = client.post(reverse("notice", args=[draft.pk]), data)
    assert response.status_code == 302 and response["Location"] == reverse("notice", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.version == 2 and draft.outlook_items.count() == 3
    assert AuditEvent.objects.filter(action="update", object_id=str(draft.pk)).count() == 1


def test_posting_edits_saves_them(login, seed, draft):
    client = login(seed.liaison)
    data = form_as_shown(client, draft) | {
        "closing": "欢迎监督。",
        "outlook_0_heading": "坚持常态长效。",
        "outlook_3_heading": "第四项打算。",
        "outlook_3_body": "具体安排。",
    }
    response = client.post(reverse("notice", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.closing == "欢迎监督。" and draft.version == 2
    headings = [i.heading for i in draft.outlook_items.all()]
    assert headings[0] == "坚持常态长效。" and headings[-1] == "第四项打算。" and len(headings) == 4
    page = client.get(reverse("notice", args=[draft.pk])).content.decode()
    assert "第四项打算" in page and OUTLOOK_ROWS == 5


def test_two_saves_from_the_same_page_do_not_both_go_through(login, seed, draft):
    """The second save was made from the version the first one replaced: refused, typed text kept."""
    client = login(seed.liaison)
    opened = form_as_shown(client, draft)
    first = client.post(reverse("notice", args=[draft.pk]), opened | {"closing": "第一位的结束语。"})
    assert first.status_code == 302
    second = client.post(reverse("notice", args=[draft.pk]), opened | {"closing": "第二位的结束语。"})
    assert second.status_code == 200
    page = second.content.decode()
    assert "该通报草稿已被他人修改" in page and "第二位的结束语。" in page  # the typed text stays in the form
    draft.refresh_from_db()
    assert draft.closing == "第一位的结束语。" and draft.version == 2
    assert AuditEvent.objects.filter(action="update", object_id=str(draft.pk)).count() == 1


def test_the_service_refuses_a_stale_version_and_a_published_notice(seed, draft):
    notice_update(notice=draft, expected_version=1, closing="一。", actor=seed.liaison)
    with pytest.raises(ConcurrentEdit, match="已被他人修改"):
        notice_update(notice=draft, expected_version=1, closing="二。", actor=seed.liaison)
    notice_publish(notice=draft, actor=seed.leader)
    with pytest.raises(Exception, match="已公开的通报不能修改"):
        notice_update(notice=draft, expected_version=draft.version, closing="三。", actor=seed.liaison)
    draft.refresh_from_db()
    assert draft.closing == "一。"


def test_a_form_opened_before_publication_cannot_save(login, seed, draft):
    client = login(seed.liaison)
    opened = form_as_shown(client, draft)
    notice_publish(notice=draft, actor=seed.leader)
    response = client.post(reverse("notice", args=[draft.pk]), opened | {"closing": "迟到的修改。"})
    assert response.status_code == 403  # no longer editable: the page offers no form
    draft.refresh_from_db()
    assert draft.closing != "迟到的修改。"
