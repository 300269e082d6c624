"""Who sees and handles feedback inside. Scoped in SQL by unit path, as everything else (ADR 0002).

- 巡察办 sees every unit's feedback in its committee's tree (read only);
- the unit's liaison and first-responsible leader see their unit's feedback and handle it;
- a 股室经办人 sees the feedback transferred to their office (read only);
- everyone else: 404, exactly as for something that does not exist.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from zhenggai.accounts.scope import path_q, scope_for
from zhenggai.core.types import Viewer
from zhenggai.public.models import Feedback


def visible_feedback(user: Viewer) -> QuerySet[Feedback]:
    scope = scope_for(user)
    if scope.everything:
        return Feedback.objects.all()
    if scope.is_empty:
        return Feedback.objects.none()
    query: Q = path_q("unit__path", scope.ledger_prefixes)
    if scope.office_prefixes:
        query |= path_q("transferred_to__path", scope.office_prefixes)
    return Feedback.objects.filter(query)


def get_feedback_for_user(user: Viewer, pk: int | str) -> Feedback:
    try:
        return (
            visible_feedback(user)
            .select_related("unit", "notice", "problem", "measure__problem", "transferred_to", "replied_by")
            .get(pk=pk)
        )
    except (Feedback.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_triage(user: Viewer, feedback: Feedback) -> bool:
    """受理、转办、不予受理、关联、答复: the unit's liaison or first-responsible leader."""
    scope = scope_for(user)
    return scope.everything or any(feedback.unit.path.startswith(p) for p in scope.unit_prefixes)
