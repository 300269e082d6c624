from django.urls import path

from zhenggai.signin.oidc import views

urlpatterns = [
    path("oidc/authenticate/", views.AuthenticateView.as_view(), name="oidc_authenticate"),
    path("oidc/callback/", views.CallbackView.as_view(), name="oidc_callback"),
]
