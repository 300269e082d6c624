from django.urls import path

from zhenggai.workbench import views

urlpatterns = [
    path("", views.home, name="home"),
    path("workbench/close-outs/", views.bulk, name="workbench_bulk"),
]
