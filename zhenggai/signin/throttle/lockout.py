"""The answer to a sign-in refused by the lock (django-axes' AXES_LOCKOUT_CALLABLE): 429, a page in
the site's layout with the log-in form and when to try again (the same for /login/ and /admin/login/),
JSON in the API's shape under /api/ and for scripts' XMLHttpRequests."""

import math

from axes.helpers import get_client_username
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zhenggai.signin.throttle.handler import cool_off
from zhenggai.signin.throttle.services import locked_until


def _message(until) -> str:  # type: ignore[no-untyped-def]
    local = timezone.localtime(until)
    same_day = local.date() == timezone.localdate()
    when = date_format(local, "H:i" if same_day else "Y-m-d H:i")
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return _(
        "登录失败次数过多，为保护账号安全，该账号（或您所在的网络地址）已暂时锁定。"
        "请于 %(when)s 之后（约 %(minutes)s 分钟后）再试，锁定期间再次尝试会重新计时；"
        "如需提前解锁，请联系巡察办或系统管理员。"
    ) % {"when": when, "minutes": minutes}


def locked_out(request, original_response=None, credentials=None):  # type: ignore[no-untyped-def]
    username = get_client_username(request, credentials) or ""
    until = locked_until(username, getattr(request, "axes_ip_address", None))
    if until is None:  # the lock was made by this very attempt's count: a whole cool-off from now
        until = timezone.now() + cool_off()
    message = _message(until)
    retry_after = str(max(1, math.ceil((until - timezone.now()).total_seconds())))
    if request.path.startswith("/api/") or request.headers.get("x-requested-with") == "XMLHttpRequest":
        response = JsonResponse(
            {"detail": message, "errors": {}}, status=429, json_dumps_params={"ensure_ascii": False}
        )
    else:
        context = {
            "message": message,
            "username": username,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "action": request.get_full_path(),
        }
        response = render(request, "signin/locked_out.html", context, status=429)
    response["Retry-After"] = retry_after
    return response
