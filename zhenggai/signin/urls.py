"""/account/…: one's own sign-in (password, sessions, second factor)."""

from django.urls import path  # noqa: F401

app_name = "signin"
urlpatterns: list = []
