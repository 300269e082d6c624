"""Deleting (to the recycle bin) problems, measures and progress, and when it is refused."""

import datetime as dt
from collections.abc import Iterable
from typing import NoReturn

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.core.errors import ServiceError
from zhenggai.core.types import Actor
from zhenggai.ledger.models import (
    Measure,
    Problem,
    ProgressEntry,
)
from zhenggai.ledger.problem_status import problem_refresh_status
from zhenggai.ledger.services.base import measure_refuse_if_frozen
from zhenggai.ledger.services.progress import measure_touch_progress
from zhenggai.ledger.trail import (
    MEASURE_FIELDS,
    PROBLEM_FIELDS,
    PROGRESS_FIELDS,
    AuditAction,
    diff,
    record,
    snapshot,
)
from zhenggai.ledger.workflow import FROZEN_STATES, frozen_message, measure_is_frozen


def measure_deletable(measure: Measure) -> bool:
    """Whether ``measure_delete`` would delete it: not once its 销号 has been applied for (pages
    offer the button only then)."""
    return not measure_is_frozen(measure)


def problem_deletable(problem: Problem) -> bool:
    """Whether ``problem_delete`` would delete it: no measure of it frozen, no look-back recorded."""
    return not (
        problem.measures.live().filter(status__in=FROZEN_STATES).exists()
        or problem.reviews.exclude(outcome="pending").exists()
    )


_Deletable = Problem | Measure | ProgressEntry


def _refuse_deletion(*, obj: models.Model, actor: Actor, message: str) -> NoReturn:
    """Record the attempt in its own transaction (it must survive the refusal), then refuse."""
    with transaction.atomic():
        record(actor=actor, action=AuditAction.DELETE_ATTEMPT, obj=obj, reason=str(message))
    raise ServiceError(message, code="delete_locked")


def _soft_delete(obj: _Deletable, actor: Actor, fields: Iterable[str], at: dt.datetime | None = None) -> None:
    before = snapshot(obj, fields)
    obj.deleted_at = at or timezone.now()
    obj.save(update_fields=["deleted_at", "updated_at"])
    record(actor=actor, action=AuditAction.DELETE, obj=obj, changes=diff(before, snapshot(obj, fields)))


def measure_delete(*, measure: Measure, actor: Actor = None) -> Measure:
    with transaction.atomic():
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        deletable = measure_deletable(current)
        if deletable:
            _soft_delete(measure, actor, MEASURE_FIELDS)
            problem_refresh_status(measure.problem)
    if not deletable:
        _refuse_deletion(
            obj=measure,
            actor=actor,
            message=_("该措施状态为“%(status)s”,不能删除;如需调整请先退回。")
            % {"status": current.get_status_display()},
        )
    return measure


def problem_delete(*, problem: Problem, actor: Actor = None) -> Problem:
    """Soft-delete the problem and its live measures, all at the same instant: the recycle bin
    restores together what was deleted together."""
    if not problem_deletable(problem):
        _refuse_deletion(
            obj=problem, actor=actor, message=_("该问题已有申请销号或已销号的措施(或回头看记录),不能删除。")
        )
    with transaction.atomic():
        at = timezone.now()
        for measure in problem.measures.live():
            _soft_delete(measure, actor, MEASURE_FIELDS, at=at)
        problem.reviews.filter(outcome="pending").delete()
        _soft_delete(problem, actor, PROBLEM_FIELDS, at=at)
    return problem


def progress_delete(*, entry: ProgressEntry, actor: Actor = None) -> ProgressEntry:
    if measure_is_frozen(entry.measure):
        message = (
            _("该进展的佐证材料已用于销号,不能删除。")
            if entry.evidence.exists()
            else frozen_message(entry.measure)
        )
        _refuse_deletion(obj=entry, actor=actor, message=message)
    with transaction.atomic():
        measure_refuse_if_frozen(entry.measure)  # (a submission under way meanwhile)
        _soft_delete(entry, actor, PROGRESS_FIELDS)
        measure_touch_progress(entry.measure)
    return entry
