"""At sign-in, note in the session whether the user has a device and whether a role requires one
(the middleware reads it on every request instead of asking the database)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from zhenggai.signin.totp import services


@receiver(user_logged_in, dispatch_uid="zhenggai-2fa-session-state")
def remember_second_factor_state(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    if request is not None and hasattr(request, "session"):
        request.session[services.SESSION_KEY] = services.session_state(user)
