from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("zhenggai.api.urls")),
    path("", include("zhenggai.dashboards.urls")),
    path("", include("zhenggai.notices.urls")),
    path("", include("zhenggai.jobs.urls")),
    path("", include("zhenggai.supervision.urls")),
    path("intake/", include("zhenggai.intake_ui.urls")),
    path("public/", include("zhenggai.public.urls")),
    path("", include("zhenggai.search.urls")),
    path("", include("zhenggai.web.urls")),
]
