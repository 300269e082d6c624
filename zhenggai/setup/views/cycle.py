"""Rounds, groups, inspections and their feedback problems (the inspection office's pages)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenggai.core.errors import ServiceError
from zhenggai.core.forms import form_add_service_error
from zhenggai.ledger.models import Problem
from zhenggai.setup import permissions, services
from zhenggai.setup.forms import FeedbackForm, GroupForm, InspectionForm, RoundForm
from zhenggai.setup.services.feedback import FeedbackPreview, parse_problem_list, problems_from_xlsx
from zhenggai.setup.views._common import attempt, setup_view

cycle_view = setup_view(permissions.may_set_up_cycle)

_ROUND_INITIAL = ("name", "year", "term", "number", "kind", "topic")


@cycle_view
def round_new(request):
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        committee = data.pop("committee")
        round_ = attempt(form, lambda: services.round_save(actor=request.user, committee=committee, **data))
        if round_:
            messages.success(request, _("已创建巡察轮次。"))
            return redirect("setup:round", pk=round_.pk)
    return render(request, "setup/round_form.html", {"form": form})


@cycle_view
def round_detail(request, pk):
    round_ = permissions.get_round(request.user, pk)
    initial = {name: getattr(round_, name) for name in _ROUND_INITIAL}
    form = RoundForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: services.round_save(actor=request.user, round=round_, **form.cleaned_data))
    ):
        messages.success(request, _("已保存。"))
        return redirect("setup:round", pk=round_.pk)
    context = {
        "round": round_,
        "form": form,
        "groups": round_.groups.prefetch_related("members__user"),
        "inspections": round_.inspections.select_related("group", "unit").order_by("unit__sort_order", "pk"),
    }
    return render(request, "setup/round_detail.html", context)


def _group_form(request, round_, group=None):
    initial = {}
    if group is not None:
        members = [m.user for m in group.members.select_related("user")]
        leader = next((m.user for m in group.members.select_related("user") if m.is_leader), None)
        initial = {"name": group.name, "number": group.number, "leader": leader, "members": members}
    form = GroupForm(request.POST or None, committee=round_.committee, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        saved = attempt(
            form,
            lambda: services.group_save(
                actor=request.user,
                round=round_,
                group=group,
                leader=data.pop("leader"),
                members=data.pop("members"),
                **data,
            ),
        )
        if saved:
            messages.success(request, _("已保存巡察组。"))
            return redirect("setup:round", pk=round_.pk)
    return render(request, "setup/group_form.html", {"form": form, "round": round_, "group": group})


@cycle_view
def group_new(request, round_pk):
    return _group_form(request, permissions.get_round(request.user, round_pk))


@cycle_view
def group_edit(request, pk):
    group = permissions.get_group(request.user, pk)
    return _group_form(request, group.round, group)


_INSPECTION_INITIAL = ("group", "unit", "onsite_start", "onsite_end", "feedback_date", "feedback_document")


def _inspection_form(request, round_, inspection=None):
    initial = {name: getattr(inspection, name) for name in _INSPECTION_INITIAL} if inspection else {}
    form = InspectionForm(request.POST or None, round=round_, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.inspection_save(
                actor=request.user, inspection=inspection, round=round_, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, _("已保存巡察。"))
            return redirect("setup:inspection", pk=saved.pk)
    return render(
        request, "setup/inspection_form.html", {"form": form, "round": round_, "inspection": inspection}
    )


@cycle_view
def inspection_new(request, round_pk):
    return _inspection_form(request, permissions.get_round(request.user, round_pk))


@cycle_view
def inspection_edit(request, pk):
    inspection = permissions.get_inspection(request.user, pk)
    return _inspection_form(request, inspection.round, inspection)


@cycle_view
def inspection_detail(request, pk):
    """An inspection's set-up: its facts, its feedback problems (entered here), telling the unit."""
    inspection = permissions.get_inspection(request.user, pk)
    form = FeedbackForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = _feedback(request, form, inspection)
        if preview is True:
            return redirect("setup:inspection", pk=inspection.pk)
    problems = Problem.objects.live().filter(inspection=inspection).select_related("group").order_by("number")
    context = {
        "inspection": inspection,
        "form": form,
        "preview": preview,
        "problems": problems,
        "recipients": services.cycle.ledger_recipients(inspection.unit),
    }
    return render(request, "setup/inspection_detail.html", context)


def _feedback(request, form, inspection) -> FeedbackPreview | bool | None:
    """Preview what was pasted or uploaded (an upload fills the text box, to be read and edited);
    on confirmation, add it. True: added."""
    upload, text = form.cleaned_data.get("file"), form.cleaned_data.get("text", "")
    try:
        if upload:
            preview = problems_from_xlsx(upload)
            form.data = form.data.copy()
            form.data["text"] = as_list(preview)
            return preview
        if not text.strip():
            form.add_error("text", _("请填写或粘贴反馈问题，或选择表格文件。"))
            return None
        preview = parse_problem_list(text)
        if request.POST.get("confirm") and preview.problems:
            added = services.feedback_add(
                actor=request.user, inspection=inspection, problems=preview.problems
            )
            messages.success(request, _("已录入%(n)s个反馈问题。") % {"n": len(added)})
            return True
        return preview
    except ServiceError as error:
        form_add_service_error(form, error)
        return None


def as_list(preview: FeedbackPreview) -> str:
    """A spreadsheet's problems as the list the text box reads back the same way."""
    lines, group = [], ""
    for number, problem in enumerate(preview.problems, 1):
        if problem.group and problem.group != group:
            group = problem.group
            lines.append(group)
        lines.append(f"{number}.{problem.title}")
        lines.extend(problem.description.splitlines())
    return "\n".join(lines)


@cycle_view
@require_POST
def inspection_open(request, pk):
    inspection = permissions.get_inspection(request.user, pk)
    try:
        told = services.ledger_open(actor=request.user, inspection=inspection)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已通知单位（%(n)s人）：反馈问题已录入，请制定整改措施。") % {"n": told})
    return redirect("setup:inspection", pk=inspection.pk)


@cycle_view
@require_POST
def inspection_group_confirm(request, pk):
    inspection = permissions.get_inspection(request.user, pk)
    try:
        services.group_confirm(actor=request.user, inspection=inspection)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已确认巡察组：该组成员现在可以查看本单位的整改台账。"))
    return redirect("setup:inspection", pk=inspection.pk)
