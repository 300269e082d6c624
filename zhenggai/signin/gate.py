"""The steps after the password (the second factor, replacing a one-time password): one rule for
which requests they leave alone and one way of sending a person to the step, for both middlewares."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

# Signing in and out, switching language, health checks: open at every step.
_ALWAYS_OPEN = ("/i18n/", "/healthz", "/login/", "/logout/", "/favicon.ico")


def _static_prefix() -> str:
    static = settings.STATIC_URL or "/static/"
    return static if static.startswith("/") else "/" + static


def gated_user(request: HttpRequest, open_paths: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """The signed-in user a step must look at, or None when the request passes: no session cookie
    (the session stays unread, so public pages do not vary on it), not signed in, an open path or
    the step's own pages (``open_paths``), or an API call with a personal token."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = getattr(request, "user", None)
    path = request.path_info
    if user is None or not user.is_authenticated:
        return None
    if path.startswith(_ALWAYS_OPEN) or path.startswith(open_paths) or path.startswith(_static_prefix()):
        return None
    if path.startswith("/api/"):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.split(" ", 1)[0].lower() in ("token", "bearer"):
            return None  # a personal API token: not the session's business
    return user


def send_to_step(request: HttpRequest, step: str, detail: str, *, keep_next: bool = False) -> HttpResponse:
    """403 JSON with ``detail`` under /api/; elsewhere a redirect to the step's page (with ``next``
    for a GET when ``keep_next``)."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            {"detail": detail, "errors": {}}, status=403, json_dumps_params={"ensure_ascii": False}
        )
    url = reverse(step)
    if keep_next and request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return redirect(url)
