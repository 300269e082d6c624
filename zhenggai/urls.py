from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("zhenggai.ops.urls")),  # /healthz, /metrics (docs/deploy.md)
    path("admin/", admin.site.urls),
    path("account/", include("zhenggai.signin.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("zhenggai.api.urls")),
    path("api/", include("zhenggai.api.not_found")),  # any other path under /api/: the JSON 404
    path("", include("zhenggai.dashboards.urls")),
    path("", include("zhenggai.notices.urls")),
    path("", include("zhenggai.jobs.urls")),
    path("", include("zhenggai.supervision.urls")),
    path("setup/", include("zhenggai.setup.urls")),
    path("intake/", include("zhenggai.intake_ui.urls")),
    path("public/", include("zhenggai.public.urls")),
    path("", include("zhenggai.search.urls")),
    path("", include("zhenggai.workbench.urls")),
    path("", include("zhenggai.web.urls")),
]

# Chinese error pages in the site's layout; JSON under /api/ (zhenggai/web/errors.py).
handler400 = "zhenggai.web.errors.bad_request"
handler403 = "zhenggai.web.errors.permission_denied"
handler404 = "zhenggai.web.errors.page_not_found"
handler500 = "zhenggai.web.errors.server_error"
