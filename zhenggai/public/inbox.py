"""Inside (signed in): the feedback a user may see, and the unit's handling of it. Thin views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenggai.audit.labels import trail_rows
from zhenggai.audit.models import AuditEvent
from zhenggai.core.errors import ServiceError
from zhenggai.core.query import query_id, query_page
from zhenggai.ledger.models import Measure, Problem
from zhenggai.public.forms import LinkForm, MoveForm
from zhenggai.public.models import OPEN_STATUSES, FeedbackStatus
from zhenggai.public.permissions import can_triage, get_feedback_for_user, visible_feedback
from zhenggai.public.selectors import feedback_counts, overdue_cutoff
from zhenggai.public.services import feedback_link, feedback_move, offices_of
from zhenggai.public.workflow import moves_from

PAGE_SIZE = 30
STATES = {
    "open": {"status__in": OPEN_STATUSES},
    "answered": {"status": FeedbackStatus.ANSWERED},
    "rejected": {"status": FeedbackStatus.REJECTED},
}


@login_required
def inbox(request):
    cutoff = overdue_cutoff()
    rows = visible_feedback(request.user).select_related("unit", "transferred_to")
    state = request.GET.get("state", "")
    if state in STATES:
        rows = rows.filter(**STATES[state])
    elif state == "overdue":
        rows = rows.filter(status__in=OPEN_STATUSES, created_at__lt=cutoff)
    else:
        state = ""
    unit = query_id(request.GET, "unit")
    if unit:  # from the dashboard's unit filter; still within the user's scope
        rows = rows.filter(unit_id=unit)
    page = Paginator(rows.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(query_page(request.GET))
    context = {
        "page": page,
        "state": state,
        "unit": unit or "",
        # the unit filter shown in the filter bar: the name of a unit the user sees, else its number
        "unit_name": _unit_name(request.user, unit) if unit else "",
        "cutoff": cutoff,
        "counts": feedback_counts(request.user),
        "open_statuses": [str(s) for s in OPEN_STATUSES],
    }
    return render(request, "public/inbox/list.html", context)


def _link_form(feedback, data=None):
    problems = Problem.objects.live().filter(inspection__unit=feedback.unit).order_by("inspection", "number")
    measures = (
        Measure.objects.live()
        .filter(problem__inspection__unit=feedback.unit, problem__deleted_at__isnull=True)
        .select_related("problem")
        .order_by("problem__inspection", "problem__number", "number")
    )
    initial = {"problem": feedback.problem_id, "measure": feedback.measure_id}
    return LinkForm(data, problems=problems, measures=measures, initial=initial)


@login_required
def inbox_detail(request, pk):
    feedback = get_feedback_for_user(request.user, pk)
    may_triage = can_triage(request.user, feedback)
    moves = moves_from(feedback.status) if may_triage else []
    offices = offices_of(feedback.unit)
    trail = trail_rows(
        AuditEvent.objects.filter(object_type="public.feedback", object_id=str(feedback.pk))
        .select_related("actor")
        .order_by("seq")
    )
    context = {
        "feedback": feedback,
        "can_triage": may_triage,
        "moves": moves,
        "offices": offices,
        "link_form": _link_form(feedback) if may_triage else None,
        "trail": trail,
        "overdue": feedback.is_open and feedback.created_at < overdue_cutoff(),
    }
    return render(request, "public/inbox/detail.html", context)


def _errors(error: ServiceError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(m for msgs in error.message_dict.values() for m in msgs)
    return " ".join(error.messages)


@login_required
@require_POST
def inbox_move(request, pk):
    feedback = get_feedback_for_user(request.user, pk)
    if not can_triage(request.user, feedback):
        raise PermissionDenied
    form = MoveForm(request.POST, offices=offices_of(feedback.unit))
    if not form.is_valid():
        messages.error(request, _("请选择要执行的操作并按要求填写。"))
        return redirect("public:inbox_detail", pk=feedback.pk)
    data = form.cleaned_data
    try:
        feedback_move(
            feedback=feedback,
            move_name=data["move"],
            actor=request.user,
            office=data["office"],
            reason=data["reason"],
            reply=data["reply"],
            note=data["note"],
        )
    except ServiceError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("已办理。"))
    return redirect("public:inbox_detail", pk=feedback.pk)


@login_required
@require_POST
def inbox_link(request, pk):
    feedback = get_feedback_for_user(request.user, pk)
    if not can_triage(request.user, feedback):
        raise PermissionDenied
    form = _link_form(feedback, request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择本单位的问题或措施。"))
        return redirect("public:inbox_detail", pk=feedback.pk)
    try:
        feedback_link(
            feedback=feedback,
            actor=request.user,
            problem=form.cleaned_data["problem"],
            measure=form.cleaned_data["measure"],
        )
    except ServiceError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("已保存关联。"))
    return redirect("public:inbox_detail", pk=feedback.pk)


def _unit_name(user, unit_id: int) -> str:
    from zhenggai.ledger.permissions import visible_inspections

    name = visible_inspections(user).filter(unit_id=unit_id).values_list("unit__name", flat=True).first()
    return name or str(unit_id)
