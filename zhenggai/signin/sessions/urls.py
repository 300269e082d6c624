from django.urls import path

from zhenggai.signin.sessions import views

urlpatterns = [
    path("sessions/", views.sessions_page, name="sessions"),
    path("sessions/<int:pk>/end/", views.session_end, name="session_end"),
    path("sessions/end-others/", views.sessions_end_others, name="sessions_end_others"),
]
