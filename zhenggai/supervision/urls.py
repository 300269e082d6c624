from django.urls import path

from zhenggai.supervision import views

urlpatterns = [
    path("supervision/notifications/", views.notifications, name="supervision_notifications"),
    path(
        "supervision/notifications/<int:pk>/read/",
        views.notification_read,
        name="supervision_notification_read",
    ),
    path(
        "supervision/notifications/read-all/",
        views.notifications_read_all,
        name="supervision_notifications_read_all",
    ),
    path("supervision/preferences/", views.preferences, name="supervision_preferences"),
    path("supervision/notices/", views.notices, name="supervision_notices"),
    path("supervision/notices/<int:pk>/", views.notice_detail, name="supervision_notice"),
    path("supervision/notices/<int:pk>/answer/", views.notice_answer_view, name="supervision_notice_answer"),
    path("problems/<int:problem_pk>/notices/new/", views.notice_new, name="supervision_notice_new"),
]
