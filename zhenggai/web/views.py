"""Ledger pages. Thin: load through the permission choke point, parse the form, call a service."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenggai.accounts.policy import policy_for
from zhenggai.api.models import ApiToken
from zhenggai.api.tokens import token_create, token_revoke
from zhenggai.audit.labels import trail_rows
from zhenggai.core.errors import ServiceError
from zhenggai.core.forms import form_add_service_error
from zhenggai.core.uploads import REFUSED_KEY
from zhenggai.ledger.flow import flow_of, with_transitions
from zhenggai.ledger.lights import LightDates
from zhenggai.ledger.models import Evidence
from zhenggai.ledger.permissions import (
    can_edit_plan,
    can_report_progress,
    can_review,
    can_use_recycle_bin,
    get_inspection_for_user,
    get_measure_for_user,
    get_problem_for_user,
    get_progress_for_user,
    get_review_for_user,
    visible_measures,
    visible_problems,
    visible_progress,
)
from zhenggai.ledger.reporting import long_term_label, report_cutoff
from zhenggai.ledger.response_cache import cached
from zhenggai.ledger.reviews import review_record
from zhenggai.ledger.selectors import ledger_table, problem_counts, problem_trail, timeline_rows
from zhenggai.ledger.services import (
    measure_create,
    measure_deletable,
    measure_delete,
    measure_update,
    problem_create,
    problem_deletable,
    problem_delete,
    progress_create,
    progress_delete,
    progress_update,
)
from zhenggai.ledger.transitions import allowed_moves, measure_transition, user_memberships
from zhenggai.ledger.workflow import frozen_message, measure_is_frozen
from zhenggai.notices.permissions import visible_notices
from zhenggai.web.forms import (
    LedgerFilterForm,
    MeasureForm,
    MoveForm,
    ProblemForm,
    ProgressEditForm,
    ProgressForm,
    ReviewForm,
)


def _refused_uploads(request, form) -> bool:
    """Files the upload handler skipped for size: say so on the form and save nothing."""
    refused = request.META.get(REFUSED_KEY, [])
    for name in refused:
        form.add_error(
            "files",
            _("文件“%(name)s”超过上限%(limit)s,未上传。其他填写内容已保留,请压缩或拆分后重新选择文件。")
            % {"name": name, "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
        )
    return bool(refused)


@login_required
def inspection_ledger(request, pk):
    inspection = get_inspection_for_user(request.user, pk)
    return cached(request, inspection.pk, lambda: _ledger_page(request, inspection), page=True)


def _ledger_page(request, inspection):
    form = LedgerFilterForm(request.GET or None, unit=inspection.unit)
    filters = form.cleaned_data if form.is_valid() else {}
    problems = visible_problems(request.user).filter(inspection=inspection)
    policy = policy_for(inspection.unit)
    rows = ledger_table(
        problems,
        status=filters.get("status", ""),
        kind=filters.get("kind", ""),
        office_id=filters["office"].pk if filters.get("office") else None,
        overdue=filters.get("overdue", False),
        light=filters.get("light", ""),
        dates=LightDates.on(policy=policy),
        visible_measures=visible_measures(request.user),
    )
    plan = getattr(inspection, "plan", None)
    context = {
        "inspection": inspection,
        "plan": plan,
        "leading_group": plan.leading_group.all() if plan else [],
        "meetings": inspection.meetings.all(),
        "contact": getattr(inspection.unit, "contact", None),
        "notice": visible_notices(request.user).filter(inspection=inspection).order_by("-signed_on").first(),
        "counts": problem_counts(problems),
        "problems": rows,
        "filter_form": form,
        "policy": policy,
        "filtered": bool(filters and any(filters.values())),
        "can_edit": can_edit_plan(request.user, inspection),
        "can_use_recycle_bin": can_use_recycle_bin(request.user, inspection),
    }
    return render(request, "web/inspection_ledger.html", context)


@login_required
def problem_detail(request, pk):
    problem = get_problem_for_user(request.user, pk)
    return cached(request, problem.inspection_id, lambda: _problem_page(request, problem), page=True)


def _problem_page(request, problem):
    measures = visible_measures(request.user).filter(problem=problem).select_related("responsible_office")
    policy = policy_for(problem.inspection.unit)
    cutoff = report_cutoff(policy.long_term_report_months)
    memberships = user_memberships(request.user)  # once for all the measures' moves
    # A frozen measure (its 销号 applied for or done) offers no edit, delete or new progress: only the
    # moves that take it back (退回, 重新打开) for those who may make them.
    rows = with_transitions(measures.select_related("problem__inspection__unit").order_by("number"))
    measure_rows = []
    for m in rows:
        flow = flow_of(m)  # before allowed_moves: it tells who applied (separation of duties)
        measure_rows.append(
            {
                "measure": m,
                "flow": flow,
                "moves": allowed_moves(request.user, m, memberships),
                "can_report": can_report_progress(request.user, m) and not measure_is_frozen(m),
                "frozen": measure_is_frozen(m),
                "deletable": measure_deletable(m),
                "long_term_label": long_term_label(m, cutoff),
            }
        )
    may_review = can_review(request.user, problem)
    reportable = {row["measure"].pk for row in measure_rows if row["can_report"]}
    can_edit = can_edit_plan(request.user, problem.inspection)
    context = {
        "problem": problem,
        "inspection": problem.inspection,
        "measure_rows": measure_rows,
        "timeline": timeline_rows(problem, measures),
        "reportable": reportable,
        "trail": trail_rows(problem_trail(request.user, problem)[:200]),
        "reviews": problem.reviews.select_related("reviewer"),
        "review_form": ReviewForm() if may_review else None,
        "policy": policy,
        "can_edit": can_edit,
        "can_delete_problem": can_edit and problem_deletable(problem),
    }
    return render(request, "web/problem_detail.html", context)


@login_required
def problem_new(request, inspection_pk):
    inspection = get_inspection_for_user(request.user, inspection_pk)
    if not can_edit_plan(request.user, inspection):
        raise PermissionDenied
    form = ProblemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            problem = problem_create(inspection=inspection, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("已添加反馈问题。"))
            return redirect("problem", pk=problem.pk)
    return render(request, "web/problem_form.html", {"form": form, "inspection": inspection})


@login_required
@require_POST
def problem_remove(request, pk):
    problem = get_problem_for_user(request.user, pk)
    if not can_edit_plan(request.user, problem.inspection):
        raise PermissionDenied
    try:
        problem_delete(problem=problem, actor=request.user)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("problem", pk=problem.pk)
    messages.success(request, _("已删除该问题(删除记录保留在审计日志中)。"))
    return redirect("inspection", pk=problem.inspection_id)


@login_required
@require_POST
def measure_remove(request, pk):
    measure = get_measure_for_user(request.user, pk)
    if not can_edit_plan(request.user, measure.problem.inspection):
        raise PermissionDenied
    try:
        measure_delete(measure=measure, actor=request.user)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已删除该措施(删除记录保留在审计日志中)。"))
    return redirect("problem", pk=measure.problem_id)


@login_required
@require_POST
def progress_remove(request, pk):
    entry = get_progress_for_user(request.user, pk)
    if not can_report_progress(request.user, entry.measure):
        raise PermissionDenied
    try:
        progress_delete(entry=entry, actor=request.user)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已删除该进展(删除记录保留在审计日志中)。"))
    return redirect("problem", pk=entry.measure.problem_id)


@login_required
@require_POST
def review_submit(request, pk):
    review = get_review_for_user(request.user, pk)
    if not can_review(request.user, review.problem):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择结论并填写检查情况。"))
    else:
        try:
            review_record(review=review, reviewer=request.user, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已记录回头看结论。"))
    return redirect("problem", pk=review.problem_id)


@login_required
def measure_new(request, problem_pk):
    problem = get_problem_for_user(request.user, problem_pk)
    if not can_edit_plan(request.user, problem.inspection):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, unit=problem.inspection.unit)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            measure_create(problem=problem, actor=request.user, **data)
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("已添加整改措施。"))
            return redirect("problem", pk=problem.pk)
    return render(request, "web/measure_form.html", {"form": form, "problem": problem, "measure": None})


@login_required
def measure_edit(request, pk):
    measure = get_measure_for_user(request.user, pk)
    problem = measure.problem
    if not can_edit_plan(request.user, problem.inspection):
        raise PermissionDenied
    if request.method != "POST" and measure_is_frozen(measure):
        messages.error(request, frozen_message(measure))
        return redirect("problem", pk=problem.pk)
    initial = {
        "content": measure.content,
        "kind": measure.kind,
        "deadline": measure.deadline,
        # A linked account shows in its list; the name field is for someone without one.
        "leader_user": measure.leader_user_id,
        "responsible_leader": "" if measure.leader_user_id else measure.responsible_leader,
        "responsible_office": measure.responsible_office,
        "person_user": measure.person_user_id,
        "responsible_person": "" if measure.person_user_id else measure.responsible_person,
        "completion_standard": measure.completion_standard,
        "remarks": measure.remarks or "",
        "version": measure.version,
    }
    form = MeasureForm(request.POST or None, initial=initial, unit=problem.inspection.unit)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            measure_update(measure=measure, expected_version=version, actor=request.user, **data)
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("已保存整改措施。"))
            return redirect("problem", pk=problem.pk)
    return render(request, "web/measure_form.html", {"form": form, "problem": problem, "measure": measure})


@login_required
def progress_new(request, measure_pk):
    measure = get_measure_for_user(request.user, measure_pk)
    if not can_report_progress(request.user, measure):
        raise PermissionDenied
    if request.method != "POST" and measure_is_frozen(measure):
        messages.error(request, frozen_message(measure))
        return redirect("problem", pk=measure.problem_id)
    form = ProgressForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and not _refused_uploads(request, form):
        try:
            progress_create(
                measure=measure,
                happened_on=form.cleaned_data["happened_on"],
                precision=form.cleaned_data["precision"],
                text=form.cleaned_data["text"],
                figures=form.figures(),
                files=form.cleaned_data["files"],
                reporter=request.user,
                submission_key=form.cleaned_data["submission_key"],
            )
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("已记录整改进展。"))
            return redirect("problem", pk=measure.problem_id)
    return render(request, "web/progress_form.html", {"form": form, "measure": measure, "entry": None})


@login_required
def progress_edit(request, pk):
    entry = get_progress_for_user(request.user, pk)
    measure = entry.measure
    if not can_report_progress(request.user, measure):
        raise PermissionDenied
    if request.method != "POST" and measure_is_frozen(measure):
        messages.error(request, frozen_message(measure))
        return redirect("problem", pk=measure.problem_id)
    initial = {
        "happened_on": entry.happened_on,
        "precision": entry.date_precision,
        "text": entry.text,
        "version": entry.version,
    }
    form = ProgressEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid() and not _refused_uploads(request, form):
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            progress_update(entry=entry, expected_version=version, actor=request.user, **data)
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("已保存整改进展。"))
            return redirect("problem", pk=measure.problem_id)
    return render(request, "web/progress_form.html", {"form": form, "measure": measure, "entry": entry})


@login_required
@require_POST
def measure_move(request, pk):
    measure = get_measure_for_user(request.user, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            measure_transition(
                measure=measure,
                move_name=form.cleaned_data["move"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已办理:%(status)s。") % {"status": measure.get_status_display()})
    return redirect("problem", pk=measure.problem_id)


@login_required
def evidence_download(request, pk):
    try:
        evidence = Evidence.objects.select_related("entry").get(
            pk=pk, entry__in=visible_progress(request.user)
        )
    except (Evidence.DoesNotExist, ValueError):
        raise Http404 from None
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


@login_required
def api_tokens(request):
    """Personal API tokens: create (the secret is shown once), list, revoke."""
    secret = None
    error = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            try:
                token = ApiToken.objects.get(pk=int(request.POST["revoke"]), user=request.user)
            except (ApiToken.DoesNotExist, ValueError):
                raise Http404 from None
            token_revoke(token=token, user=request.user)
            messages.success(request, _("已吊销令牌“%(name)s”。") % {"name": token.name})
            return redirect("api_tokens")
        try:
            _token, secret = token_create(user=request.user, name=request.POST.get("name", ""))
        except ServiceError as err:
            error = " ".join(err.messages)
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    context = {
        "tokens": tokens,
        "secret": secret,
        "error": error,
        "token_days": settings.ZHENGGAI_API_TOKEN_DAYS,
    }
    return render(request, "web/api_tokens.html", context)
