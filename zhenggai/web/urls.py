from django.contrib.auth import views as auth_views
from django.urls import path

from zhenggai.signin.oidc.views import LogoutView
from zhenggai.web import recycle_bin, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),  # and the provider's, when asked (统一身份认证)
    path("inspections/<int:pk>/", views.inspection_ledger, name="inspection"),
    path("inspections/<int:inspection_pk>/problems/new/", views.problem_new, name="problem_new"),
    path("problems/<int:pk>/", views.problem_detail, name="problem"),
    path("problems/<int:pk>/delete/", views.problem_remove, name="problem_delete"),
    path("measures/<int:pk>/delete/", views.measure_remove, name="measure_delete"),
    path("progress/<int:pk>/delete/", views.progress_remove, name="progress_delete"),
    path("reviews/<int:pk>/", views.review_submit, name="review_submit"),
    path("problems/<int:problem_pk>/measures/new/", views.measure_new, name="measure_new"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/move/", views.measure_move, name="measure_move"),
    path("measures/<int:measure_pk>/progress/new/", views.progress_new, name="progress_new"),
    path("progress/<int:pk>/edit/", views.progress_edit, name="progress_edit"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("inspections/<int:pk>/recycle-bin/", recycle_bin.recycle_bin_page, name="recycle_bin"),
    path("problems/<int:pk>/restore/", recycle_bin.problem_restore_view, name="problem_restore"),
    path("measures/<int:pk>/restore/", recycle_bin.measure_restore_view, name="measure_restore"),
    path("progress/<int:pk>/restore/", recycle_bin.progress_restore_view, name="progress_restore"),
    path("account/tokens/", views.api_tokens, name="api_tokens"),
]
