"""The close-out chain told to the people in it: each move of 申请销号 → 单位领导审核 → 巡察办批准销号
(and 退回, 重新打开) notifies whoever acts next.

- Who: 申请销号 → the measure's leader (``Measure.leader_user``, else the unit's first-responsible
  leader); 审核通过 → the inspection office supervising the unit; 批准销号 or 退回 → the unit's
  liaisons and the responsible office's clerks; 重新打开 → all of them. Everybody once; never the
  person who made the move.
- How: the in-app notification at once, written in the move's transaction (so a move that rolls
  back tells nobody). The e-mail after commit, or — for who chose 每日汇总 — in the next daily
  digest (``reminders_run``). The unit's (office's, committee's) group robots after commit.
  A failing mail server or robot is logged and recorded on the notification; it never fails the move.

The embedded default has no worker (docs/supervision.md), so delivery is ``transaction.on_commit``
rather than a Celery task; both mail and robots have short timeouts.
"""

import contextlib
import contextvars
import logging
from dataclasses import dataclass
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from zhenggai.accounts.models import UnitKind
from zhenggai.core.chinese import cn_date, cn_ordinal
from zhenggai.supervision.channels import WebhookError, post_robot
from zhenggai.supervision.digest import site_url
from zhenggai.supervision.mailing import notifications_claim, notifications_send
from zhenggai.supervision.models import (
    DigestChoice,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
    WebhookEndpoint,
)
from zhenggai.supervision.recipients import Directory, ancestor_paths

logger = logging.getLogger("zhenggai.supervision")

LEADER, OFFICE, UNIT = "leader", "office", "unit"

# move → (who is told, the tag of the title, what happened: {actor})
CHAIN: dict[str, tuple[frozenset[str], str, str]] = {
    "submit": (frozenset({LEADER}), "待审核", "{actor}申请销号,请审核"),
    "confirm": (frozenset({OFFICE}), "待审批", "{actor}(单位领导)审核通过,请审批销号"),
    "return_by_leader": (frozenset({UNIT}), "被退回", "{actor}(单位领导)退回了销号申请,请修改后重新申请"),
    "approve": (frozenset({UNIT}), "已销号", "{actor}(巡察办)批准销号"),
    "return_by_office": (frozenset({UNIT}), "被退回", "{actor}(巡察办)退回了销号申请,请修改后重新申请"),
    "reopen": (frozenset({LEADER, OFFICE, UNIT}), "重新打开", "{actor}(巡察办)重新打开了已销号的措施"),
}

# What the text of the move is called in the message.
_TEXT_LABEL = {
    "submit": "完成情况说明",
    "confirm": "审批意见",
    "approve": "审批意见",
    "return_by_leader": "退回理由",
    "return_by_office": "退回理由",
    "reopen": "重新打开理由",
}

_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("zhenggai_chain_muted", default=False)


@contextlib.contextmanager
def chain_muted():
    """Moves made inside tell nobody: the demo loader replays history that nobody is waiting on."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def display_name(user) -> str:
    return (user.first_name or user.username) if user is not None else "系统"


def chain_recipients(measure, move_name: str, directory: Directory | None = None) -> set[int]:
    """The user ids told of ``move_name`` on ``measure`` (the actor not yet removed)."""
    audience = CHAIN.get(move_name, (frozenset(), "", ""))[0]
    if not audience:
        return set()
    directory = directory or Directory.load()
    inspection = measure.problem.inspection
    unit_path = inspection.unit.path
    office = measure.responsible_office
    found: set[int] = set()
    if LEADER in audience:
        found |= directory.measure_leader(measure.leader_user_id, unit_path)
    if OFFICE in audience:
        found |= directory.inspection_office(inspection.round.committee_id, unit_path)
    if UNIT in audience:
        found |= directory.unit_liaisons(unit_path)
        found |= directory.office_clerks(office.path if office else None)
    return found


@dataclass(frozen=True)
class Words:
    title: str
    what: str  # the digest line's detail, also the body's first line
    body: str
    url: str


def chain_words(*, measure, move_name: str, actor, reason: str, on) -> Words:
    _audience, tag, template = CHAIN[move_name]
    problem = measure.problem
    unit = problem.inspection.unit
    unit_name = unit.short_name or unit.name
    label = f"问题({cn_ordinal(problem.number)})措施{measure.number}"
    what = template.format(actor=display_name(actor))
    url = f"{reverse('problem', args=[problem.pk])}#measure-{measure.pk}"
    lines = [
        f"{what}。",
        "",
        f"单位:{unit_name}",
        f"问题:{problem.title}",
        f"措施:{measure.content}",
        f"办理日期:{cn_date(on)}",
    ]
    if reason:
        lines.append(f"{_TEXT_LABEL[move_name]}:{reason}")
    lines += ["", f"查看和办理:{site_url(url)}"]
    title = f"【{tag}】{unit_name} {label}:{what}"
    return Words(title=title[:200], what=what, body="\n".join(lines), url=url)


def _preferences(user_ids: set[int]) -> dict[int, str]:
    return dict(NotificationPreference.objects.filter(user_id__in=user_ids).values_list("user_id", "digest"))


def chain_notify_receiver(sender, *, transition, measure, move, **kwargs) -> None:
    """``chain_notify`` on ``zhenggai.ledger.signals.measure_transitioned``."""
    chain_notify(transition=transition, measure=measure, move=move)


def chain_notify(*, transition, measure, move) -> list[Notification]:
    """Tell the next people of ``transition`` (called by ``measure_transition``, in its transaction)."""
    if _muted.get() or move.name not in CHAIN:
        return []
    actor = transition.actor
    recipients = chain_recipients(measure, move.name) - {transition.actor_id}
    words = chain_words(
        measure=measure,
        move_name=move.name,
        actor=actor,
        reason=transition.reason,
        on=transition.effective_on,
    )
    users = get_user_model().objects.filter(pk__in=recipients, is_active=True).values_list("pk", "email")
    preferences = _preferences(recipients)
    notifications = []
    for user_id, email in sorted(users):
        if not email:
            status = EmailStatus.NONE
        elif preferences.get(user_id) == DigestChoice.DAILY:
            status = EmailStatus.DAILY
        else:
            status = EmailStatus.PENDING
        notifications.append(
            Notification.objects.create(
                user_id=user_id,
                kind=NotificationKind.WORKFLOW,
                measure=measure,
                title=words.title,
                body=words.body,
                url=words.url,
                email_status=status,
            )
        )
    mails = [n.pk for n in notifications if n.email_status == EmailStatus.PENDING]
    robots = list(_robots(measure, move.name))
    if mails or robots:
        transaction.on_commit(partial(chain_deliver, mails, robots, words), robust=True)
    return notifications


def _robots(measure, move_name: str):
    """(kind, url, name) of the enabled robots of the measure's unit, office or committee that hear
    of this move: the unit side hears what the unit acts on, the committee what the office acts on."""
    audience = CHAIN[move_name][0]
    inspection = measure.problem.inspection
    unit_paths = ancestor_paths(inspection.unit.path)
    sides = Q(pk__in=[])
    if audience & {LEADER, UNIT}:
        sides |= Q(unit__path__in=unit_paths) & ~Q(
            unit__kind__in=[UnitKind.COMMITTEE, UnitKind.INSPECTION_OFFICE, UnitKind.OFFICE]
        )
    if UNIT in audience and measure.responsible_office is not None:
        sides |= Q(unit__kind=UnitKind.OFFICE, unit__path__in=ancestor_paths(measure.responsible_office.path))
    if OFFICE in audience:
        sides |= Q(unit__kind=UnitKind.COMMITTEE, unit__path__in=unit_paths) | Q(
            unit__kind=UnitKind.INSPECTION_OFFICE, unit__parent__path__in=unit_paths
        )
    return WebhookEndpoint.objects.filter(sides, enabled=True).values_list("pk", "kind", "url").order_by("pk")


def chain_deliver(notification_ids: list[int], robots: list[tuple[int, str, str]], words: Words) -> None:
    """After commit: the immediate e-mails, then the robots. Never raises."""
    try:
        _deliver_mails(notification_ids)
    except Exception:  # noqa: BLE001 - the move is done; a delivery bug must not surface as an error
        logger.exception("审批流转邮件发送出错")
    for pk, kind, url in robots:
        try:
            post_robot(
                kind,
                url,
                words.title,
                f"#### {words.title}\n\n{words.what}。\n\n[查看]({site_url(words.url)})",
            )
        except WebhookError as error:
            logger.warning("群机器人 %s 推送审批流转失败:%s", pk, error)
        except Exception:  # noqa: BLE001
            logger.exception("群机器人 %s 推送审批流转出错", pk)


def _deliver_mails(notification_ids: list[int]) -> None:
    if not notification_ids:
        return
    claimable = Notification.objects.filter(pk__in=notification_ids, email_status=EmailStatus.PENDING)
    notifications_send(notifications_claim(claimable))


# The daily digest's share -------------------------------------------------------------------


def deferred_items(user_ids=None):
    """The close-out moves waiting for the daily digest: ({user id: [Item]}, {user id: [notification ids]})."""
    from zhenggai.supervision.collect import Item
    from zhenggai.supervision.models import ReminderKind

    rows = Notification.objects.filter(kind=NotificationKind.WORKFLOW, email_status=EmailStatus.DAILY)
    if user_ids is not None:
        rows = rows.filter(user_id__in=user_ids)
    rows = rows.select_related("measure__problem__inspection__unit").order_by("created_at", "pk")
    per_user: dict[int, list] = {}
    ids: dict[int, list[int]] = {}
    for notification in rows:
        measure = notification.measure
        ids.setdefault(notification.user_id, []).append(notification.pk)
        if measure is None:
            continue
        problem = measure.problem
        unit = problem.inspection.unit
        content = " ".join(measure.content.split())
        per_user.setdefault(notification.user_id, []).append(
            Item(
                kind=ReminderKind.WORKFLOW,
                key=f"measure:{measure.pk}",
                unit_path=unit.path,
                unit_name=unit.short_name or unit.name,
                office_path="",
                committee_path="",
                problem_id=problem.pk,
                label=f"问题({cn_ordinal(problem.number)})措施{measure.number}",
                subject=content if len(content) <= 40 else content[:39] + "…",
                detail=notification.body.splitlines()[0].rstrip("。") if notification.body else "",
                url=notification.url,
            )
        )
    return per_user, ids
