"""The recycle bin (回收站): what was soft-deleted, listed for those who could have deleted it, and put
back. Each restore is atomic and audited (``restore``); the counts and revisions follow from the
database's triggers (a restore is an UPDATE of ``deleted_at``), the problem's status is derived again.

What was deleted together comes back together: ``problem_delete`` stamps the problem and its measures
with one instant, and restoring the problem restores the measures carrying it. A measure (or an entry)
whose problem (or measure) is still deleted is refused: restore the parent first. A restored row whose
number a live one has taken since gets the next free number (the trail shows the change).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.core.errors import ServiceError
from zhenggai.ledger.models import Measure, Problem, ProgressEntry
from zhenggai.ledger.permissions import restorable_measures, restorable_problems, restorable_progress
from zhenggai.ledger.problem_status import problem_refresh_status
from zhenggai.ledger.services import measure_refuse_if_frozen, measure_touch_progress
from zhenggai.ledger.trail import (
    MEASURE_FIELDS,
    PROBLEM_FIELDS,
    PROGRESS_FIELDS,
    AuditAction,
    diff,
    record,
    snapshot,
)
from zhenggai.ledger.workflow import measure_is_frozen


@dataclass(frozen=True)
class RecycleBin:
    problems: list[Problem]
    measures: list[Measure]
    progress: list[ProgressEntry]

    def __bool__(self) -> bool:
        return bool(self.problems or self.measures or self.progress)


def recycle_bin(user, inspection) -> RecycleBin:
    """The inspection's deleted problems, measures and progress entries the user may restore, newest
    deletion first. A row whose parent is still deleted carries ``parent_deleted``; an entry whose
    measure is frozen, ``measure_frozen`` (neither can be restored now)."""
    problems = list(restorable_problems(user).filter(inspection=inspection).order_by("-deleted_at", "-pk"))
    measures = list(
        restorable_measures(user)
        .filter(problem__inspection=inspection)
        .select_related("problem")
        .order_by("-deleted_at", "-pk")
    )
    for measure in measures:
        measure.parent_deleted = measure.problem.deleted_at is not None
    progress = list(
        restorable_progress(user)
        .filter(measure__problem__inspection=inspection)
        .select_related("measure__problem")
        .order_by("-deleted_at", "-pk")
    )
    for entry in progress:
        entry.parent_deleted = (
            entry.measure.deleted_at is not None or entry.measure.problem.deleted_at is not None
        )
        entry.measure_frozen = measure_is_frozen(entry.measure)
    return RecycleBin(problems=problems, measures=measures, progress=progress)


def _not_deleted() -> ServiceError:
    return ServiceError(_("该记录未被删除,无需恢复。"), code="not_deleted")


def _undelete(model, obj, actor, fields, **values):
    before = snapshot(obj, fields)
    model.objects.filter(pk=obj.pk).update(
        deleted_at=None, version=F("version") + 1, updated_at=timezone.now(), **values
    )
    obj.refresh_from_db()
    record(actor=actor, action=AuditAction.RESTORE, obj=obj, changes=diff(before, snapshot(obj, fields)))


def _measure_undelete(measure: Measure, actor) -> None:
    values = {}
    if measure.problem.measures.live().filter(number=measure.number).exists():
        last = measure.problem.measures.live().aggregate(last=Max("number"))["last"] or 0
        values["number"] = last + 1
    _undelete(Measure, measure, actor, MEASURE_FIELDS, **values)


@transaction.atomic
def problem_restore(*, problem: Problem, actor=None) -> Problem:
    """Put the problem back, with the measures deleted with it."""
    locked = Problem.objects.select_for_update().select_related("inspection__unit").get(pk=problem.pk)
    if locked.deleted_at is None:
        raise _not_deleted()
    deleted_at = locked.deleted_at
    live = Problem.objects.live().filter(inspection_id=locked.inspection_id)
    values = {}
    if live.filter(number=locked.number).exists():
        values["number"] = (live.aggregate(last=Max("number"))["last"] or 0) + 1
    _undelete(Problem, locked, actor, PROBLEM_FIELDS, **values)
    for measure in locked.measures.filter(deleted_at=deleted_at).order_by("number"):
        _measure_undelete(measure, actor)
    problem_refresh_status(locked)
    problem.refresh_from_db()
    return problem


@transaction.atomic
def measure_restore(*, measure: Measure, actor=None) -> Measure:
    locked = (
        Measure.objects.select_for_update().select_related("problem__inspection__unit").get(pk=measure.pk)
    )
    if locked.deleted_at is None:
        raise _not_deleted()
    if locked.problem.deleted_at is not None:
        raise ServiceError(
            _("该措施所属的问题已删除:请先恢复问题“%(title)s”(与它一同删除的措施随之恢复)。")
            % {"title": locked.problem.title},
            code="parent_deleted",
        )
    _measure_undelete(locked, actor)
    problem_refresh_status(locked.problem)
    measure.refresh_from_db()
    return measure


@transaction.atomic
def progress_restore(*, entry: ProgressEntry, actor=None) -> ProgressEntry:
    locked = (
        ProgressEntry.objects.select_for_update()
        .select_related("measure__problem__inspection__unit")
        .get(pk=entry.pk)
    )
    if locked.deleted_at is None:
        raise _not_deleted()
    measure = locked.measure
    if measure.deleted_at is not None or measure.problem.deleted_at is not None:
        raise ServiceError(
            _("该进展所属的措施已删除:请先恢复措施“%(content)s”。") % {"content": measure.content[:40]},
            code="parent_deleted",
        )
    measure_refuse_if_frozen(measure)  # an entry back under a measure being judged would change it
    _undelete(ProgressEntry, locked, actor, PROGRESS_FIELDS)
    measure_touch_progress(measure)
    entry.refresh_from_db()
    return entry
