"""Chinese first: the UI language is the user's explicit choice (language cookie), else zh-Hans.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an English-configured
browser on a government intranet would flip the whole UI; here English is only ever chosen.
"""

from django.conf import settings
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


class ChineseFirstLocaleMiddleware(MiddlewareMixin):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on what one person may see: every response to a signed-in
    user or to an API token, and every download (``Content-Disposition``), unless the view chose its
    own policy (the public pages' ``public, max-age``; ``never_cache``).

    A ledger page, an export or the page showing a new token must not be kept by the browser's disk
    cache or a shared proxy, where the next person at the same desk or behind the same proxy would
    find it. Static files are served by WhiteNoise before this middleware runs and keep theirs.
    """

    POLICY = "private, no-store"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if (
            response.has_header("Content-Disposition")
            or "HTTP_AUTHORIZATION" in request.META
            or getattr(getattr(request, "user", None), "is_authenticated", False)
        ):
            response["Cache-Control"] = self.POLICY
        return response


class BusyMiddleware:
    """A request that found the machine busy (``SlotsBusy``: every PDF slot taken for the whole
    wait) is answered 503 with Retry-After and a Chinese message, never a 500: JSON in the API's
    shape under /api/, a page elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.http import JsonResponse
        from django.shortcuts import render

        from zhenggai.core.slots import SlotsBusy

        if not isinstance(exception, SlotsBusy):
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": exception.message, "errors": {}}, status=503)
        else:
            response = render(request, "web/busy.html", {"message": exception.message}, status=503)
        response["Retry-After"] = str(exception.retry_after)
        return response
