from django.urls import path

from zhenggai.dashboards import views

urlpatterns = [
    path("dashboard/", views.office_dashboard, name="dashboard"),
    path("inspections/<int:pk>/dashboard/", views.inspection_dashboard, name="inspection_dashboard"),
    path("problems/", views.problem_list, name="problem_list"),
    path("measures/", views.measure_list, name="measure_list"),
    path("reviews/", views.review_list, name="review_list"),
]
