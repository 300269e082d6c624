"""The unread-notification count for the nav, counted only when a page shows it."""

from django.utils.functional import SimpleLazyObject


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from zhenggai.supervision.models import Notification

        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"supervision_unread": SimpleLazyObject(count)}
