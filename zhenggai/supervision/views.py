"""Supervision pages: the notification list, and 督办 (list, issue, read, answer). Thin views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenggai.core.errors import ServiceError
from zhenggai.core.forms import form_add_service_error
from zhenggai.core.query import query_page
from zhenggai.ledger.permissions import get_problem_for_user
from zhenggai.supervision.forms import AnswerForm, NoticeForm, PreferenceForm
from zhenggai.supervision.models import DigestChoice, NotificationPreference
from zhenggai.supervision.permissions import (
    can_answer_notice,
    can_issue_notice,
    get_notice_for_user,
    get_notification_for_user,
    visible_notices,
    visible_notifications,
)
from zhenggai.supervision.services import (
    notice_answer,
    notice_issue,
    notification_mark_read,
    notification_preference_set,
    notifications_mark_all_read,
)

PAGE_SIZE = 30


@login_required
def notifications(request):
    rows = visible_notifications(request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, PAGE_SIZE).get_page(query_page(request.GET))
    return render(
        request,
        "supervision/notifications.html",
        {"page": page, "unread_only": unread_only},
    )


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_notification_for_user(request.user, pk)
    notification_mark_read(notification=notification, user=request.user)
    target = notification.url if request.POST.get("open") else request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("supervision_notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("已将%(count)s条通知标为已读。") % {"count": count})
    return redirect("supervision_notifications")


@login_required
def preferences(request):
    current = (
        NotificationPreference.objects.filter(user=request.user).values_list("digest", flat=True).first()
        or DigestChoice.IMMEDIATELY
    )
    form = PreferenceForm(request.POST or None, initial={"digest": current})
    if request.method == "POST" and form.is_valid():
        try:
            notification_preference_set(user=request.user, digest=form.cleaned_data["digest"])
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("已保存通知设置。"))
            return redirect("supervision_preferences")
    return render(
        request, "supervision/preferences.html", {"form": form, "has_email": bool(request.user.email)}
    )


@login_required
def notices(request):
    rows = visible_notices(request.user).select_related(
        "problem__inspection__unit", "problem__inspection__round", "issued_by", "answered_by"
    )
    status = request.GET.get("status", "")
    if status == "open":
        rows = rows.filter(answered_on__isnull=True)
    elif status == "answered":
        rows = rows.filter(answered_on__isnull=False)
    page = Paginator(rows.order_by("-issued_on", "-pk"), PAGE_SIZE).get_page(query_page(request.GET))
    return render(
        request,
        "supervision/notices.html",
        {"page": page, "status": status, "today": timezone.localdate()},
    )


@login_required
def notice_new(request, problem_pk):
    problem = get_problem_for_user(request.user, problem_pk)
    if not can_issue_notice(request.user, problem):
        raise PermissionDenied
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = notice_issue(problem=problem, issued_by=request.user, **form.cleaned_data)
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("已发出督办,被督办单位将收到通知。"))
            return redirect("supervision_notice", pk=notice.pk)
    return render(request, "supervision/notice_form.html", {"form": form, "problem": problem})


def _notice_page(request, notice, form=None, status=200):
    may_answer = notice.is_open and can_answer_notice(request.user, notice)
    context = {
        "notice": notice,
        "problem": notice.problem,
        "answer_form": (form or AnswerForm()) if may_answer else None,
        "today": timezone.localdate(),
    }
    return render(request, "supervision/notice_detail.html", context, status=status)


@login_required
def notice_detail(request, pk):
    return _notice_page(request, get_notice_for_user(request.user, pk))


@login_required
@require_POST
def notice_answer_view(request, pk):
    notice = get_notice_for_user(request.user, pk)
    if not can_answer_notice(request.user, notice):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            notice_answer(notice=notice, answered_by=request.user, answer=form.cleaned_data["answer"])
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("已答复督办。"))
            return redirect("supervision_notice", pk=notice.pk)
    return _notice_page(request, notice, form)
