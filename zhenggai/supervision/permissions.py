"""Who sees and does what in supervision. Lists start from ``visible_*``; single objects are loaded
with ``get_*_for_user`` (404 for missing and forbidden alike), as in ``ledger.permissions``."""

from django.db.models import QuerySet
from django.http import Http404

from zhenggai.accounts.scope import scope_for
from zhenggai.core.types import Viewer
from zhenggai.ledger.models import Problem
from zhenggai.ledger.permissions import visible_problems
from zhenggai.supervision.models import Notification, SupervisionNotice


def visible_notices(user: Viewer) -> QuerySet[SupervisionNotice]:
    """The 督办 on the problems the user sees (the office: its committee's; a unit: its own)."""
    return SupervisionNotice.objects.filter(problem__in=visible_problems(user))


def get_notice_for_user(user: Viewer, pk: int | str) -> SupervisionNotice:
    try:
        return (
            visible_notices(user)
            .select_related(
                "problem__inspection__unit", "problem__inspection__round", "issued_by", "answered_by"
            )
            .get(pk=pk)
        )
    except (SupervisionNotice.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_issue_notice(user: Viewer, problem: Problem) -> bool:
    """Only the inspection office supervising the problem's unit issues a 督办."""
    scope = scope_for(user)
    path = problem.inspection.unit.path
    return scope.everything or any(path.startswith(p) for p in scope.supervised_prefixes)


def can_answer_notice(user: Viewer, notice: SupervisionNotice) -> bool:
    """The unit answers: its liaison or its first-responsible leader (their scope is the unit)."""
    return can_answer_for_problem(user, notice.problem)


def can_answer_for_problem(user: Viewer, problem: Problem) -> bool:
    scope = scope_for(user)
    path = problem.inspection.unit.path
    return scope.everything or any(path.startswith(p) for p in scope.unit_prefixes)


def visible_notifications(user: Viewer) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def get_notification_for_user(user: Viewer, pk: int | str) -> Notification:
    try:
        return visible_notifications(user).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
