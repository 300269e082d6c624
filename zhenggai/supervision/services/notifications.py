"""In-app notifications read and their preferences set; webhook endpoints created."""

from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.accounts.models import Unit
from zhenggai.core.errors import ServiceError
from zhenggai.core.types import Viewer
from zhenggai.supervision.channels import (
    validate_webhook_url,
)
from zhenggai.supervision.models import (
    DigestChoice,
    Notification,
    NotificationPreference,
    WebhookEndpoint,
)


def notification_mark_read(*, notification: Notification, user: Viewer) -> Notification:
    if notification.user_id != user.pk:
        raise ServiceError(_("这不是您的通知。"), code="not_yours")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: Viewer) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_preference_set(*, user: Viewer, digest: str) -> NotificationPreference:
    """How the user gets the e-mail of a close-out move: 立即发送 or in the daily digest."""
    if digest not in DigestChoice.values:
        raise ServiceError({"digest": _("请选择立即发送或每日汇总一次。")}, code="bad_digest")
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"digest": digest}
    )
    return preference


def webhook_endpoint_create(
    *, unit: Unit, kind: str, url: str, name: str = "", enabled: bool = True
) -> WebhookEndpoint:
    try:
        url = validate_webhook_url(url)
    except Exception as error:
        raise ServiceError({"url": _("Webhook 地址必须是 http 或 https 网址。")}) from error
    endpoint = WebhookEndpoint(unit=unit, kind=kind, url=url, name=name, enabled=enabled)
    endpoint.full_clean()
    endpoint.save()
    return endpoint
