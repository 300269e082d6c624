"""The unread-notification count for the nav, counted only when a page shows it."""

from django.utils.functional import SimpleLazyObject


def unread_count(user) -> int:
    """The user's unread notifications, counted once per request (the header's badge and the
    response cache's key both read it)."""
    count = getattr(user, "_zhenggai_unread", None)
    if count is None:
        from zhenggai.supervision.models import Notification

        count = user._zhenggai_unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return count


def unread_header(user) -> str:
    """``unread_count`` as part of the response cache's key of a page."""
    return str(unread_count(user))


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"supervision_unread": SimpleLazyObject(lambda: unread_count(user))}
