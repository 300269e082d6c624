"""Applying a workflow move to a measure: check, then execute, then record. Pages and API call this."""

import datetime as dt
from typing import Any, cast

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.accounts.models import Membership, Role
from zhenggai.accounts.scope import memberships_of
from zhenggai.core.errors import ServiceError
from zhenggai.core.types import Viewer
from zhenggai.ledger.models import Evidence, Measure, MeasureTransition
from zhenggai.ledger.services import measure_set_status
from zhenggai.ledger.signals import measure_transitioned
from zhenggai.ledger.trail import AuditAction, record
from zhenggai.ledger.workflow import MOVES_BY_NAME, Move, moves_from


def user_memberships(user: Viewer) -> list[Membership]:
    """The user's memberships as ``roles_for_measure`` reads them: read once for a page of measures
    (the request's own, when the scope has read them already)."""
    return memberships_of(user)


def roles_for_measure(
    user: Viewer, measure: Measure, memberships: list[Membership] | None = None
) -> set[str]:
    """The roles the user holds *for this measure's unit* (or office, or supervising committee)."""
    if user.is_superuser:
        return set(Role.values)
    unit = measure.problem.inspection.unit
    roles: set[str] = set()
    for membership in user_memberships(user) if memberships is None else memberships:
        m_unit = membership.unit
        if membership.role == Role.INSPECTION_OFFICE:
            scope_root = m_unit.parent or m_unit
            if unit.path.startswith(scope_root.path):
                roles.add(Role.INSPECTION_OFFICE)
        elif membership.role == Role.UNIT_LIAISON or (
            membership.role == Role.UNIT_LEADER and membership.is_first_responsible
        ):
            if unit.path.startswith(m_unit.path):
                roles.add(membership.role)
        elif membership.role == Role.UNIT_LEADER:
            # 班子成员: acts as leader for the measures they lead.
            if measure.leader_user_id == user.pk and unit.path.startswith(m_unit.path):
                roles.add(Role.UNIT_LEADER)
        elif membership.role == Role.OFFICE_CLERK:
            office = measure.responsible_office
            if office is not None and office.path.startswith(m_unit.path):
                roles.add(Role.OFFICE_CLERK)
    return roles


_UNREAD = object()


def applicant_id(measure: Measure) -> int | None:
    """Who applied for the measure's current 销号: the actor of its latest 申请销号. A page that
    lists measures sets ``measure.applicant_id_cache`` (from the transitions it prefetched) so that
    this is not a query per measure."""
    cached = getattr(measure, "applicant_id_cache", _UNREAD)
    if cached is not _UNREAD:
        return cast(int | None, cached)
    return (
        MeasureTransition.objects.filter(measure_id=measure.pk, move="submit")
        .order_by("-at", "-pk")
        .values_list("actor_id", flat=True)
        .first()
    )


def applied_by(user: Viewer, measure: Measure) -> bool:
    """Separation of duties: the applicant does not judge their own application, whatever roles
    they hold (a superuser included)."""
    return user.pk is not None and applicant_id(measure) == user.pk


def allowed_moves(user: Viewer, measure: Measure, memberships: list[Membership] | None = None) -> list[Move]:
    roles = roles_for_measure(user, measure, memberships)
    moves = [move for move in moves_from(measure.status, measure.kind) if move.roles & roles]
    if any(move.decides for move in moves) and applied_by(user, measure):
        moves = [move for move in moves if not move.decides]
    return moves


def evidence_snapshot(measure: Measure) -> list[dict[str, Any]]:
    """The measure's evidence as an application rests on it (see ``MeasureTransition.evidence``)."""
    return [
        {"id": pk, "name": name, "size": size, "sha256": sha256}
        for pk, name, size, sha256 in Evidence.objects.filter(
            entry__measure=measure, entry__deleted_at__isnull=True
        )
        .order_by("entry__happened_on", "entry_id", "pk")
        .values_list("pk", "original_name", "size", "sha256")
    ]


@transaction.atomic
def measure_transition(
    *, measure: Measure, move_name: str, actor: Viewer, reason: str = "", on: dt.date | None = None
) -> MeasureTransition:
    locked = (
        Measure.objects.select_for_update().select_related("problem__inspection__unit").get(pk=measure.pk)
    )
    move = MOVES_BY_NAME.get(move_name)
    if move is None:
        raise ServiceError(_("未知的操作。"), code="unknown_move")
    if move.source != locked.status or move not in moves_from(locked.status, locked.kind):
        raise ServiceError(
            _("该措施当前状态为“%(status)s”,不能执行“%(move)s”。")
            % {"status": locked.get_status_display(), "move": move.label},
            code="bad_move",
        )
    if not (move.roles & roles_for_measure(actor, locked)):
        raise ServiceError(_("您没有权限执行“%(move)s”。") % {"move": move.label}, code="forbidden_move")
    if move.decides and applied_by(actor, locked):
        raise ServiceError(
            _("您是该措施销号的申请人,不能同时“%(move)s”:申请、审核、审批须由不同的人办理。")
            % {"move": move.label},
            code="own_application",
        )
    reason = (reason or "").strip()
    if move.needs_reason and not reason:
        raise ServiceError(
            {"reason": _("请填写%(what)s。") % {"what": move.opinion_label}}, code="reason_required"
        )
    evidence = evidence_snapshot(locked) if move.needs_evidence else []
    if move.needs_evidence and not evidence:
        raise ServiceError(_("申请销号前请至少上传一份佐证材料。"), code="evidence_required")
    today = on or timezone.localdate()
    source = locked.status
    measure_set_status(measure=locked, status=move.target, on=today)
    transition = MeasureTransition.objects.create(
        measure=locked,
        move=move.name,
        source=source,
        target=move.target,
        actor=actor,
        at=timezone.now(),
        effective_on=today,
        reason=reason,
        evidence=evidence,
    )
    record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [source, move.target]},
        reason=f"{move.name}: {transition.reason}" if transition.reason else move.name,
    )
    # Tell the next people in the chain (in-app now, mail and robots after commit): supervision
    # builds on the ledger and listens (``zhenggai.ledger.signals``).
    measure_transitioned.send(sender=Measure, transition=transition, measure=locked, move=move)
    measure.refresh_from_db()
    return transition


def status_since_rebuild() -> int:
    """Set every moved measure's ``status_since`` from its latest transition, for rows written in
    bulk without the service (the synthetic generator); ``measure_set_status`` keeps it otherwise."""
    latest = MeasureTransition.objects.filter(measure=OuterRef("pk")).order_by("-at", "-pk")
    return Measure.objects.filter(Exists(latest)).update(
        status_since=Subquery(latest.values("effective_on")[:1])
    )
