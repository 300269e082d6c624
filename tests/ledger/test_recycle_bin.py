"""The recycle bin (回收站): soft-deleted problems, measures and progress entries, seen and restored by
those who could delete them (scoped in SQL), each restore audited; counts, statuses and the response
cache's revisions follow."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.urls import reverse

from zhenggai.audit.models import AuditEvent
from zhenggai.audit.verify import audit_verify
from zhenggai.core.errors import ServiceError
from zhenggai.ledger import counts
from zhenggai.ledger.models import InspectionTally, Measure, Problem, ProblemStatus, ProgressEntry
from zhenggai.ledger.permissions import restorable_measures, restorable_problems, restorable_progress
from zhenggai.ledger.recycle_bin import measure_restore, problem_restore, progress_restore, recycle_bin
from zhenggai.ledger.revisions import revisions
from zhenggai.ledger.services import (
    measure_create,
    measure_delete,
    problem_create,
    problem_delete,
    progress_create,
    progress_delete,
)


def _problem_with_measures(seed, title="录错的问题"):
    problem = problem_create(inspection=seed.inspection, title=title, actor=seed.liaison)
    first = measure_create(
        problem=problem,
        content="第一条措施",
        kind="deadline",
        deadline=dt.date(2023, 6, 30),
        responsible_office=seed.office("高新技术股"),
        actor=seed.liaison,
    )
    second = measure_create(problem=problem, content="第二条措施", kind="long_term", actor=seed.liaison)
    progress_create(measure=first, happened_on=dt.date(2023, 5, 1), text="已启动", reporter=seed.liaison)
    return problem, first, second


def _tally_kept(inspection):
    tally = InspectionTally.objects.get(inspection=inspection)
    return {f: getattr(tally, f) for f in counts.TALLY_FIELDS}


def _tally_counted(inspection):
    live = Problem.objects.filter(inspection=inspection, deleted_at__isnull=True)
    row = live.aggregate(
        **{f"problems_{s}": Count("pk", filter=Q(status=s)) for s in counts.PROBLEM_STATUSES},
        **{f: Sum(f) for f in counts.FIELDS},
    )
    return {f: n or 0 for f, n in row.items()}


def _problem_counts_right(problem):
    problem.refresh_from_db()
    live = Measure.objects.filter(problem=problem, deleted_at__isnull=True)
    for status in counts.STATUSES:
        assert getattr(problem, f"measures_{status}") == live.filter(status=status).count(), status


def test_restoring_a_problem_brings_back_the_measures_deleted_with_it(seed):
    problem, first, second = _problem_with_measures(seed)
    earlier = measure_create(problem=problem, content="早先删掉的措施", kind="long_term")
    measure_delete(measure=earlier, actor=seed.liaison)
    tally_before = _tally_kept(seed.inspection)
    problem_delete(problem=problem, actor=seed.liaison)
    assert _tally_kept(seed.inspection) != tally_before

    problem_restore(problem=problem, actor=seed.liaison)
    problem.refresh_from_db()
    assert problem.deleted_at is None and problem.status == ProblemStatus.IN_PROGRESS
    assert set(problem.measures.live().values_list("content", flat=True)) == {"第一条措施", "第二条措施"}
    assert Measure.objects.get(pk=earlier.pk).deleted_at is not None  # deleted on its own, stays in the bin
    assert _tally_kept(seed.inspection) == tally_before == _tally_counted(seed.inspection)
    _problem_counts_right(problem)
    events = AuditEvent.objects.filter(action="restore").order_by("pk")
    assert [(e.object_type, e.object_id) for e in events] == [
        ("ledger.problem", str(problem.pk)),
        ("ledger.measure", str(first.pk)),
        ("ledger.measure", str(second.pk)),
    ]
    assert all(e.actor_id == seed.liaison.pk and e.changes["deleted_at"][1] is None for e in events)
    assert audit_verify().ok


def test_a_measure_whose_problem_is_deleted_is_refused(seed):
    problem, first, _second = _problem_with_measures(seed)
    problem_delete(problem=problem, actor=seed.liaison)
    with pytest.raises(ServiceError, match="请先恢复问题") as refused:
        measure_restore(measure=first, actor=seed.liaison)
    assert refused.value.code == "parent_deleted"
    assert Measure.objects.get(pk=first.pk).deleted_at is not None


def test_restoring_a_measure_counts_it_and_derives_the_status_again(seed):
    problem = seed.problem(1)
    before = (problem.status, _tally_kept(seed.inspection))
    measure = measure_create(
        problem=problem, content="新措施", kind="deadline", deadline=dt.date(2023, 6, 30)
    )
    measure_delete(measure=measure, actor=seed.liaison)
    problem.refresh_from_db()
    assert (problem.status, _tally_kept(seed.inspection)) == before
    measure_restore(measure=measure, actor=seed.liaison)
    problem.refresh_from_db()
    _problem_counts_right(problem)
    assert problem.measures_not_started == 1
    assert _tally_kept(seed.inspection) == _tally_counted(seed.inspection)
    assert _tally_kept(seed.inspection)["measures_not_started"] == before[1]["measures_not_started"] + 1


def test_a_taken_number_is_replaced_by_the_next_free_one(seed):
    problem = problem_create(inspection=seed.inspection, title="先删的问题")
    number = problem.number
    problem_delete(problem=problem, actor=seed.liaison)
    taken = problem_create(inspection=seed.inspection, title="后加的问题")
    assert taken.number == number
    problem_restore(problem=problem, actor=seed.liaison)
    problem.refresh_from_db()
    assert problem.number == number + 1
    event = AuditEvent.objects.get(action="restore", object_id=str(problem.pk))
    assert event.changes["number"] == [number, number + 1]


def test_restoring_progress_puts_back_the_latest_date(seed):
    measure = seed.measure(1, 1)
    entry = progress_create(measure=measure, happened_on=dt.date.today(), text="今天的进展")
    progress_delete(entry=entry, actor=seed.liaison)
    measure.refresh_from_db()
    assert measure.last_progress_on != dt.date.today()
    progress_restore(entry=entry, actor=seed.liaison)
    measure.refresh_from_db()
    assert measure.last_progress_on == dt.date.today()
    assert ProgressEntry.objects.live().filter(pk=entry.pk).exists()
    with pytest.raises(ServiceError, match="未被删除"):
        progress_restore(entry=entry, actor=seed.liaison)


def test_an_entry_whose_measure_is_deleted_is_refused(seed):
    _problem, first, _second = _problem_with_measures(seed)
    entry = first.progress.get()
    progress_delete(entry=entry, actor=seed.liaison)
    measure_delete(measure=first, actor=seed.liaison)
    with pytest.raises(ServiceError, match="请先恢复措施"):
        progress_restore(entry=entry, actor=seed.liaison)


def test_who_sees_what_in_the_bin(seed):
    """Problems and measures: the unit's keepers. Progress: also the clerk of the office and the leader
    of the measure. The inspection office deletes nothing and sees nothing; the outsider neither."""
    problem, first, second = _problem_with_measures(seed)
    entry = first.progress.get()
    progress_delete(entry=entry, actor=seed.clerk)
    office_measure = measure_create(
        problem=seed.problem(3),
        content="股室措施",
        kind="long_term",
        responsible_office=seed.office("高新技术股"),
    )
    measure_delete(measure=office_measure, actor=seed.liaison)
    problem_delete(problem=problem, actor=seed.liaison)
    for user in (seed.liaison, seed.leader):
        assert set(restorable_problems(user)) == {problem}
        assert set(restorable_measures(user)) == {first, second, office_measure}
        assert set(restorable_progress(user)) == {entry}
    assert not restorable_problems(seed.clerk) and not restorable_measures(seed.clerk)
    assert set(restorable_progress(seed.clerk)) == {entry}
    for user in (seed.xunchaban, seed.outsider):
        assert not (restorable_problems(user) or restorable_measures(user) or restorable_progress(user))
    bin_ = recycle_bin(seed.clerk, seed.inspection)
    assert (bin_.problems, bin_.measures, [e.pk for e in bin_.progress]) == ([], [], [entry.pk])
    assert bin_.progress[0].parent_deleted  # its measure went with the problem


# Pages ----------------------------------------------------------------------------------------


def test_bin_page_lists_and_restores(login, seed):
    problem, _first, _second = _problem_with_measures(seed)
    problem_delete(problem=problem, actor=seed.liaison)
    client = login(seed.liaison)
    ledger = client.get(reverse("inspection", args=[seed.inspection.pk])).content.decode()
    url = reverse("recycle_bin", args=[seed.inspection.pk])
    assert f'href="{url}"' in ledger
    page = client.get(url).content.decode()
    assert "录错的问题" in page and f'action="{reverse("problem_restore", args=[problem.pk])}"' in page
    assert "所属问题已删除" in page  # its measures: restored with it, no button of their own
    response = client.post(reverse("problem_restore", args=[problem.pk]), follow=True)
    assert "已恢复该问题" in response.content.decode()
    assert Problem.objects.get(pk=problem.pk).deleted_at is None
    again = client.get(reverse("problem", args=[problem.pk])).content.decode()
    assert "第一条措施" in again and "第二条措施" in again
    assert "回收站是空的" in client.get(url).content.decode()


def test_bin_page_scope(login, seed):
    problem, first, _second = _problem_with_measures(seed)
    entry = first.progress.get()
    progress_delete(entry=entry, actor=seed.liaison)
    lone = measure_create(problem=seed.problem(1), content="单独删除的措施", kind="long_term")
    measure_delete(measure=lone, actor=seed.liaison)
    url = reverse("recycle_bin", args=[seed.inspection.pk])

    clerk = login(seed.clerk)
    page = clerk.get(url).content.decode()
    assert "已启动" in page and "单独删除的措施" not in page
    assert clerk.post(reverse("measure_restore", args=[lone.pk])).status_code == 404
    assert clerk.post(reverse("progress_restore", args=[entry.pk])).status_code == 302
    assert ProgressEntry.objects.get(pk=entry.pk).deleted_at is None

    problem_delete(problem=problem, actor=seed.liaison)
    outsider = login(seed.outsider)
    assert outsider.get(url).status_code == 404
    for name, pk in (("problem_restore", problem.pk), ("measure_restore", lone.pk)):
        assert outsider.post(reverse(name, args=[pk])).status_code == 404
    office = login(seed.xunchaban)
    assert office.get(url).status_code == 403
    assert office.post(reverse("problem_restore", args=[problem.pk])).status_code == 404
    ledger = office.get(reverse("inspection", args=[seed.inspection.pk])).content.decode()
    assert f'href="{url}"' not in ledger
    assert Problem.objects.get(pk=problem.pk).deleted_at is not None
    assert Measure.objects.get(pk=lone.pk).deleted_at is not None


def test_refused_restore_shows_the_reason(login, seed):
    problem, first, _second = _problem_with_measures(seed)
    problem_delete(problem=problem, actor=seed.liaison)
    client = login(seed.liaison)
    response = client.post(reverse("measure_restore", args=[first.pk]), follow=True)
    assert response.status_code == 200 and "请先恢复问题" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_restore_moves_the_revision_and_the_cached_page_shows_it(login, seed):
    measure = measure_create(problem=seed.problem(1), content="回收站里的措施", kind="long_term")
    measure_delete(measure=measure, actor=seed.liaison)
    client = login(seed.liaison)
    url = reverse("problem", args=[seed.problem(1).pk])
    shown = f'id="measure-{measure.pk}"'
    assert shown not in client.get(url).content.decode()
    before = revisions(connection, seed.inspection.pk)[0]
    client.post(reverse("measure_restore", args=[measure.pk]))
    assert revisions(connection, seed.inspection.pk)[0] > before
    assert shown in client.get(url).content.decode()
