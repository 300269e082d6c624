"""The daily reminders: who is told what, on which channel, once; the run, its report, its preview and its audit anchor."""

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhenggai.accounts.models import UnitKind
from zhenggai.supervision.chain import deferred_items
from zhenggai.supervision.channels import (
    WebhookError,
    post_robot,
    robot_limit,
)
from zhenggai.supervision.collect import Item, Policies, collect
from zhenggai.supervision.digest import digest, robot_markdown
from zhenggai.supervision.mailing import notifications_claim, notifications_send
from zhenggai.supervision.models import (
    EmailStatus,
    Notification,
    NotificationKind,
    ReminderKind,
    ReminderLog,
    ReminderRun,
    WebhookEndpoint,
)
from zhenggai.supervision.recipients import Directory, people

logger = logging.getLogger("zhenggai.supervision")


@dataclass
class RunReport:
    today: dt.date
    items: int = 0  # reminder lines written (to people and robots)
    digests: int = 0  # in-app notifications created (one per person)
    emails_sent: int = 0
    email_failures: int = 0
    webhooks_sent: int = 0
    webhook_failures: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["today"] = self.today.isoformat()
        return data

    def summary(self) -> str:
        return (
            f"{self.today.isoformat()}:提醒事项{self.items}条,通知{self.digests}人,"
            f"邮件成功{self.emails_sent}封、失败{self.email_failures}封,"
            f"群机器人成功{self.webhooks_sent}次、失败{self.webhook_failures}次"
        )


# A close-out mail that failed when it was sent at once is sent again by the daily runs of this
# many days after the move (the notification in the workbench stays meanwhile).
MAIL_RETRY_DAYS = 3


# One measure, one person, one day: the strongest of these only (a liaison who is also the
# measure's leader reads it once, under 已逾期).
_OVERDUE_FAMILY = (ReminderKind.OVERDUE, ReminderKind.ESCALATE_LEADER, ReminderKind.ESCALATE_OFFICE)


# What a group robot gets, by the kind of unit it hangs on.
_UNIT_ROBOT = {
    ReminderKind.DUE_SOON,
    ReminderKind.OVERDUE,
    ReminderKind.SENT_BACK,
    ReminderKind.LOOK_BACK,
    ReminderKind.NOTICE_OPEN,
}


_OFFICE_ROBOT = {ReminderKind.DUE_SOON, ReminderKind.OVERDUE, ReminderKind.SENT_BACK}


_COMMITTEE_ROBOT = {ReminderKind.ESCALATE_OFFICE, ReminderKind.LOOK_BACK, ReminderKind.NOTICE_LATE}


@dataclass(frozen=True)
class _Endpoint:
    pk: int
    kind: str
    url: str
    unit_kind: str
    path: str  # the subtree it covers (a committee's for an inspection office)
    name: str

    def wants(self, item: Item) -> bool:
        if self.unit_kind == UnitKind.OFFICE:
            return item.kind in _OFFICE_ROBOT and item.office_path.startswith(self.path)
        if self.unit_kind in (UnitKind.COMMITTEE, UnitKind.INSPECTION_OFFICE):
            return item.kind in _COMMITTEE_ROBOT and item.unit_path.startswith(self.path)
        return item.kind in _UNIT_ROBOT and item.unit_path.startswith(self.path)


def _endpoints() -> list[_Endpoint]:
    rows = WebhookEndpoint.objects.filter(enabled=True).values_list(
        "pk",
        "kind",
        "url",
        "unit__kind",
        "unit__path",
        "unit__parent__path",
        "unit__short_name",
        "unit__name",
    )
    result = []
    for pk, kind, url, unit_kind, path, parent_path, short, name in rows:
        if unit_kind == UnitKind.INSPECTION_OFFICE and parent_path:
            path = parent_path
        result.append(_Endpoint(pk, kind, url, unit_kind, path, short or name))
    return result


def _filter_new(
    candidates: Iterable[Item], done_today: set[tuple[str, str]], sent_back_last: dict[str, dt.date]
) -> list[Item]:
    """Drop what this addressee already got today, and returns already reported since they happened."""
    fresh = []
    for item in candidates:
        if (item.kind, item.key) in done_today:
            continue
        if item.kind == ReminderKind.SENT_BACK and item.occurred_on is not None:
            last = sent_back_last.get(item.key)
            if last is not None and last >= item.occurred_on:
                continue
        fresh.append(item)
    return fresh


def _strongest_per_measure(items: list[Item]) -> list[Item]:
    best: dict[str, int] = {}
    for item in items:
        if item.kind in _OVERDUE_FAMILY:
            rank = _OVERDUE_FAMILY.index(item.kind)
            best[item.key] = min(rank, best.get(item.key, rank))
    return [
        item
        for item in items
        if item.kind not in _OVERDUE_FAMILY or _OVERDUE_FAMILY.index(item.kind) == best[item.key]
    ]


def _run_locked(today: dt.date, now: dt.datetime) -> ReminderRun:
    run, _created = ReminderRun.objects.get_or_create(ran_on=today, defaults={"started_at": now})
    # Concurrent runs of the same day queue here (PostgreSQL); SQLite serialises writers anyway.
    return ReminderRun.objects.select_for_update().get(pk=run.pk)


def _sent_back_since(today: dt.date) -> dt.date:
    previous = (
        ReminderRun.objects.filter(ran_on__lt=today)
        .order_by("-ran_on")
        .values_list("ran_on", flat=True)
        .first()
    )
    return previous or today - dt.timedelta(days=1)


def _logged(
    since: dt.date, today: dt.date
) -> tuple[dict[tuple[str, int], set[tuple[str, str]]], dict[tuple[str, int], dict[str, dt.date]]]:
    """What was already sent: today's (addressee, kind, key), and the last day each return was told."""
    today_done: dict[tuple[str, int], set[tuple[str, str]]] = defaultdict(set)
    sent_back_last: dict[tuple[str, int], dict[str, dt.date]] = defaultdict(dict)
    rows = ReminderLog.objects.filter(sent_on__gte=min(since, today), sent_on__lte=today).values_list(
        "recipient_id", "endpoint_id", "kind", "item_key", "sent_on"
    )
    for recipient_id, endpoint_id, kind, key, sent_on in rows:
        who = ("u", recipient_id) if recipient_id else ("w", endpoint_id)
        if sent_on == today:
            today_done[who].add((kind, key))
        if kind == ReminderKind.SENT_BACK:
            last = sent_back_last[who].get(key)
            sent_back_last[who][key] = sent_on if last is None else max(last, sent_on)
    return today_done, sent_back_last


def _log(item: Item, today: dt.date, **who: Any) -> ReminderLog:
    return ReminderLog(kind=item.kind, item_key=item.key, sent_on=today, **item.target, **who)


def reminders_run(today: dt.date | None = None) -> RunReport:
    """Send the day's reminders. Idempotent: a second run on the same day sends only what is new.

    Inside one transaction (holding the day's ``ReminderRun`` row): collect the items, drop what
    was already sent, write the ``ReminderLog`` lines and one in-app ``Notification`` per person,
    and claim the day's unsent e-mails. After commit: send the e-mails and post to the robots; a
    failed e-mail stays ``failed`` (the next run the same day retries it, and a close-out mail that
    failed when sent at once is retried by the runs of the next ``MAIL_RETRY_DAYS``), a failed robot post has
    its lines removed so that the next run tries again.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    report = RunReport(today)
    with transaction.atomic():
        run = _run_locked(today, now)
        since = _sent_back_since(today)
        directory = Directory.load()
        collected = collect(today, directory=directory, policies=Policies.load(), sent_back_since=since)
        today_done, sent_back_last = _logged(since, today)

        per_person: dict[int, list[Item]] = defaultdict(list)
        for item, recipients in collected.items:
            for user_id in recipients:
                per_person[user_id].append(item)
        # Close-out moves of those who read their mail once a day (chain.py): a section of the digest.
        deferred, deferred_ids = deferred_items()
        for user_id in deferred:
            per_person.setdefault(user_id, [])
        persons = people(set(per_person))
        logs: list[ReminderLog] = []
        notifications: list[Notification] = []
        digested: list[int] = []
        for user_id, items in per_person.items():
            person = persons.get(user_id)
            if person is None:  # inactive
                continue
            who = ("u", user_id)
            items = _filter_new(_strongest_per_measure(items), today_done[who], sent_back_last[who])
            logs += [_log(item, today, recipient_id=user_id) for item in items]
            items = deferred.get(user_id, []) + items
            if not items:
                continue
            digested += deferred_ids.get(user_id, [])
            title, body, url = digest(person.name, today, items)
            notifications.append(
                Notification(
                    user_id=user_id,
                    kind=NotificationKind.DIGEST,
                    title=title,
                    body=body,
                    url=url,
                    sent_on=today,
                    email_status=EmailStatus.PENDING if person.email else EmailStatus.NONE,
                )
            )
            report.by_kind.update(Counter(str(item.kind) for item in items))

        posts: list[tuple[_Endpoint, list[Item]]] = []
        for endpoint in _endpoints():
            who = ("w", endpoint.pk)
            wanted = [item for item, _recipients in collected.items if endpoint.wants(item)]
            items = _filter_new(wanted, today_done[who], sent_back_last[who])
            if items:
                posts.append((endpoint, items))
                logs += [_log(item, today, endpoint_id=endpoint.pk) for item in items]

        ReminderLog.objects.bulk_create(logs, batch_size=500)
        Notification.objects.bulk_create(notifications, batch_size=500)
        Notification.objects.filter(pk__in=digested).update(email_status=EmailStatus.DIGESTED)
        report.items = len(logs)
        report.digests = len(notifications)
        # Claim every unsent digest of the day (this run's and earlier failures) and the close-out
        # mails that failed when they were sent at once (within ``MAIL_RETRY_DAYS``), in one update.
        claimable = Notification.objects.filter(
            Q(
                kind=NotificationKind.DIGEST,
                sent_on=today,
                email_status__in=[EmailStatus.PENDING, EmailStatus.FAILED],
            )
            | Q(
                kind=NotificationKind.WORKFLOW,
                email_status=EmailStatus.FAILED,
                created_at__gte=now - dt.timedelta(days=MAIL_RETRY_DAYS),
            )
        )
        to_mail = notifications_claim(claimable)

    sent, failed = notifications_send(to_mail)
    report.emails_sent, report.email_failures = len(sent), len(failed)
    report.errors += [f"邮件:{error}" for error in sorted(set(failed.values()))]

    for endpoint, items in posts:
        title, text = robot_markdown(endpoint.name, today, items, robot_limit(endpoint.kind))
        try:
            post_robot(endpoint.kind, endpoint.url, title, text)
        except WebhookError as error:
            logger.warning("群机器人 %s(%s)推送失败:%s", endpoint.pk, endpoint.name, error)
            report.webhook_failures += 1
            report.errors.append(f"群机器人{endpoint.pk}:{error}")
            ReminderLog.objects.filter(endpoint_id=endpoint.pk, sent_on=today).filter(
                item_key__in={item.key for item in items}
            ).delete()
        else:
            report.webhooks_sent += 1

    _write_audit_anchor(today, report)
    ReminderRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), report=report.as_dict())
    logger.info("提醒:%s", report.summary())
    return report


def _write_audit_anchor(today: dt.date, report: RunReport) -> None:
    """The day's signed copy of the audit chain head (ZHENGGAI_AUDIT_ANCHOR_DIR, docs/security/audit-trail.md):
    the daily run is the one schedule every install has (cron, Celery beat, the demo's thread)."""
    from zhenggai.audit.anchor import anchor_write_scheduled

    try:
        anchor_write_scheduled(today)
    except Exception as error:  # noqa: BLE001 - the reminders are sent; the failure is reported
        logger.warning("审计锚点写入失败:%s", error)
        report.errors.append(f"审计锚点:{error}")


def reminders_preview(today: dt.date | None = None) -> dict[int, tuple[str, str]]:
    """What a run would send now to each person (user id → (title, body)), without writing."""
    today = today or timezone.localdate()
    since = _sent_back_since(today)
    collected = collect(today, directory=Directory.load(), policies=Policies.load(), sent_back_since=since)
    today_done, sent_back_last = _logged(since, today)
    per_person: dict[int, list[Item]] = defaultdict(list)
    for item, recipients in collected.items:
        for user_id in recipients:
            per_person[user_id].append(item)
    deferred, _ids = deferred_items()
    for user_id in deferred:
        per_person.setdefault(user_id, [])
    persons = people(set(per_person))
    result = {}
    for user_id, items in per_person.items():
        who = ("u", user_id)
        items = _filter_new(_strongest_per_measure(items), today_done[who], sent_back_last[who])
        items = deferred.get(user_id, []) + items
        if items and user_id in persons:
            title, body, _url = digest(persons[user_id].name, today, items)
            result[user_id] = (title, body)
    return result
