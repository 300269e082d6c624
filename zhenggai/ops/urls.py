from django.urls import path

from zhenggai.ops.health import healthz_view
from zhenggai.ops.metrics import metrics_view

urlpatterns = [
    path("healthz", healthz_view, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
]
