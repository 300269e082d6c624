"""Creating and editing problems."""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.core.errors import ServiceError
from zhenggai.core.types import Actor
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import (
    Problem,
    ProblemGroup,
)
from zhenggai.ledger.services.base import _stale
from zhenggai.ledger.trail import (
    PROBLEM_FIELDS,
    AuditAction,
    diff,
    record,
    record_created,
    snapshot,
)


def problem_create(
    *,
    inspection: Inspection,
    title: str,
    number: int | None = None,
    description: str = "",
    category: str = "",
    lead_leader: str = "",
    group: ProblemGroup | None = None,
    actor: Actor = None,
) -> Problem:
    title = title.strip()
    if not title:
        raise ServiceError(_("请填写反馈问题。"), code="problem_title")
    if number is None:
        last = Problem.objects.live().filter(inspection=inspection).order_by("-number").first()
        number = (last.number if last else 0) + 1
    with transaction.atomic():
        problem = Problem.objects.create(
            inspection=inspection,
            number=number,
            title=title,
            description=description,
            category=category,
            lead_leader=lead_leader,
            group=group,
        )
        record_created(actor=actor, obj=problem, fields=PROBLEM_FIELDS)
    return problem


PROBLEM_EDITABLE_FIELDS = ("title", "description", "category", "lead_leader")


@transaction.atomic
def problem_update(
    *, problem: Problem, expected_version: int, actor: Actor = None, **changes: Any
) -> Problem:
    """Save edits only if nobody saved the problem since ``expected_version`` was read."""
    unknown = set(changes) - set(PROBLEM_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "title" in changes and not str(changes["title"]).strip():
        raise ServiceError({"title": _("请填写反馈问题。")}, code="problem_title")
    before = snapshot(Problem.objects.get(pk=problem.pk), PROBLEM_FIELDS)
    values = {name: value.strip() if isinstance(value, str) else value for name, value in changes.items()}
    updated = Problem.objects.filter(pk=problem.pk, version=expected_version, deleted_at__isnull=True).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated == 0:
        raise _stale("problem")
    problem.refresh_from_db()
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=problem,
        changes=diff(before, snapshot(problem, PROBLEM_FIELDS)),
    )
    return problem
