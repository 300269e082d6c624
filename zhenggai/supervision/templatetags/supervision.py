from django import template
from django.utils import timezone

from zhenggai.supervision.permissions import can_answer_for_problem, can_issue_notice

register = template.Library()


@register.inclusion_tag("supervision/_problem_notices_section.html", takes_context=True)
def problem_notices(context, problem):
    """The 督办 on a problem, for its page: who may see the problem may see its 督办."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    notices = list(
        problem.supervision_notices.select_related("issued_by", "answered_by").order_by("-issued_on", "-pk")
    )
    may_answer = any(n.is_open for n in notices) and can_answer_for_problem(user, problem)
    return {
        "show": True,
        "problem": problem,
        "notices": notices,
        "can_issue": can_issue_notice(user, problem),
        "can_answer": may_answer,
        "today": timezone.localdate(),
    }
