"""Recording a look-back (回头看): 巩固 closes the review; 反弹 reopens the problem for a new measure."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.core.errors import ServiceError
from zhenggai.ledger.models import LookBackReview, ReviewOutcome
from zhenggai.ledger.permissions import can_review
from zhenggai.ledger.problem_status import problem_refresh_status
from zhenggai.ledger.trail import AuditAction, record


@transaction.atomic
def review_record(
    *, review: LookBackReview, outcome: str, notes: str, reviewer, on: dt.date | None = None
) -> LookBackReview:
    locked = (
        LookBackReview.objects.select_for_update()
        .select_related("problem__inspection__unit")
        .get(pk=review.pk)
    )
    if locked.outcome != ReviewOutcome.PENDING:
        raise ServiceError(
            _("该回头看已于%(date)s记录结论,不能重复记录。") % {"date": locked.reviewed_on}, code="reviewed"
        )
    if outcome not in (ReviewOutcome.HOLDS, ReviewOutcome.RELAPSED):
        raise ServiceError({"outcome": _("请选择“巩固”或“反弹”。")}, code="outcome")
    if not can_review(reviewer, locked.problem):
        raise ServiceError(_("只有巡察办或巡察组可以记录回头看结论。"), code="forbidden_review")
    if not notes.strip():
        raise ServiceError({"notes": _("请填写检查情况。")}, code="notes_required")
    on = on or timezone.localdate()
    locked.outcome = outcome
    locked.notes = notes.strip()
    locked.reviewer = reviewer
    locked.reviewed_on = on
    locked.save(update_fields=["outcome", "notes", "reviewer", "reviewed_on"])
    problem = locked.problem
    record(
        actor=reviewer,
        action=AuditAction.REVIEW,
        obj=locked,
        changes={"outcome": [ReviewOutcome.PENDING, outcome], "reviewed_on": [None, on.isoformat()]},
        reason=locked.notes,
    )
    if outcome == ReviewOutcome.RELAPSED:
        problem.awaiting_new_measure = True
        problem.save(update_fields=["awaiting_new_measure", "updated_at"])
        problem_refresh_status(problem)
    review.refresh_from_db()
    return locked
