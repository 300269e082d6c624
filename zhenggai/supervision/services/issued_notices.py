"""督办通知: issued to a unit, answered by it, and who may answer."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.accounts.models import Membership, Role
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record, diff, snapshot
from zhenggai.core.chinese import cn_date
from zhenggai.core.errors import ServiceError
from zhenggai.core.types import Viewer
from zhenggai.ledger.models import Problem
from zhenggai.supervision.models import (
    Notification,
    NotificationKind,
    SupervisionNotice,
)
from zhenggai.supervision.permissions import can_answer_notice, can_issue_notice
from zhenggai.supervision.recipients import ancestor_paths


def _notify(user_ids: Iterable[int], *, title: str, body: str, url: str) -> None:
    Notification.objects.bulk_create(
        Notification(user_id=pk, kind=NotificationKind.NOTICE, title=title[:200], body=body, url=url)
        for pk in sorted(set(user_ids))
    )


NOTICE_FIELDS = ("problem_id", "issued_by_id", "issued_on", "content", "answer_due")


ANSWER_FIELDS = ("answer", "answered_by_id", "answered_on")


def notice_answerers(problem: Problem) -> set[int]:
    """The unit's liaisons and first-responsible leader(s), who answer a 督办."""
    unit = problem.inspection.unit
    return set(
        Membership.objects.filter(unit__path__in=ancestor_paths(unit.path), user__is_active=True)
        .filter(role=Role.UNIT_LIAISON)
        .values_list("user_id", flat=True)
    ) | set(
        Membership.objects.filter(
            unit__path__in=ancestor_paths(unit.path),
            user__is_active=True,
            role=Role.UNIT_LEADER,
            is_first_responsible=True,
        ).values_list("user_id", flat=True)
    )


@transaction.atomic
def notice_issue(
    *, problem: Problem, issued_by: Viewer, content: str, answer_due: dt.date, on: dt.date | None = None
) -> SupervisionNotice:
    """The inspection office issues a 督办 on a problem of a unit it supervises."""
    if not can_issue_notice(issued_by, problem):
        raise ServiceError(_("只有巡察办可以对本单位的问题发出督办。"), code="forbidden_notice")
    on = on or timezone.localdate()
    errors = {}
    if not (content or "").strip():
        errors["content"] = _("请填写督办事项。")
    if answer_due is None:
        errors["answer_due"] = _("请填写答复期限。")
    elif answer_due < on:
        errors["answer_due"] = _("答复期限不能早于今天。")
    if errors:
        raise ServiceError(errors)
    notice = SupervisionNotice.objects.create(
        problem=problem, issued_by=issued_by, issued_on=on, content=content.strip(), answer_due=answer_due
    )
    _notify(
        notice_answerers(problem),
        title=f"【督办】{problem.title[:60]}",
        body=f"{notice.content}\n\n请于{cn_date(answer_due)}前答复。",
        url=notice_url(notice),
    )
    audit_record(
        actor=issued_by,
        action=AuditAction.CREATE,
        obj=notice,
        unit_path=problem.inspection.unit.path,
        problem_id=problem.pk,
        changes=diff({}, snapshot(notice, NOTICE_FIELDS)),
        reason="督办",
    )
    return notice


@transaction.atomic
def notice_answer(
    *, notice: SupervisionNotice, answered_by: Viewer, answer: str, on: dt.date | None = None
) -> SupervisionNotice:
    """The unit (its liaison or first-responsible leader) answers a 督办, once."""
    locked = (
        SupervisionNotice.objects.select_for_update()
        .select_related("problem__inspection__unit")
        .get(pk=notice.pk)
    )
    if not can_answer_notice(answered_by, locked):
        raise ServiceError(_("只有被督办单位的整改联络员或第一责任人可以答复督办。"), code="forbidden_answer")
    if locked.answered_on is not None:
        raise ServiceError(_("该督办已于%(date)s答复。") % {"date": locked.answered_on}, code="answered")
    if not (answer or "").strip():
        raise ServiceError({"answer": _("请填写答复内容。")})
    before = snapshot(locked, ANSWER_FIELDS)
    locked.answer = answer.strip()
    locked.answered_by = answered_by
    locked.answered_on = on or timezone.localdate()
    locked.save(update_fields=["answer", "answered_by", "answered_on", "updated_at"])
    problem = locked.problem
    _notify(
        {locked.issued_by_id} if locked.issued_by_id else set(),
        title=f"【督办已答复】{problem.title[:60]}",
        body=locked.answer,
        url=notice_url(locked),
    )
    audit_record(
        actor=answered_by,
        action=AuditAction.UPDATE,
        obj=locked,
        unit_path=problem.inspection.unit.path,
        problem_id=problem.pk,
        changes=diff(before, snapshot(locked, ANSWER_FIELDS)),
        reason="答复督办",
    )
    notice.refresh_from_db()
    return locked


def notice_url(notice: SupervisionNotice) -> str:
    return reverse("supervision_notice", args=[notice.pk])
