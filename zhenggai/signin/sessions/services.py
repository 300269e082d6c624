"""Sessions noted at sign-in, their last activity, their end.

What the idle middleware needs on every request is in the session itself (when it started, when it
was last seen), so a request reads nothing more; the session and its ``UserSession`` row are written
when a minute has passed since the last note, not on every request.
"""

import datetime as dt
from importlib import import_module
from typing import TYPE_CHECKING, Literal

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from zhenggai.signin.addresses import client_address
from zhenggai.signin.models import UserSession

if TYPE_CHECKING:
    from django.contrib.auth.models import User

STARTED = "zhenggai_started"  # when the session signed in (seconds since the epoch)
SEEN = "zhenggai_seen"  # its last noted activity (seconds since the epoch)
KEY = "zhenggai_session_key"  # the key its UserSession row is under (the key changes at cycle_key)
NOTE_EVERY = 60  # seconds: activity is noted at most this often
_DB_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")

Ending = Literal["idle", "expired"]


def idle_seconds() -> int:
    """0: no idle limit."""
    return max(0, int(settings.ZHENGGAI_SESSION_IDLE_MINUTES)) * 60


def max_seconds() -> int:
    """0: no absolute limit beyond the cookie's age."""
    return max(0, int(settings.ZHENGGAI_SESSION_MAX_HOURS)) * 3600


def _user_agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))[:255]


def record_sign_in(request: HttpRequest, user: "User") -> None:
    """At sign-in (``user_logged_in``): the session's start and a row for it; rows of the account's
    sessions that are over by now (idle or too old) go."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if not session.session_key:
        session.save()
    now = timezone.now()
    session[STARTED] = session[SEEN] = now.timestamp()
    session[KEY] = session.session_key
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "created_at": now,
            "last_seen": now,
            "ip_address": client_address(request),
            "user_agent": _user_agent(request),
        },
    )
    _over(UserSession.objects.filter(user=user), now).delete()


def _over(rows: "QuerySet[UserSession]", now: dt.datetime) -> "QuerySet[UserSession]":
    """The rows among ``rows`` whose sessions the middleware would refuse now."""
    idle, most = idle_seconds(), max_seconds()
    over = rows.none()
    if idle:
        over |= rows.filter(last_seen__lt=now - dt.timedelta(seconds=idle + NOTE_EVERY))
    if most:
        over |= rows.filter(created_at__lt=now - dt.timedelta(seconds=most))
    return over


def forget(request: HttpRequest) -> None:
    """At sign-out (``user_logged_out``, before the session is flushed)."""
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()


def check(request: HttpRequest) -> Ending | None:
    """For a signed-in request: "idle" or "expired" when the session is over, else None (and its
    activity noted if a minute has passed since the last note)."""
    session = request.session
    now = timezone.now()
    stamp = now.timestamp()
    started = session.get(STARTED)
    if not isinstance(started, int | float):  # a session from before this was noted: counts from now
        started = session[STARTED] = stamp
    most = max_seconds()
    if most and stamp - started > most:
        return "expired"
    seen = session.get(SEEN)
    seen = seen if isinstance(seen, int | float) else None
    # Activity is noted at most a minute late, so the limit is counted from a minute after the note:
    # a session is ended only after the whole limit without a request.
    idle = idle_seconds()
    if idle and seen is not None and stamp - seen > idle + NOTE_EVERY:
        return "idle"
    key = session.session_key
    noted = session.get(KEY)
    if key and noted and noted != key:  # the key was cycled (e.g. a password change): follow it
        UserSession.objects.filter(session_key=noted).update(session_key=key)
        session[KEY] = key
    if seen is None or stamp - seen >= NOTE_EVERY:
        session[SEEN] = stamp
        _note(request, now, dt.datetime.fromtimestamp(started, tz=dt.UTC))
    return None


def _note(request: HttpRequest, now: dt.datetime, started: dt.datetime) -> None:
    session = request.session
    key = session.session_key
    if not key:
        return
    if UserSession.objects.filter(session_key=key).update(last_seen=now):
        return
    session[KEY] = key  # a session from before this was noted: its row starts now
    try:
        with transaction.atomic():
            UserSession.objects.create(
                user=request.user,  # type: ignore[misc]
                session_key=key,
                created_at=started,
                last_seen=now,
                ip_address=client_address(request),
                user_agent=_user_agent(request),
            )
    except IntegrityError:  # a request of the same session at the same moment made it
        pass


def live_sessions(user: "User") -> "QuerySet[UserSession]":
    """The account's sessions that would still be let in, most recently active first."""
    now = timezone.now()
    rows = UserSession.objects.filter(user=user)
    rows = rows.exclude(pk__in=_over(rows, now).values("pk"))
    if settings.SESSION_ENGINE in _DB_ENGINES:  # and whose session is still in the store
        rows = rows.filter(session_key__in=Session.objects.filter(expire_date__gt=now).values("session_key"))
    return rows.order_by("-last_seen", "-pk")


def end_session(row: UserSession) -> None:
    """End one session: from the session store (database and cache alike) and from the list."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    store(session_key=row.session_key).delete()
    row.delete()


def end_sessions_of(user: "User", *, keep: str | None = None) -> int:
    """End every live session signed in as ``user`` (from the database and the cache alike), but
    the one whose key is ``keep``; returns how many were live."""
    rows = UserSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    keys = list(rows.values_list("session_key", flat=True))
    if not keys:
        return 0
    if settings.SESSION_ENGINE in _DB_ENGINES:
        live = Session.objects.filter(session_key__in=keys, expire_date__gt=timezone.now()).count()
    else:
        live = len(keys)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    return live
