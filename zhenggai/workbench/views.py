"""The workbench page (我的待办 / 已办) at ``/``, and its bulk decision of close-outs. Thin: the
selectors read, the service writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenggai.ledger.permissions import visible_inspections
from zhenggai.workbench.done import done_for
from zhenggai.workbench.forms import BulkForm
from zhenggai.workbench.selectors import tasks_for
from zhenggai.workbench.services import closeouts_decide

INSPECTIONS_SHOWN = 20


@login_required
def home(request):
    tasks = tasks_for(request.user, today=timezone.localdate())
    inspections = list(
        visible_inspections(request.user).order_by("-feedback_date", "pk")[: INSPECTIONS_SHOWN + 1]
    )
    return render(
        request,
        "workbench/home.html",
        {
            "groups": tasks.groups(),
            "total": tasks.badge,
            "done": done_for(request.user),
            "inspections": inspections[:INSPECTIONS_SHOWN],
            "more_inspections": len(inspections) > INSPECTIONS_SHOWN,
        },
    )


@login_required
@require_POST
def bulk(request):
    form = BulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("home")
    outcome = closeouts_decide(
        actor=request.user,
        move_name=form.cleaned_data["move"],
        measure_ids=form.cleaned_data["measure"],
        opinion=form.cleaned_data["opinion"],
    )
    verb = _("审核通过") if form.cleaned_data["move"] == "confirm" else _("批准销号")
    if outcome.done:
        messages.success(
            request,
            _("已%(verb)s%(n)s项:%(items)s。")
            % {"verb": verb, "n": len(outcome.done), "items": "、".join(outcome.done)},
        )
    for label, why in outcome.refused:
        messages.error(request, _("未能处理“%(item)s”:%(why)s") % {"item": label, "why": why})
    return redirect("home")
