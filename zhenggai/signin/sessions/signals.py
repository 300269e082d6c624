"""Sign-in notes the session (its start, a ``UserSession`` row); sign-out removes the row."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from zhenggai.signin.sessions import services


@receiver(user_logged_in, dispatch_uid="zhenggai-session-signed-in")
def session_signed_in(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    if request is not None:
        services.record_sign_in(request, user)


@receiver(user_logged_out, dispatch_uid="zhenggai-session-signed-out")
def session_signed_out(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    if request is not None:
        services.forget(request)
