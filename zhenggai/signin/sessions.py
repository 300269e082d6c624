"""Ending an account's sessions (deactivated, password reset)."""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions_of(user) -> int:  # type: ignore[no-untyped-def]
    """Delete every live session signed in as ``user`` (from the database and the cache alike);
    returns how many there were."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended
