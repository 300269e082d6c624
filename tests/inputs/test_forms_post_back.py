"""Every form of the product, posted back exactly as it was rendered: never a 5xx, and an edit form
saves the object as it was.

The pages come from the URL resolver through the permission matrix (tests/access, which fails when
a page is missing from it); each is opened as every persona who may use it, on the seed case, and
each ``<form method="post">`` on it is read with lxml (its fields with their current values, as a
browser would send them) and submitted unchanged. A form that saves nothing new (a delete, a move)
runs in a transaction that is rolled back, so every form starts from the seed.
"""

import datetime as dt
from urllib.parse import urljoin

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse

from tests.access.test_permission_matrix import MATRIX
from zhenggai.ledger.models import Measure, ProgressEntry
from zhenggai.notices.models import ProgressNotice
from zhenggai.notices.services import notice_create

PERSONAS = ("liaison", "leader", "xunchaban", "clerk", "deputy")


def post_forms_back(client, url: str) -> list[tuple[str, int]]:
    """Open ``url``, post each of its POST forms back unchanged; the (action, status) of each."""
    page = client.get(url)
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        return []
    tree = lxml.html.fromstring(page.content.decode("utf-8"))
    sent = []
    for form in tree.forms:
        if (form.method or "").lower() != "post":
            continue
        action = urljoin(url, form.get("action") or url)
        data: dict[str, list[str]] = {}
        for name, value in form.form_values():
            data.setdefault(name, []).append(value)
        cookies = {key: morsel.value for key, morsel in client.cookies.items()}
        with transaction.atomic():
            response = client.post(action, data)
            transaction.set_rollback(True)
        client.cookies.clear()  # the log-out form (on every page) must not log out the next forms
        for key, value in cookies.items():
            client.cookies[key] = value
        sent.append((action, response.status_code))
    return sent


@pytest.fixture
def users(seed):
    return {u.username: u for u in get_user_model().objects.all()}


GET_PAGES = sorted(name for name, case in MATRIX.items() if case.method == "get")


@pytest.mark.parametrize("name", GET_PAGES)
def test_every_form_posted_back_unchanged_answers_no_5xx(client, seed, users, name):
    case = MATRIX[name]
    with transaction.atomic():
        args = case.args(seed)
    url = reverse(name, args=args)
    client.raise_request_exception = False
    for persona in PERSONAS:
        if case.expected.get(persona) != "ok":
            continue  # not a page this persona may use
        client.force_login(users[persona])
        for action, status in post_forms_back(client, url):
            assert status < 500, (persona, name, action, status)


def _fields(obj) -> dict:
    obj.refresh_from_db()
    data = model_to_dict(obj)
    for volatile in ("updated_at", "version"):
        data.pop(volatile, None)
    return data


@pytest.mark.parametrize(
    ("route", "find"),
    [
        ("measure_edit", lambda s: s.measure(3, 3)),  # open: 3.2 is struck off, so frozen
        ("progress_edit", lambda s: ProgressEntry.objects.filter(measure=s.measure(3, 3)).first()),
    ],
)
def test_an_edit_form_posted_back_unchanged_saves_the_object_as_it_was(login, seed, route, find):
    obj = find(seed)
    before = _fields(obj)
    client = login(seed.liaison)
    url = reverse(route, args=[obj.pk])
    tree = lxml.html.fromstring(client.get(url).content.decode("utf-8"))
    (form,) = [f for f in tree.forms if (f.method or "").lower() == "post" and not f.get("action")]
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    response = client.post(url, data)
    assert response.status_code == 302  # saved
    assert _fields(type(obj).objects.get(pk=obj.pk)) == before
    assert Measure.objects.get(pk=seed.measure(3, 2).pk).content == seed.measure(3, 2).content


def test_a_notice_draft_posted_back_unchanged_saves(login, seed):
    notice = notice_create(
        inspection=seed.inspection, cutoff_date=dt.date(2023, 4, 30), signed_on=dt.date(2023, 4, 30)
    )
    ProgressNotice.objects.filter(pk=notice.pk).update(closing="特此通报。")  # a draft ready to save
    client = login(seed.liaison)
    client.raise_request_exception = False
    url = reverse("notice", args=[notice.pk])
    sent = post_forms_back(client, url)
    assert (f"http://testserver{url}", 302) in sent or (url, 302) in sent, sent  # the draft saved
    assert all(status < 500 for _action, status in sent), sent
