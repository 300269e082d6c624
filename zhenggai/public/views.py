"""The public site (no log-in): index, unit and notice pages, downloads, feedback and its look-up.

Reading pages are rendered without the request (no session, no cookie, no user), in Chinese
whatever the visitor's language cookie, and sent with ``Cache-Control: public``, an ETag and a
Last-Modified taken from the publication, so any cache in between may keep them and a revisit
costs a 304. Pages with a form (feedback, look-up) carry a CSRF token and a challenge, so they are
never cached.
"""

import functools
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from zhenggai.accounts.models import Unit
from zhenggai.core.errors import ServiceError
from zhenggai.documents.layout.html import render_article
from zhenggai.notices.models import ProgressNotice
from zhenggai.notices.render import render_document
from zhenggai.public import codes, ratelimit
from zhenggai.public.challenge import ChallengeError, challenge_check, challenge_issue
from zhenggai.public.forms import HONEYPOT, FeedbackForm, TrackForm
from zhenggai.public.models import FeedbackStatus
from zhenggai.public.selectors import (
    group_index,
    latest_notice_of,
    notice_page,
    notice_problems,
    public_index,
    unit_page,
)
from zhenggai.public.services import feedback_lookup, feedback_submit

DOWNLOADS = ("docx", "pdf")
SESSION_CODE = "public_feedback_code"


def chinese(view):
    """Public pages are Chinese, whatever the visitor's language cookie (shared caches keep one copy)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override("zh-hans"):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response["Content-Language"] = "zh-Hans"
        return response

    return wrapper


def _cacheable(request, *, etag: str, last_modified, build) -> HttpResponse:
    stamp = int(last_modified.timestamp()) if last_modified else None  # HTTP dates have whole seconds
    response = get_conditional_response(request, etag=etag, last_modified=stamp)
    if response is None:
        response = build()
    response["ETag"] = etag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    patch_cache_control(response, public=True, max_age=settings.ZHENGGAI_PUBLIC_CACHE_SECONDS)
    return response


def _page(template: str, context: dict) -> HttpResponse:
    return HttpResponse(render_to_string(template, context))


@chinese
@require_safe
def index(request):
    listing = public_index()
    return _cacheable(
        request,
        etag=listing.etag,
        last_modified=listing.last_modified,
        build=lambda: _page(
            "public/index.html",
            {"committees": group_index(listing.notices), "count": len(listing.notices)},
        ),
    )


@chinese
@require_safe
def unit(request, pk):
    page = unit_page(pk)
    return _cacheable(
        request,
        etag=page.etag,
        last_modified=page.last_modified,
        build=lambda: _page("public/unit.html", {"unit": page.unit, "notices": page.notices}),
    )


@chinese
@require_safe
def notice(request, pk):
    page = notice_page(pk)
    return _cacheable(
        request,
        etag=page.etag,
        last_modified=page.last_modified,
        build=lambda: _page(
            "public/notice.html",
            {
                "notice": page.notice,
                "unit": page.notice.unit,
                "article": render_article(page.document, inline_styles=False),
                "formats": DOWNLOADS,
            },
        ),
    )


@chinese
@require_safe
def notice_download(request, pk, fmt):
    if fmt not in DOWNLOADS:
        raise Http404
    page = notice_page(pk)
    etag = page.etag[:-1] + f"-{fmt}" + '"'

    def build():
        key = f"zhenggai.public.download:{etag}"
        stored = cache.get(key)
        if stored is None:
            stem = f"{page.notice.unit.display}整改进展情况通报-{page.notice.signed_on}"
            rendered = render_document(page.document, fmt, stem=stem)
            stored = (rendered.content, rendered.content_type, rendered.filename)
            cache.set(key, stored, 24 * 3600)
        content, content_type, filename = stored
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response

    return _cacheable(request, etag=etag, last_modified=page.last_modified, build=build)


# Feedback ---------------------------------------------------------------------------------------


def _refusal_for_limits(request, limits, messages) -> str:
    address, session = limits
    if not ratelimit.hit(address, ratelimit.address_key(request)):
        return messages[0] % {"n": address.limit}
    if not ratelimit.hit(session, ratelimit.session_key(request)):
        return messages[1] % {"n": session.limit}
    return ""


def _abuse_refusal(request) -> tuple[str, int]:
    """Rate limits (address, then session), then the honeypot: the refusal and its status, or ("", 200)."""
    refusal = _refusal_for_limits(
        request,
        ratelimit.submit_limits(),
        (
            _("提交过于频繁:同一网络地址每分钟最多提交%(n)d次。请稍候一分钟再试,您填写的内容已保留。"),
            _("提交过于频繁:同一浏览器每小时最多提交%(n)d次。请稍后再试,您填写的内容已保留。"),
        ),
    )
    if refusal:
        return refusal, 429
    if request.POST.get(HONEYPOT, "").strip():
        return (
            _(
                "提交未被接受:表单中供识别自动程序的隐藏栏目被填写了。"
                "如您是人工填写,请刷新页面后重新填写提交。"
            ),
            400,
        )
    return "", 200


class TargetFlooded(Exception):
    """More accepted submissions to this notice (or unit page) this hour than a flood guard allows."""


def _target_refusal() -> str:
    return _(
        "本页一小时内收到的意见已超过%(n)d条,为防止自动程序刷屏,暂停接收。"
        "请一小时后再提交,您填写的内容已保留;急事请使用页面上的电话或信箱。"
    ) % {"n": settings.ZHENGGAI_PUBLIC_SUBMIT_PER_TARGET_HOUR}


def _feedback(request, *, unit_pk: int, notice: ProgressNotice | None, context: dict):
    """The form (GET), or a submission (POST): limits, honeypot, challenge, the form, then the service.
    Every refusal re-renders the form with what was typed and a fresh question."""
    problems = notice_problems(notice)
    form = FeedbackForm(request.POST if request.method == "POST" else None, problems=problems)
    refusal, status, challenge_error = "", 200, ""
    if request.method == "POST":
        refusal, status = _abuse_refusal(request)
    if request.method == "POST" and not refusal:
        try:
            solved = challenge_check(
                request.POST.get("challenge_token", ""), request.POST.get("challenge_answer", "")
            )
        except ChallengeError as error:
            challenge_error, status = error.message, 400
            form.is_valid()  # show the form's own errors too
        else:
            if form.is_valid():
                data = form.cleaned_data
                # from a unit page the latest notice is named only for a problem chosen from it
                named = notice if data["problem"] or context["on_notice"] else None
                target = ratelimit.target_key(unit_pk=unit_pk, notice_pk=named.pk if named else None)
                try:
                    if not ratelimit.hit(ratelimit.target_limit(), target):
                        raise TargetFlooded
                    submitted = feedback_submit(
                        unit=Unit.objects.get(pk=unit_pk),
                        notice=named,
                        message=data["message"],
                        nonce=solved.nonce,
                        problem_label=data["problem"],
                        anonymous=data["anonymous"],
                        contact_name=data["contact_name"],
                        contact_phone=data["contact_phone"],
                        contact_email=data["contact_email"],
                    )
                except TargetFlooded:
                    refusal, status = _target_refusal(), 429
                except ServiceError as error:
                    refusal, status = " ".join(error.messages), 400
                else:
                    request.session[SESSION_CODE] = codes.display(submitted.code)
                    return redirect("public:feedback_done")
            else:
                status = 400
    context |= {
        "form": form,
        "challenge": challenge_issue(),
        "refusal": refusal,
        "challenge_error": challenge_error,
        "max_chars": settings.ZHENGGAI_PUBLIC_FEEDBACK_MAX_CHARS,
        "honeypot": HONEYPOT,
    }
    return render(request, "public/feedback_form.html", context, status=status)


@chinese
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def notice_feedback(request, pk):
    page = notice_page(pk)
    notice = ProgressNotice.objects.get(pk=page.notice.pk)
    context = {"notice": page.notice, "unit": page.notice.unit, "on_notice": True}
    return _feedback(request, unit_pk=page.notice.unit.pk, notice=notice, context=context)


@chinese
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unit_feedback(request, pk):
    page = unit_page(pk)
    context = {"notice": None, "unit": page.unit, "on_notice": False}
    return _feedback(request, unit_pk=page.unit.pk, notice=latest_notice_of(page.unit.pk), context=context)


@chinese
@never_cache
@require_safe
def feedback_done(request):
    code = request.session.pop(SESSION_CODE, "") if request.session.session_key else ""
    return render(request, "public/feedback_done.html", {"code": code})


def _public_result(feedback) -> dict:
    """The allow-list of what a code shows: no office, no person, no internal note, no contact."""
    unit = feedback.unit
    return {
        "status": feedback.public_status,
        "status_key": feedback.status,
        "submitted_on": timezone.localdate(feedback.created_at),
        "unit": unit.party_org_name or unit.name,
        "problem": feedback.problem_label,
        "message": feedback.message,
        "reply": feedback.reply if feedback.status == FeedbackStatus.ANSWERED else "",
        "replied_on": timezone.localdate(feedback.replied_at) if feedback.replied_at else None,
        "reject_reason": feedback.reject_reason if feedback.status == FeedbackStatus.REJECTED else "",
    }


@chinese
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    context = {"result": None, "not_found": False, "refusal": ""}
    status = 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        refusal = _refusal_for_limits(
            request,
            ratelimit.lookup_limits(),
            (
                _("查询过于频繁:同一网络地址每分钟最多查询%(n)d次,请稍后再试。"),
                _("查询过于频繁:同一浏览器每分钟最多查询%(n)d次,请稍后再试。"),
            ),
        )
        if refusal:
            context["refusal"] = refusal
            status = 429
        elif form.is_valid():
            found = feedback_lookup(form.cleaned_data["code"]).feedback
            if found is None:
                context["not_found"] = True
            else:
                context["result"] = _public_result(found)
        else:
            status = 400
    else:
        form = TrackForm()
    context["form"] = form
    return render(request, "public/track.html", context, status=status)
