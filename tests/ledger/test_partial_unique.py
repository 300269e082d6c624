"""The partial unique constraints hold on every database: on PostgreSQL and SQLite as the
constraints themselves, on MySQL/MariaDB as the generated columns and unique indexes of
zhenggai.core.partial_unique. Rows are written with the ORM's plain save, which does not validate
constraints, so the database is what refuses."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from zhenggai.ledger.models import LookBackReview, Problem, ProgressEntry, ReviewOutcome

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 3, 1)


def _refused(save) -> str:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        save()
    return str(caught.value)


def _copy(problem: Problem) -> Problem:
    problem.pk = problem.id = None
    problem._state.adding = True
    return problem


def test_a_live_problem_number_is_unique_in_its_inspection_but_a_deleted_one_frees_it(seed):
    original = seed.problem(1)
    message = _refused(lambda: _copy(seed.problem(1)).save())
    if connection.vendor == "mysql":
        assert "problem_unique_number_in_inspection" in message
    Problem.objects.filter(pk=original.pk).update(deleted_at=timezone.now())
    again = _copy(Problem.objects.get(pk=original.pk))
    again.deleted_at = None
    again.save()  # the deleted problem no longer holds number 1
    assert Problem.objects.filter(inspection=seed.inspection, number=1).count() == 2
    _refused(lambda: _copy(Problem.objects.get(pk=again.pk)).save())  # but the live one does


def test_a_submission_key_is_used_once_per_measure_and_an_empty_one_any_number_of_times(seed):
    measure = seed.measure(1, 1)

    def entry(key: str) -> ProgressEntry:
        return ProgressEntry(measure=measure, happened_on=DAY, text="按期推进", submission_key=key)

    entry("k-1").save()
    message = _refused(lambda: entry("k-1").save())
    if connection.vendor == "mysql":
        assert "progress_unique_submission" in message
    entry("").save()
    entry("").save()
    ProgressEntry(measure=seed.measure(1, 2), happened_on=DAY, text="另一项", submission_key="k-1").save()


def test_one_pending_look_back_per_problem(seed):
    problem = seed.problem(2)
    LookBackReview.objects.filter(problem=problem).delete()
    LookBackReview(problem=problem, due_on=DAY).save()
    message = _refused(lambda: LookBackReview(problem=problem, due_on=DAY).save())
    if connection.vendor == "mysql":
        assert "review_one_pending_per_problem" in message
    LookBackReview(problem=problem, due_on=DAY, outcome=ReviewOutcome.HOLDS).save()
    LookBackReview(problem=problem, due_on=DAY, outcome=ReviewOutcome.HOLDS).save()
    assert LookBackReview.objects.filter(problem=problem).count() == 3


def test_a_reminder_goes_once_a_day_to_a_person_and_once_to_a_webhook(seed):
    from zhenggai.supervision.models import ReminderKind, ReminderLog, WebhookEndpoint, WebhookKind

    kind = ReminderKind.values[0]
    ReminderLog(recipient=seed.leader, kind=kind, item_key="measure:1", sent_on=DAY).save()
    message = _refused(
        lambda: ReminderLog(recipient=seed.leader, kind=kind, item_key="measure:1", sent_on=DAY).save()
    )
    if connection.vendor == "mysql":
        assert "reminder_once_per_recipient_item_day" in message
    ReminderLog(recipient=seed.liaison, kind=kind, item_key="measure:1", sent_on=DAY).save()
    ReminderLog(
        recipient=seed.leader, kind=kind, item_key="measure:1", sent_on=DAY + dt.timedelta(days=1)
    ).save()
    endpoint = WebhookEndpoint.objects.create(
        unit=seed.unit, kind=WebhookKind.values[0], url="https://hooks.example/zg"
    )
    ReminderLog(endpoint=endpoint, kind=kind, item_key="measure:1", sent_on=DAY).save()
    _refused(lambda: ReminderLog(endpoint=endpoint, kind=kind, item_key="measure:1", sent_on=DAY).save())
