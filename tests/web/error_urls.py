"""The product's URLs plus views that fail, for the error-page tests (the handlers come along)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from zhenggai.urls import *  # noqa: F403  (urlpatterns and the handler400…500 names)
from zhenggai.urls import urlpatterns as product


def boom(request):
    raise RuntimeError("a view that fails")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test-boom/", boom),
    path("api/v1/test-boom/", boom),
    path("test-forbidden/", forbidden),
    *product,
]
