from django.urls import path

from zhenggai.intake_ui import views

app_name = "intake_ui"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/import/", views.import_draft, name="import"),
    path("<int:pk>/delete/", views.delete_draft, name="delete"),
]
