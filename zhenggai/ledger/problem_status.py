"""Keeping a problem's stored status in step with its measures, and scheduling its look-back."""

from django.db import transaction

from zhenggai.accounts.policy import add_months, policy_for
from zhenggai.ledger.models import LookBackReview, Problem, ProblemStatus, ReviewOutcome
from zhenggai.ledger.status import derive_problem_status


@transaction.atomic
def problem_refresh_status(problem: Problem) -> Problem:
    """Recompute the derived status from the live measures and store it (for SQL counts).

    A problem that becomes 已完成 gets a pending look-back (回头看) due ``look_back_months`` after
    its completion; a problem that is no longer completed has its pending look-back withdrawn.
    """
    pairs = list(problem.measures.live().values_list("kind", "status"))
    status = derive_problem_status(pairs, awaiting_new_measure=problem.awaiting_new_measure)
    completed_on = None
    if status == ProblemStatus.COMPLETED:
        completed_on = (
            problem.measures.live().order_by("-completed_on").values_list("completed_on", flat=True).first()
        )
    if status != problem.status or completed_on != problem.completed_on:
        problem.status = status
        problem.completed_on = completed_on
        problem.save(update_fields=["status", "completed_on", "updated_at"])
    pending = LookBackReview.objects.filter(problem=problem, outcome=ReviewOutcome.PENDING)
    if status == ProblemStatus.COMPLETED and completed_on is not None:
        due = add_months(completed_on, policy_for(problem.inspection.unit).look_back_months)
        if not pending.update(due_on=due):
            LookBackReview.objects.create(problem=problem, due_on=due)
    else:
        pending.delete()
    return problem
