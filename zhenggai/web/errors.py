"""The error pages (400, 403, 404, 500 and a failed CSRF check): Chinese, in the site's layout.

Under ``/api/`` they answer in the API's JSON shape instead (``{"detail": …, "errors": {}}``): a
route the API's own handler never saw (an unmatched path, an error raised outside a view) must not
answer an HTML page to a script. The 500 page is rendered without the request, so no context
processor runs and nothing reads the database or the session: it works when they are what failed.
"""

import logging

from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _api_error(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"detail": message, "errors": {}}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@requires_csrf_token
def bad_request(request, exception=None):
    if _is_api(request):
        return _api_error(_("请求无效。"), 400)
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    if _is_api(request):
        return _api_error(_("您没有执行该操作的权限。"), 403)
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if _is_api(request):
        return _api_error(_("未找到。"), 404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _is_api(request):
        return _api_error(_("服务器出错,请稍后再试;如多次出现,请联系系统管理员。"), 500)
    try:
        body = loader.get_template("500.html").render()  # no request: no context processors
    except Exception:  # the page of last resort must answer even if its template cannot be drawn
        logger.exception("the 500 page could not be rendered")
        body = "<!doctype html><title>500</title><h1>服务器出错 / Server error</h1>"
    return HttpResponse(body, status=500, content_type="text/html; charset=utf-8")


@requires_csrf_token
def csrf_failure(request, reason=""):
    if _is_api(request):
        return _api_error(_("CSRF 校验失败,请刷新页面后重试。"), 403)
    return render(request, "403_csrf.html", {"no_cookie": reason == REASON_NO_CSRF_COOKIE}, status=403)
