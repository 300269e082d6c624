"""After the password, before anything else: a user with a device enters a code; a user whose role
requires a second factor and has none enrols first. Runs after django-otp's OTPMiddleware."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from zhenggai.signin.totp import services, signals  # noqa: F401  (signals: the sign-in receiver)

_ALWAYS_OPEN = ("/account/2fa/", "/i18n/", "/healthz", "/login/", "/logout/", "/favicon.ico")


def _open(path: str) -> bool:
    static = settings.STATIC_URL or "/static/"
    if not static.startswith("/"):
        static = "/" + static
    return path.startswith(_ALWAYS_OPEN) or path.startswith(static)


def _token_request(request) -> bool:  # type: ignore[no-untyped-def]
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return header.split(" ", 1)[0].lower() in ("token", "bearer")


class SecondFactorMiddleware:
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)  # no session: not signed in (and the session stays unread)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or _open(request.path_info):
            return self.get_response(request)
        if request.path_info.startswith("/api/") and _token_request(request):
            return self.get_response(request)  # a personal API token: not the session's business
        if user.is_verified():
            return self.get_response(request)
        state = request.session.get(services.SESSION_KEY)
        if not isinstance(state, dict):  # a session from before this feature: ask once, keep it
            state = request.session[services.SESSION_KEY] = services.session_state(user)
        if state.get("enrolled"):
            step, detail = "signin:totp_verify", _("请先完成两步验证（输入动态验证码）。")
        elif state.get("required"):
            step, detail = "signin:totp_setup", _("您的角色要求启用两步验证，请先完成设置。")
        else:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": detail, "errors": {}}, status=403, json_dumps_params={"ensure_ascii": False}
            )
        url = reverse(step)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
