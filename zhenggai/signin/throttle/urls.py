from django.urls import path

from zhenggai.signin.throttle import views

urlpatterns = [
    path("logins/", views.logins_page, name="logins"),
    path("logins/unlock/", views.logins_unlock, name="logins_unlock"),
]
