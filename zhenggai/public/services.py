"""Writing feedback: the public submits; the unit triages, links and answers. Every step is audited.

The audit trail is append-only, so it records what happened (status, office, problem, lengths)
but never the message or the person's contact details: those stay in the feedback row alone.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record
from zhenggai.core.errors import ServiceError
from zhenggai.core.types import Viewer
from zhenggai.ledger.models import Measure, Problem
from zhenggai.notices.models import ProgressNotice
from zhenggai.public import codes
from zhenggai.public.models import Feedback
from zhenggai.public.permissions import can_triage
from zhenggai.public.selectors import resolve_problem
from zhenggai.public.spam import duplicate_window_start, message_digest
from zhenggai.public.workflow import MOVES_BY_NAME

_REPLAYED = gettext_lazy("这份表单已经提交过,请勿重复提交。如需再提一条意见,请重新作答验证题。")


@dataclass(frozen=True)
class Submitted:
    feedback: Feedback
    code: str  # shown to the person once; only its digest is stored


@transaction.atomic
def feedback_submit(
    *,
    unit: Unit,
    notice: ProgressNotice | None,
    message: str,
    nonce: str,
    problem_label: str = "",
    anonymous: bool = False,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> Submitted:
    if anonymous:
        contact_name = contact_phone = contact_email = ""
    if Feedback.objects.filter(challenge_nonce=nonce).exists():
        raise ServiceError(_REPLAYED, code="replayed")
    digest = message_digest(message)
    if Feedback.objects.filter(message_digest=digest, created_at__gte=duplicate_window_start()).exists():
        raise ServiceError(
            _(
                "相同内容的意见已在%(hours)d小时内提交过,我们会一并处理,无需重复提交。"
                "如有新的情况,请补充具体内容后再提交;查询办理进展请使用当时获得的查询码。"
            )
            % {"hours": settings.ZHENGGAI_PUBLIC_DUPLICATE_HOURS},
            code="duplicate",
        )
    problem = resolve_problem(notice, problem_label)
    code = codes.new_code()
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                unit=unit,
                notice=notice,
                problem_label=problem_label,
                problem=problem,
                message=message,
                message_digest=digest,
                anonymous=anonymous,
                contact_name=contact_name.strip(),
                contact_phone=contact_phone.strip(),
                contact_email=contact_email.strip(),
                code_digest=codes.digest(code),
                challenge_nonce=nonce,
            )
    except IntegrityError:
        if Feedback.objects.filter(challenge_nonce=nonce).exists():  # a concurrent twin won the race
            raise ServiceError(_REPLAYED, code="replayed") from None
        raise
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=feedback,
        unit_path=unit.path,
        problem_id=problem.pk if problem else None,
        changes={
            "status": [None, feedback.status],
            "notice": [None, notice.pk if notice else None],
            "problem_label": [None, problem_label],
            "anonymous": [None, anonymous],
            "message_chars": [None, len(message)],
        },
        reason="群众意见提交",
    )
    return Submitted(feedback, code)


def offices_of(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(kind=UnitKind.OFFICE, path__startswith=unit.path).order_by(
        "path", "sort_order"
    )


@transaction.atomic
def feedback_move(
    *,
    feedback: Feedback,
    move_name: str,
    actor: Viewer,
    office: Unit | None = None,
    reason: str = "",
    reply: str = "",
    note: str = "",
) -> Feedback:
    locked = Feedback.objects.select_for_update().select_related("unit").get(pk=feedback.pk)
    move = MOVES_BY_NAME.get(move_name)
    if move is None:
        raise ServiceError(_("未知的操作。"), code="unknown_move")
    if not can_triage(actor, locked):
        raise ServiceError(_("您没有权限办理该意见。"), code="forbidden")
    if locked.status not in move.sources:
        raise ServiceError(
            _("该意见当前状态为“%(status)s”,不能执行“%(move)s”。")
            % {"status": locked.get_status_display(), "move": move.label},
            code="bad_move",
        )
    reason, reply, note = reason.strip(), reply.strip(), note.strip()
    if move.needs_office and (office is None or not offices_of(locked.unit).filter(pk=office.pk).exists()):
        raise ServiceError({"office": _("请选择本单位的承办股室。")}, code="office_required")
    if move.needs_reason and not reason:
        raise ServiceError({"reason": _("请填写不予受理的理由(将告知提出人)。")}, code="reason_required")
    if move.needs_reply and not reply:
        raise ServiceError({"reply": _("请填写答复内容(将向提出人公开)。")}, code="reply_required")

    source = locked.status
    changes: dict[str, list[Any]] = {"status": [source, move.target]}
    now = timezone.now()
    locked.status = move.target
    if locked.triaged_at is None:
        locked.triaged_at = now
    if move.needs_office and office is not None:  # checked above: needs_office has an office
        changes["transferred_to"] = [locked.transferred_to_id, office.pk]
        locked.transferred_to = office
    if move.needs_reason:
        locked.reject_reason = reason
        changes["reject_reason"] = [None, reason]
    if move.needs_reply:
        locked.reply = reply
        locked.replied_at = now
        locked.replied_by = actor
        changes["reply"] = [None, reply]
    if note:
        locked.internal_note = f"{locked.internal_note}\n{note}".strip()
    locked.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=locked,
        unit_path=locked.unit.path,
        problem_id=locked.problem_id,
        changes=changes,
        reason=f"{move.name}: {note}" if note else move.name,
    )
    return locked


@transaction.atomic
def feedback_link(
    *, feedback: Feedback, actor: Viewer, problem: Problem | None = None, measure: Measure | None = None
) -> Feedback:
    """Link the feedback to a problem or a measure of its unit (a measure implies its problem)."""
    locked = Feedback.objects.select_for_update().select_related("unit").get(pk=feedback.pk)
    if not can_triage(actor, locked):
        raise ServiceError(_("您没有权限办理该意见。"), code="forbidden")
    if measure is not None:
        problem = measure.problem
    if problem is not None and (problem.inspection.unit_id != locked.unit_id or problem.is_deleted):
        raise ServiceError(_("只能关联本单位的问题或措施。"), code="other_unit")
    if measure is not None and measure.is_deleted:
        raise ServiceError(_("只能关联本单位的问题或措施。"), code="other_unit")
    changes = {}
    if locked.problem_id != (problem.pk if problem else None):
        changes["problem"] = [locked.problem_id, problem.pk if problem else None]
    if locked.measure_id != (measure.pk if measure else None):
        changes["measure"] = [locked.measure_id, measure.pk if measure else None]
    if not changes:
        return locked
    locked.problem = problem
    locked.measure = measure
    locked.save(update_fields=["problem", "measure", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        unit_path=locked.unit.path,
        problem_id=locked.problem_id,
        changes=changes,
        reason="link",
    )
    return locked


@dataclass(frozen=True)
class Lookup:
    feedback: Feedback | None


def feedback_lookup(raw_code: str) -> Lookup:
    """The feedback for a code, or None. Same work for a forged, malformed or unknown code:
    normalise, digest, one indexed query; the check symbol is judged only afterwards."""
    code = codes.normalize(raw_code)
    found = Feedback.objects.select_related("unit", "notice").filter(code_digest=codes.digest(code)).first()
    if not codes.is_well_formed(code):
        found = None
    return Lookup(found)
