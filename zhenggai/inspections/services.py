"""Writes for rounds, groups, inspections, plans and meetings; each is recorded in the audit trail."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from zhenggai.accounts.models import Unit
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record, diff, snapshot
from zhenggai.core.types import Actor
from zhenggai.inspections.models import (
    Inspection,
    InspectionGroup,
    InspectionGroupMember,
    LeadingGroupMember,
    Meeting,
    RectificationPlan,
    Round,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _created(obj: models.Model, *, actor: Actor, unit_path: str, fields: Iterable[str]) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=obj,
        unit_path=unit_path,
        changes=diff({}, snapshot(obj, fields)),
    )


@transaction.atomic
def round_create(*, committee: Unit, name: str, actor: Actor = None, **fields: Any) -> Round:
    round_ = Round.objects.create(committee=committee, name=name, **fields)
    _created(round_, actor=actor, unit_path=committee.path, fields=("name", "committee_id", *fields))
    return round_


@transaction.atomic
def group_create(
    *, round: Round, name: str, members: Iterable["User"] = (), actor: Actor = None, **fields: Any
) -> InspectionGroup:
    group = InspectionGroup.objects.create(round=round, name=name, **fields)
    _created(group, actor=actor, unit_path=round.committee.path, fields=("name", "round_id", *fields))
    for user in members:
        member = InspectionGroupMember.objects.create(group=group, user=user)
        _created(member, actor=actor, unit_path=round.committee.path, fields=("group_id", "user_id"))
    return group


_INSPECTION_FIELDS = (
    "round_id",
    "group_id",
    "unit_id",
    "onsite_start",
    "onsite_end",
    "feedback_date",
    "group_confirmed",
)


@transaction.atomic
def inspection_create(
    *, round: Round, group: InspectionGroup, unit: Unit, actor: Actor = None, **fields: Any
) -> Inspection:
    inspection = Inspection(round=round, group=group, unit=unit, **fields)
    inspection.full_clean(exclude=["feedback_file"])
    inspection.save()
    _created(inspection, actor=actor, unit_path=unit.path, fields=_INSPECTION_FIELDS)
    return inspection


@transaction.atomic
def plan_set(
    *,
    inspection: Inspection,
    leading_group: Iterable[tuple[str, str]] = (),
    actor: Actor = None,
    **fields: Any,
) -> RectificationPlan:
    """Create or replace the plan; ``leading_group`` is (role, position) seats in order."""
    existing = RectificationPlan.objects.filter(inspection=inspection).first()
    names = ("title", "doc_number", "issued_on", "mechanism", "requirements")
    before = snapshot(existing, names) if existing else {}
    plan, _ = RectificationPlan.objects.update_or_create(inspection=inspection, defaults=fields)
    seats = list(leading_group)
    if seats:
        plan.leading_group.all().delete()
        LeadingGroupMember.objects.bulk_create(
            LeadingGroupMember(plan=plan, role=role, position=position, sort_order=i)
            for i, (role, position) in enumerate(seats)
        )
    after = snapshot(plan, names)
    if seats:
        after["leading_group"] = [list(seat) for seat in seats]
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if existing else AuditAction.CREATE,
        obj=plan,
        unit_path=inspection.unit.path,
        changes=diff(before, after),
    )
    return plan


@transaction.atomic
def meeting_add(*, inspection: Inspection, actor: Actor = None, **fields: Any) -> Meeting:
    meeting = Meeting.objects.create(inspection=inspection, **fields)
    _created(
        meeting, actor=actor, unit_path=inspection.unit.path, fields=("held_on", "kind", "title", "decisions")
    )
    return meeting
