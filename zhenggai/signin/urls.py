"""/account/…: one's own sign-in (password, sessions, second factor)."""

from django.urls import include, path  # noqa: F401

from zhenggai.signin.totp.urls import urlpatterns as totp_urls

app_name = "signin"
urlpatterns: list = [*totp_urls]
