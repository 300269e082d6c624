from django.urls import path

from zhenggai.signin.totp import views

urlpatterns = [
    path("2fa/", views.totp_setup, name="totp_setup"),
    path("2fa/qr.svg", views.totp_qr, name="totp_qr"),
    path("2fa/verify/", views.totp_verify, name="totp_verify"),
    path("2fa/recovery/", views.totp_recovery, name="totp_recovery"),
]
