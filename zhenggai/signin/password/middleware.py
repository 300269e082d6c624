"""A password someone else gave (a one-time password) is replaced before anything else is done.
Runs after the second-factor middleware; reads the session, not the database."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from zhenggai.signin.password.services import SESSION_KEY

_ALWAYS_OPEN = (
    "/account/password/",
    "/account/2fa/",
    "/i18n/",
    "/healthz",
    "/login/",
    "/logout/",
    "/favicon.ico",
)


class MustChangePasswordMiddleware:
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)  # no session: not signed in (and the session stays unread)
        user = getattr(request, "user", None)
        path = request.path_info
        if (
            user is None
            or not user.is_authenticated
            or not request.session.get(SESSION_KEY)
            or path.startswith(_ALWAYS_OPEN)
            or path.startswith(settings.STATIC_URL or "/static/")
        ):
            return self.get_response(request)
        detail = _("请先设置您自己的密码（一次性密码只能用于首次登录）。")
        if path.startswith("/api/"):
            if request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0].lower() in ("token", "bearer"):
                return self.get_response(request)
            return JsonResponse(
                {"detail": detail, "errors": {}}, status=403, json_dumps_params={"ensure_ascii": False}
            )
        return redirect("signin:password_change")
