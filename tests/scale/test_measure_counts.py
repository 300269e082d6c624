"""Problem.measures_<status>: the database keeps them, whoever writes the measures."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, Q

from zhenggai.ledger import counts
from zhenggai.ledger.models import Measure, MeasureStatus, Problem
from zhenggai.ledger.services import measure_create, measure_delete, progress_create
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


def test_recount_and_reinstall_are_idempotent(seed):
    problem = seed.problem(3)
    Problem.objects.filter(pk=problem.pk).update(measures_closed=99)
    counts.recount(connection)
    counts.install(connection)
    counts.install(connection)
    assert _kept(problem) == _counted(problem)
    measure_create(problem=problem, content="再装", kind="long_term", actor=seed.liaison)
    assert _kept(problem) == _counted(problem)  # one trigger, not two
