"""Rounds, inspection groups and inspections, set up by the committee's inspection office; and the
moment the unit is told that its ledger is open."""

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.accounts.models import Membership, Role, Unit, UnitKind
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record, snapshot
from zhenggai.core.chinese import cn_date
from zhenggai.core.errors import ServiceError
from zhenggai.core.types import Actor
from zhenggai.inspections.models import Inspection, InspectionGroup, InspectionGroupMember, Round
from zhenggai.inspections.services import group_create, inspection_create, round_create
from zhenggai.ledger.models import Problem
from zhenggai.setup import permissions
from zhenggai.setup.services._audit import saved
from zhenggai.supervision.models import Notification, NotificationKind

if TYPE_CHECKING:
    from django.contrib.auth.models import User

ROUND_FIELDS = ("committee_id", "name", "term", "number", "kind", "topic", "year")
GROUP_FIELDS = ("round_id", "name", "number", "leader_name")
INSPECTION_FIELDS = (
    "round_id",
    "group_id",
    "unit_id",
    "onsite_start",
    "onsite_end",
    "feedback_date",
    "feedback_document",
)


def _require_committee(actor: Actor, committee: Unit) -> None:
    if not permissions.administered_committees(actor).filter(pk=committee.pk).exists():
        raise ServiceError(_("只有本级巡察办可以设置本级的巡察轮次。"), code="forbidden_setup")


@transaction.atomic
def round_save(
    *, actor: Actor, committee: Unit | None = None, round: Round | None = None, **fields: Any
) -> Round:
    """A new round of ``committee``, or changes to ``round`` (its committee stays)."""
    if round is None:
        if committee is None:
            raise ServiceError({"committee": [_("请选择巡察主体。")]}, code="committee")
        _require_committee(actor, committee)
        if Round.objects.filter(committee=committee, name=fields.get("name", "")).exists():
            raise ServiceError({"name": [_("本级已有同名的巡察轮次。")]}, code="duplicate_round")
        return round_create(committee=committee, actor=actor, **fields)
    _require_committee(actor, round.committee)
    before = snapshot(round, ROUND_FIELDS)
    for name, value in fields.items():
        setattr(round, name, value)
    if Round.objects.filter(committee=round.committee, name=round.name).exclude(pk=round.pk).exists():
        raise ServiceError({"name": [_("本级已有同名的巡察轮次。")]}, code="duplicate_round")
    round.save()
    saved(round, before=before, fields=ROUND_FIELDS, actor=actor, unit_path=round.committee.path)
    return round


def group_candidates(committee: Unit) -> "QuerySet[User]":
    """Who may serve on the committee's inspection groups: the people of its inspection office
    (staff, and the cadres it holds for its groups)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__unit__kind=UnitKind.INSPECTION_OFFICE,
            memberships__unit__path__startswith=committee.path,
        )
        .distinct()
        .order_by("first_name", "username")
    )


def _check_members(committee: Unit, users: Iterable["User"]) -> list["User"]:
    users = list(dict.fromkeys(users))
    allowed = set(
        group_candidates(committee).filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True)
    )
    strangers = [u for u in users if u.pk not in allowed]
    if strangers:
        names = "、".join(u.get_full_name() or u.username for u in strangers)
        raise ServiceError(
            {"members": [_("%(names)s不是本级巡察办的人员，不能编入巡察组。") % {"names": names}]},
            code="member_outside",
        )
    return users


def _office_of(committee: Unit) -> Unit | None:
    return Unit.objects.filter(parent=committee, kind=UnitKind.INSPECTION_OFFICE).order_by("pk").first()


@transaction.atomic
def group_save(
    *,
    actor: Actor,
    round: Round | None = None,
    group: InspectionGroup | None = None,
    leader: "User | None" = None,
    members: Iterable["User"] | None = None,
    **fields: Any,
) -> InspectionGroup:
    """A new group of ``round`` or changes to ``group``. ``leader`` is one of the members (added if
    not); ``members`` (None: unchanged) replaces the membership. Members see the inspections of their
    group (``Role.INSPECTION_GROUP`` at the committee's office, granted here when missing)."""
    round_ = round if group is None else group.round
    if round_ is None:
        raise ServiceError({"round": [_("请选择巡察轮次。")]}, code="round")
    committee = round_.committee
    _require_committee(actor, committee)
    chosen = None if members is None else list(members)
    if leader is not None:
        chosen = [leader, *(chosen if chosen is not None else _members_of(group))]
    if chosen is not None:
        chosen = _check_members(committee, chosen)
    if leader is not None:
        fields["leader_name"] = leader.get_full_name() or leader.username
    name = fields.get("name", group.name if group else "")
    taken = InspectionGroup.objects.filter(round=round_, name=name)
    if (taken.exclude(pk=group.pk) if group else taken).exists():
        raise ServiceError({"name": [_("本轮已有同名的巡察组。")]}, code="duplicate_group")
    if group is None:
        group = group_create(round=round_, actor=actor, **fields)
    else:
        before = snapshot(group, GROUP_FIELDS)
        for key, value in fields.items():
            setattr(group, key, value)
        group.save()
        saved(group, before=before, fields=GROUP_FIELDS, actor=actor, unit_path=committee.path)
    if chosen is not None:
        _set_members(group, chosen, leader, actor=actor)
    return group


def _members_of(group: InspectionGroup | None) -> list["User"]:
    if group is None:
        return []
    return [m.user for m in group.members.select_related("user")]


def _set_members(group: InspectionGroup, users: list["User"], leader: "User | None", *, actor: Actor) -> None:
    committee = group.round.committee
    current = {m.user_id: m for m in group.members.all()}
    wanted = {u.pk for u in users}
    for user_id, member in current.items():
        if user_id not in wanted:
            audit_record(
                actor=actor,
                action=AuditAction.DELETE,
                obj=member,
                unit_path=committee.path,
                changes={"group_id": [group.pk, None], "user_id": [user_id, None]},
            )
            member.delete()
    office = _office_of(committee)
    for user in users:
        is_leader = leader is not None and user.pk == leader.pk
        found = current.get(user.pk)
        if found is None:
            member = InspectionGroupMember.objects.create(group=group, user=user, is_leader=is_leader)
            saved(member, before=None, fields=("group_id", "user_id", "is_leader"), actor=actor,
                  unit_path=committee.path)  # fmt: skip
        elif leader is not None and found.is_leader != is_leader:
            before = snapshot(found, ("is_leader",))
            found.is_leader = is_leader
            found.save(update_fields=["is_leader"])
            saved(found, before=before, fields=("is_leader",), actor=actor, unit_path=committee.path)
        if (
            office is not None
            and not Membership.objects.filter(user=user, role=Role.INSPECTION_GROUP).exists()
        ):
            grant = Membership.objects.create(user=user, unit=office, role=Role.INSPECTION_GROUP)
            saved(
                grant, before=None, fields=("user_id", "unit_id", "role"), actor=actor, unit_path=office.path
            )


def _check_inspection(round_: Round, group: InspectionGroup, unit: Unit) -> None:
    errors: dict[str, list[str]] = {}
    if group.round_id != round_.pk:
        errors["group"] = [_("巡察组不属于这一轮巡察。")]
    if unit.kind != UnitKind.UNIT or not unit.path.startswith(round_.committee.path):
        errors["unit"] = [_("被巡察单位须是本级党委管辖的单位。")]
    if errors:
        raise ServiceError(errors, code="inspection_invalid")


@transaction.atomic
def inspection_save(
    *,
    actor: Actor,
    inspection: Inspection | None = None,
    round: Round | None = None,
    group: InspectionGroup | None = None,
    unit: Unit | None = None,
    **fields: Any,
) -> Inspection:
    """A new inspection (a group inspecting a unit in a round) or changes to one."""
    round_ = round or (inspection.round if inspection else None)
    group = group or (inspection.group if inspection else None)
    unit = unit or (inspection.unit if inspection else None)
    if round_ is None or group is None or unit is None:
        raise ServiceError(_("请选择轮次、巡察组和被巡察单位。"), code="inspection_invalid")
    _require_committee(actor, round_.committee)
    _check_inspection(round_, group, unit)
    if inspection is not None and inspection.unit_id != unit.pk and inspection.problems.exists():
        raise ServiceError({"unit": [_("已录入反馈问题的巡察不能改换被巡察单位。")]}, code="unit_fixed")
    taken = Inspection.objects.filter(round=round_, unit=unit)
    if (taken.exclude(pk=inspection.pk) if inspection else taken).exists():
        raise ServiceError({"unit": [_("该单位在本轮已有一次巡察。")]}, code="duplicate_inspection")
    if inspection is None:
        try:
            return inspection_create(round=round_, group=group, unit=unit, actor=actor, **fields)
        except IntegrityError as error:  # the same unit and round saved by someone else just now
            raise ServiceError(
                {"unit": [_("该单位在本轮已有一次巡察。")]}, code="duplicate_inspection"
            ) from error
        except ValidationError as error:  # the model's own rules (dates in order)
            if isinstance(error, ServiceError):
                raise
            raise ServiceError(error.message_dict, code="inspection_invalid") from error
    before = snapshot(inspection, INSPECTION_FIELDS)
    inspection.round, inspection.group, inspection.unit = round_, group, unit
    for key, value in fields.items():
        setattr(inspection, key, value)
    try:
        inspection.full_clean(exclude=["feedback_file"], validate_unique=False)
    except ValidationError as error:
        raise ServiceError(error.message_dict, code="inspection_invalid") from error
    inspection.save()
    saved(inspection, before=before, fields=INSPECTION_FIELDS, actor=actor, unit_path=unit.path)
    return inspection


def ledger_recipients(unit: Unit) -> list[int]:
    """Who keeps the unit's ledger and is told it is open: its liaisons and first-responsible leaders."""
    return sorted(
        set(
            Membership.objects.filter(unit=unit, user__is_active=True, role=Role.UNIT_LIAISON).values_list(
                "user_id", flat=True
            )
        )
        | set(
            Membership.objects.filter(
                unit=unit, user__is_active=True, role=Role.UNIT_LEADER, is_first_responsible=True
            ).values_list("user_id", flat=True)
        )
    )


@transaction.atomic
def ledger_open(*, actor: Actor, inspection: Inspection, on: dt.date | None = None) -> int:
    """Tell the unit that its feedback is entered and its ledger open: a notification to each of
    its liaisons and first-responsible leaders (their workbench lists the problems without
    measures). Returns how many were told; may be repeated (a liaison added later)."""
    _require_committee(actor, inspection.round.committee)
    count = Problem.objects.live().filter(inspection=inspection).count()
    if not count:
        raise ServiceError(_("还没有录入反馈问题，录入后再通知单位。"), code="no_problems")
    recipients = ledger_recipients(inspection.unit)
    if not recipients:
        raise ServiceError(
            _("该单位还没有整改联络员或主要负责人的账号：请先在“人员”中添加联络员。"), code="no_liaison"
        )
    on = on or timezone.localdate()
    unit_name = inspection.unit.short_name or inspection.unit.name
    title = _("%(round)s反馈问题已录入，请制定整改措施") % {"round": inspection.round.name}
    body = _(
        "%(group)s对%(unit)s的巡察反馈问题%(count)s项已录入整改台账（%(date)s）。"
        "请逐项制定整改措施，明确责任领导、责任股室、责任人和完成时限。"
    ) % {"group": inspection.group.name, "unit": unit_name, "count": count, "date": cn_date(on)}
    url = reverse("inspection", args=[inspection.pk])
    Notification.objects.bulk_create(
        Notification(user_id=pk, kind=NotificationKind.WORKFLOW, title=title[:200], body=body, url=url)
        for pk in recipients
    )
    first = inspection.ledger_opened_at is None
    inspection.ledger_opened_at = inspection.ledger_opened_at or timezone.now()
    inspection.save(update_fields=["ledger_opened_at"])
    audit_record(
        actor=actor,
        action=AuditAction.OTHER,
        obj=inspection,
        unit_path=inspection.unit.path,
        changes={"ledger_opened": [not first, True], "notified": [None, recipients]},
        reason=str(_("通知单位整改台账已开启")),
    )
    return len(recipients)


@transaction.atomic
def group_confirm(*, actor: Actor, inspection: Inspection) -> None:
    """The inspection office's say on an imported inspection that joined a group with members: from
    now on the group's members see the unit's ledger. Recorded in the trail."""
    _require_committee(actor, inspection.round.committee)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.group_confirmed:
        return
    inspection.group_confirmed = True
    inspection.save(update_fields=["group_confirmed", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=inspection,
        unit_path=inspection.unit.path,
        changes={"group_confirmed": [False, True]},
        reason=str(_("巡察办确认巡察组：%(group)s") % {"group": inspection.group.name}),
    )
