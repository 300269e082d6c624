"""Ends a signed-in session after ZHENGGAI_SESSION_IDLE_MINUTES without a request, or
ZHENGGAI_SESSION_MAX_HOURS after it signed in: signed out, sent to the log-in page with a message
(JSON 401 under /api/). Requests with a personal API token are not the session's business.
Runs after the messages middleware (the message survives the sign-out)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from zhenggai.signin.sessions import services

_OPEN = ("/login/", "/logout/", "/healthz", "/metrics", "/favicon.ico")


def _exempt(request) -> bool:  # type: ignore[no-untyped-def]
    path = request.path_info
    static = settings.STATIC_URL or "/static/"
    if not static.startswith("/"):
        static = "/" + static
    if path.startswith(_OPEN) or path.startswith(static):
        return True
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return header.split(" ", 1)[0].lower() in ("token", "bearer")


class IdleTimeoutMiddleware:
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        # Without a session cookie nobody is signed in: the session is not even read (a public page
        # read so would be sent with Vary: Cookie and kept by no shared cache).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES or _exempt(request):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        ending = services.check(request)
        if ending is None:
            return self.get_response(request)
        if ending == "idle":
            message = _("长时间未操作，已退出登录，请重新登录。")
        else:
            hours = services.max_seconds() // 3600
            message = _("登录已满 %(hours)s 小时，已退出登录，请重新登录。") % {"hours": hours}
        logout(request)
        if request.path_info.startswith("/api/"):
            response = JsonResponse(
                {"detail": message, "errors": {}}, status=401, json_dumps_params={"ensure_ascii": False}
            )
            response["WWW-Authenticate"] = 'Bearer realm="api"'
            return response
        messages.info(request, message)
        if request.method == "GET":
            return redirect_to_login(request.get_full_path())
        return redirect(settings.LOGIN_URL)
