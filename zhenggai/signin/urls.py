"""/account/…: one's own sign-in (password, sessions, second factor, 统一身份认证) and the sign-in
records."""

from django.urls import path

from zhenggai.signin import views
from zhenggai.signin.oidc.urls import urlpatterns as oidc_urls
from zhenggai.signin.password.urls import urlpatterns as password_urls
from zhenggai.signin.sessions.urls import urlpatterns as sessions_urls
from zhenggai.signin.throttle.urls import urlpatterns as throttle_urls
from zhenggai.signin.totp.urls import urlpatterns as totp_urls

app_name = "signin"
urlpatterns: list = [
    path("", views.account_home, name="home"),
    *password_urls,
    *totp_urls,
    *sessions_urls,
    *throttle_urls,
    *oidc_urls,
]
