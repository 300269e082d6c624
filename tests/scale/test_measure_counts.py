"""Problem.measures_<status> and InspectionTally: the database keeps them, whoever writes the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum

from zhenggai.ledger import counts
from zhenggai.ledger.models import InspectionTally, Measure, MeasureStatus, Problem
from zhenggai.ledger.services import (
    measure_create,
    measure_delete,
    problem_create,
    problem_delete,
    progress_create,
)
from zhenggai.ledger.transitions import measure_transition

pytestmark = pytest.mark.django_db


def _kept(problem) -> dict[str, int]:
    problem.refresh_from_db()
    return {
        s: getattr(problem, f"measures_{s}") for s in counts.STATUSES if getattr(problem, f"measures_{s}")
    }


def _counted(problem) -> dict[str, int]:
    row = Measure.objects.filter(problem=problem, deleted_at__isnull=True).aggregate(
        **{s: Count("pk", filter=Q(status=s)) for s in counts.STATUSES}
    )
    return {s: n for s, n in row.items() if n}


def _tally_kept(inspection) -> dict[str, int]:
    tally = InspectionTally.objects.filter(inspection=inspection).first()
    values = {f: getattr(tally, f) for f in counts.TALLY_FIELDS} if tally else {}
    return {f: n for f, n in values.items() if n}


def _tally_counted(inspection) -> dict[str, int]:
    live = Problem.objects.filter(inspection=inspection, deleted_at__isnull=True)
    row = live.aggregate(
        **{f"problems_{s}": Count("pk", filter=Q(status=s)) for s in counts.PROBLEM_STATUSES},
        **{f: Sum(f) for f in counts.FIELDS},
    )
    return {f: n for f, n in row.items() if n}


def test_services_keep_the_counts(seed):
    problem = seed.problem(1)
    assert _kept(problem) == _counted(problem) == {"in_progress": 1, "closed": 1}
    measure = measure_create(
        problem=problem, content="新措施", kind="deadline", deadline=dt.date(2023, 6, 30), actor=seed.liaison
    )
    assert _kept(problem) == {"not_started": 1, "in_progress": 1, "closed": 1}
    progress_create(measure=measure, happened_on=dt.date(2023, 5, 1), text="已启动", reporter=seed.liaison)
    assert _kept(problem) == {"in_progress": 2, "closed": 1}
    measure_delete(measure=measure, actor=seed.liaison)
    assert _kept(problem) == _counted(problem) == {"in_progress": 1, "closed": 1}
    assert (
        _tally_kept(seed.inspection)
        == _tally_counted(seed.inspection)
        == {
            "problems_completed": 2,
            "problems_long_term": 3,
            "measures_in_progress": 4,
            "measures_closed": 8,
        }
    )
    other = problem_create(inspection=seed.inspection, title="新问题", actor=seed.liaison)
    measure_create(problem=other, content="措施", kind="long_term", actor=seed.liaison)
    assert _tally_kept(seed.inspection) == _tally_counted(seed.inspection)
    problem_delete(problem=other, actor=seed.liaison)
    assert _tally_kept(seed.inspection) == _tally_counted(seed.inspection)


def test_transitions_and_full_saves_keep_them(seed):
    problem = seed.problem(4)
    measure = measure_create(
        problem=problem, content="审批", kind="deadline", deadline=dt.date(2023, 6, 30), actor=seed.liaison
    )
    progress_create(measure=measure, happened_on=dt.date(2023, 5, 1), text="完成", reporter=seed.liaison)
    stale = Problem.objects.get(pk=problem.pk)  # read before the move
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhenggai.ledger.services import evidence_attach

    entry = measure.progress.get()
    evidence_attach(
        entry=entry, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    )
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="完成")
    stale.title = stale.title + "(改)"
    stale.save()  # a full save of an older copy must not write old counts back
    assert _kept(problem) == _counted(problem)
    assert _kept(problem)[MeasureStatus.SUBMITTED] == 1


def test_bulk_writes_and_raw_sql_keep_them(seed):
    problem = seed.problem(2)
    Measure.objects.bulk_create(
        Measure(problem=problem, number=10 + i, content="批量", kind="long_term", status=status)
        for i, status in enumerate(["not_started", "submitted", "submitted"])
    )
    assert _kept(problem) == _counted(problem)
    Measure.objects.filter(problem=problem, status="submitted").update(status="confirmed")
    assert _kept(problem) == _counted(problem)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_measure WHERE problem_id = %s AND number >= 10", [problem.pk])
    assert _kept(problem) == _counted(problem)
    Problem.objects.bulk_create(
        [Problem(inspection=seed.inspection, number=50, title="批量问题", status="open")]
    )
    Problem.objects.filter(number=50).update(status="in_progress")
    assert _tally_kept(seed.inspection) == _tally_counted(seed.inspection)


# Transactional: on MySQL/MariaDB CREATE TRIGGER commits the test's transaction (DDL always does),
# and the seed would outlive the test.
@pytest.mark.django_db(transaction=True)
def test_recount_and_reinstall_are_idempotent(seed):
    problem = seed.problem(3)
    Problem.objects.filter(pk=problem.pk).update(measures_closed=99)
    InspectionTally.objects.all().delete()
    counts.recount(connection)
    counts.install(connection)
    counts.install(connection)
    assert _kept(problem) == _counted(problem)
    measure_create(problem=problem, content="再装", kind="long_term", actor=seed.liaison)
    assert _kept(problem) == _counted(problem)  # one trigger, not two
    assert _tally_kept(seed.inspection) == _tally_counted(seed.inspection)
