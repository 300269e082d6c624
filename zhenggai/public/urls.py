from django.urls import path

from zhenggai.public import inbox, views

app_name = "public"

urlpatterns = [
    # Public: no log-in.
    path("", views.index, name="index"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("units/<int:pk>/feedback/", views.unit_feedback, name="unit_feedback"),
    path("notices/<int:pk>/", views.notice, name="notice"),
    path("notices/<int:pk>/download/<str:fmt>/", views.notice_download, name="notice_download"),
    path("notices/<int:pk>/feedback/", views.notice_feedback, name="notice_feedback"),
    path("feedback/done/", views.feedback_done, name="feedback_done"),
    path("feedback/track/", views.track, name="track"),
    # Inside: signed in, scoped.
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/<int:pk>/", inbox.inbox_detail, name="inbox_detail"),
    path("inbox/<int:pk>/move/", inbox.inbox_move, name="inbox_move"),
    path("inbox/<int:pk>/link/", inbox.inbox_link, name="inbox_link"),
]
