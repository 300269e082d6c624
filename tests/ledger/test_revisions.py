"""The revisions the database keeps (ledger.revisions): every table a cached response shows moves
the revision of the right inspection (or of what every page shows) on insert, update and delete,
whoever writes — here raw SQL, so no Python code path is needed for the trigger to fire. Run with
commits (PostgreSQL moves the revision when the transaction commits)."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection
from django.utils import timezone

from zhenggai.accounts.models import SupervisionPolicy, Unit
from zhenggai.audit.services import audit_record
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import ProblemGroup
from zhenggai.ledger.revisions import EVERYTHING, NOT_SHOWN, TABLES, revisions
from zhenggai.ledger.services import progress_create
from zhenggai.public.models import Feedback
from zhenggai.supervision.models import SupervisionNotice

pytestmark = pytest.mark.django_db(transaction=True)


def _revision(inspection_id: int) -> int:
    return revisions(connection, inspection_id)[0]


def test_every_table_is_watched_or_declared_not_shown():
    tables = {
        m._meta.db_table
        for m in apps.get_models()
        if m._meta.managed and (m.__module__.startswith("zhenggai.") or m is get_user_model())
    }
    assert tables - set(TABLES) - set(NOT_SHOWN) == set(), "a new table: add it to TABLES or NOT_SHOWN"
    assert set(TABLES) - tables == set() and set(NOT_SHOWN) - tables == set()
    assert not set(TABLES) & set(NOT_SHOWN)


def _rows_everywhere(seed):
    """A row in each table the seed leaves empty, so that every trigger is exercised."""
    problem = seed.problem(1)
    ProblemGroup.objects.create(inspection=seed.inspection, number=1, title="作风建设方面")
    SupervisionNotice.objects.create(
        problem=problem, issued_on=timezone.localdate(), content="请加快整改", answer_due=timezone.localdate()
    )
    Feedback.objects.create(
        unit=seed.unit, problem=problem, message="群众意见", code_digest="x" * 64, challenge_nonce="n"
    )
    SupervisionPolicy.objects.create(committee=seed.inspection.round.committee)


def _last_row(cursor, table: str) -> int:
    only = " WHERE problem_id IS NOT NULL" if table == "audit_auditevent" else ""  # events under a problem
    cursor.execute(f"SELECT MAX(id) FROM {table}{only}")
    (row,) = cursor.fetchone()
    assert row is not None, table
    return row


def _watched(table: str, seed) -> tuple[int, int]:
    """(the revision row a change to ``table`` must move, its revision now)."""
    watched = EVERYTHING if TABLES[table] == EVERYTHING else seed.inspection.pk
    return watched, revisions(connection, watched)[watched == EVERYTHING]


def test_an_update_of_any_table_moves_the_revision_of_its_inspection(seed):
    _rows_everywhere(seed)
    for table in TABLES:
        watched, before = _watched(table, seed)
        with connection.cursor() as cursor:
            row = _last_row(cursor, table)
            column = "first_name" if table == "auth_user" else "id"
            if table == "audit_auditevent":  # append-only: a new event under the problem instead
                cursor.execute(f"SELECT problem_id FROM {table} WHERE id = %s", [row])
                audit_record(
                    actor=seed.liaison, action="update", obj=seed.unit, problem_id=cursor.fetchone()[0]
                )
            else:
                cursor.execute(f"UPDATE {table} SET {column} = {column} WHERE id = %s", [row])
        assert revisions(connection, watched)[watched == EVERYTHING] > before, f"update on {table}"


# Rows others point to cannot go by themselves: their deletion is shown by their children's.
PARENTS = {
    "inspections_inspection", "inspections_rectificationplan", "ledger_problem", "ledger_measure",
    "ledger_progressentry", "notices_progressnotice", "accounts_unit", "auth_user", "inspections_round",
    "inspections_inspectiongroup",
}  # fmt: skip


def test_a_deletion_moves_the_revision_of_its_inspection(seed):
    _rows_everywhere(seed)
    kept = set()
    for table in TABLES:
        if table == "audit_auditevent":
            continue  # append-only: events are added (above), never taken away
        watched, before = _watched(table, seed)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} ORDER BY id DESC")
            candidates = [row for (row,) in cursor.fetchall()]
        for row in candidates:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {table} WHERE id = %s", [row])
            except IntegrityError:
                continue  # another row points to it
            assert revisions(connection, watched)[watched == EVERYTHING] > before, f"delete on {table}"
            break
        else:
            kept.add(table)
    assert kept <= PARENTS


def test_a_new_progress_entry_moves_the_revision_once_per_commit(seed):
    measure = seed.measure(1, 1)
    before = _revision(seed.inspection.pk)
    progress_create(
        measure=measure, reporter=seed.liaison, happened_on=timezone.localdate(), text="召开专题会议研究整改"
    )
    assert _revision(seed.inspection.pk) > before
    assert _revision(seed.inspection.pk + 1000) == 0  # another inspection's is untouched


def test_a_log_in_retires_nothing_but_a_new_name_does(seed):
    user = seed.liaison
    everything = revisions(connection, EVERYTHING)[1]
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert revisions(connection, EVERYTHING)[1] == everything
    user.first_name = "张三"
    user.save(update_fields=["first_name"])
    assert revisions(connection, EVERYTHING)[1] > everything


def test_a_new_inspection_moves_what_every_page_shows(seed):
    everything = revisions(connection, EVERYTHING)[1]
    unit = Unit.objects.create(name="区农业农村局", parent=seed.unit.parent, kind=seed.unit.kind)
    assert revisions(connection, EVERYTHING)[1] > everything
    everything = revisions(connection, EVERYTHING)[1]
    other = Inspection.objects.create(
        round=seed.inspection.round, group=seed.inspection.group, unit=unit, feedback_date=dt.date(2024, 5, 1)
    )
    assert revisions(connection, EVERYTHING)[1] > everything
    assert _revision(other.pk) >= 1


def test_confirming_an_inspections_group_moves_what_every_page_shows(seed):
    """Who sees an inspection through its group changes every member's lists (docs/intake.md)."""
    Inspection.objects.filter(pk=seed.inspection.pk).update(group_confirmed=False)
    everything = revisions(connection, EVERYTHING)[1]
    Inspection.objects.filter(pk=seed.inspection.pk).update(group_confirmed=True)
    assert revisions(connection, EVERYTHING)[1] > everything
