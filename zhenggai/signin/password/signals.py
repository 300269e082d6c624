"""At sign-in, note in the session whether the account must replace its password first."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from zhenggai.signin.onetime import must_change_password
from zhenggai.signin.password.services import SESSION_KEY


@receiver(user_logged_in, dispatch_uid="zhenggai-must-change-password")
def remember_must_change(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    if request is not None and hasattr(request, "session"):
        if must_change_password(user):
            request.session[SESSION_KEY] = True
        else:
            request.session.pop(SESSION_KEY, None)
