"""Notifications out by mail, in two steps with the transaction between them: claim (inside it, so two
runs never mail the same row) and send (after it, so a slow server holds no lock). The daily digest
and the close-out chain both mail this way."""

from collections import defaultdict

from django.utils import timezone

from zhenggai.supervision.channels import Mail, send_mails
from zhenggai.supervision.models import EmailStatus, Notification


def notifications_claim(claimable) -> list[Mail]:
    """The notifications of ``claimable`` as mails, marked as being sent."""
    rows = list(claimable.values_list("pk", "user__email", "title", "body"))
    claimable.filter(pk__in=[row[0] for row in rows]).update(email_status=EmailStatus.SENDING)
    return [Mail(pk, email, title, body) for pk, email, title, body in rows]


def notifications_send(mails: list[Mail]) -> tuple[list[int], dict[int, str]]:
    """Send claimed mails and record each outcome on its notification (one update per error text)."""
    sent, failed = send_mails(mails)
    if sent:
        Notification.objects.filter(pk__in=sent).update(
            email_status=EmailStatus.SENT, emailed_at=timezone.now(), email_error=""
        )
    by_error: dict[str, list[int]] = defaultdict(list)
    for key, error in failed.items():
        by_error[error].append(key)
    for error, keys in by_error.items():
        Notification.objects.filter(pk__in=keys).update(email_status=EmailStatus.FAILED, email_error=error)
    return sent, failed
