"""The trail on the pages speaks the reader's language: labels, choice labels, names; the stored
events keep their raw keys and values."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from zhenggai.audit.labels import trail_rows
from zhenggai.audit.selectors import events_for_object, events_for_problem
from zhenggai.ledger.services import measure_create, measure_update


@pytest.fixture
def edited(seed):
    users = {u.username: u for u in get_user_model().objects.all()}
    measure = measure_create(
        problem=seed.problem(3),
        content="测试措施",
        kind="deadline",
        deadline=dt.date(2031, 12, 31),
        responsible_office=seed.office("高新技术股"),
        actor=seed.liaison,
    )
    measure_update(
        measure=measure,
        expected_version=1,
        actor=seed.liaison,
        kind="immediate",
        responsible_office=seed.office("办公室"),
        person_user=users["clerk"],
    )
    return measure


def _changes(row):
    return {c.name: (c.label, c.before, c.after) for c in row.changes}


def test_fields_choices_and_foreign_keys_read_as_words(seed, edited):
    row = trail_rows(events_for_object(edited).select_related("actor"))[-1]
    changes = _changes(row)
    assert changes["kind"] == ("整改类型", "限期整改", "立行立改")
    assert changes["responsible_office_id"] == ("责任股室", "高新技术股", "办公室")
    assert changes["person_user_id"] == ("责任人账号", "—", "高新技术股经办人")
    assert row.actor == "整改联络员"


def test_the_stored_event_is_unchanged(seed, edited):
    event = events_for_object(edited).last()
    assert event.changes["kind"] == ["deadline", "immediate"]
    assert event.changes["responsible_office_id"] == [seed.office("高新技术股").pk, seed.office("办公室").pk]


def test_in_english_the_labels_are_english(seed, edited):
    with translation.override("en"):
        changes = _changes(trail_rows(events_for_object(edited))[-1])
    assert changes["kind"][0] != "整改类型" and changes["kind"][2] != "立行立改"
    assert changes["kind"][0].isascii() and changes["kind"][2].isascii()


def test_the_problem_page_shows_words_not_keys(login, seed, edited):
    page = login(seed.liaison).get(reverse("problem", args=[edited.problem_id])).content.decode()
    assert "<strong>整改类型</strong>: 限期整改 → 立行立改" in page
    assert "<strong>责任股室</strong>: 高新技术股 → 办公室" in page
    assert "<code>kind</code>" not in page and "immediate" not in page


def test_names_cost_one_query_per_related_model(seed, edited, django_assert_max_num_queries):
    events = list(events_for_problem(edited.problem_id).select_related("actor"))
    assert len(events) > 3
    # Offices, users (the 责任领导/责任人 accounts): one query each, however many events.
    with django_assert_max_num_queries(3):
        trail_rows(events)


def test_an_unknown_key_shows_as_is(seed, edited):
    event = events_for_object(edited).last()
    event.changes = {"something_new": [1, 2]}
    row = trail_rows([event])[0]
    assert _changes(row) == {"something_new": ("something_new", "1", "2")}
