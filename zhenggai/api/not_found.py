"""Under /api/, a path that matches no route (``/api/v1/problems/abc/``: ids are whole numbers)
answers the API's JSON 404, not the site's HTML page: clients and the schema expect one error shape."""

from django.http import JsonResponse
from django.urls import re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from zhenggai.api.errors import error_body


@csrf_exempt  # it changes nothing; a POST with a session cookie and no token must get the JSON 404 too
def api_not_found(request, rest=""):
    return JsonResponse(error_body(_("未找到。")), status=404, json_dumps_params={"ensure_ascii": False})


urlpatterns = [re_path(r"^(?P<rest>[\s\S]*)$", api_not_found)]  # any character, line breaks too
