"""The request id: taken from X-Request-ID when a trusted proxy (ZHENGGAI_REQUEST_ID_TRUSTED) sent it,
made here otherwise; returned in the response header, put on every log line of the request (and in
the 500 mail), and one access line per request in the JSON log (zhenggai.request)."""

import contextvars
import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

from zhenggai.ops.networks import address_in

current_request = contextvars.ContextVar("zhenggai_request", default=None)
access_log = logging.getLogger("zhenggai.request")
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def request_id_for(request) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    trusted = settings.ZHENGGAI_REQUEST_ID_TRUSTED
    if (
        given
        and _VALID.match(given)
        and address_in(request.META.get("REMOTE_ADDR", ""), trusted, "ZHENGGAI_REQUEST_ID_TRUSTED")
    ):
        return given
    return uuid.uuid4().hex


def user_id_of(request) -> int | None:
    """The signed-in user's id if the request has already loaded its user (never loads it here)."""
    user = request.__dict__.get("user")
    wrapped = user._wrapped if isinstance(user, SimpleLazyObject) else user
    if wrapped is None or wrapped is empty:  # not loaded yet: the auth middleware caches it here
        wrapped = request.__dict__.get("_cached_user")
    if wrapped is not None and getattr(wrapped, "is_authenticated", False):
        return wrapped.pk
    return None


def route_of(request) -> str:
    """The URL pattern's name (never the raw path, which would make a label per record)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match.route or "unnamed"
    if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return "unmatched"


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        # Django's error report (the 500 mail) lists the request's headers: this one is among them.
        request.META["HTTP_X_REQUEST_ID"] = request.request_id
        token = current_request.set(request)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            access_log.info(
                "%s %s %s",
                request.method,
                route_of(request),
                response.status_code,
                extra={
                    "method": request.method,
                    "route": route_of(request),
                    "path": request.path,  # without the query string, which may carry a secret
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            current_request.reset(token)
