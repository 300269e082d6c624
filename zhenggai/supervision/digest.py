"""The words of a reminder: one digest per person per day, and the robot markdown for a group."""

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse

from zhenggai.core.chinese import cn_date, cn_ordinal
from zhenggai.supervision.collect import Item
from zhenggai.supervision.models import ReminderKind

# Section order and headings. {leader}/{office}: the escalation thresholds in days.
SECTIONS: tuple[tuple[str, str], ...] = (
    (ReminderKind.WORKFLOW, "销号审批流转"),
    (ReminderKind.OVERDUE, "已逾期"),
    (ReminderKind.DUE_SOON, "即将到期"),
    (ReminderKind.SENT_BACK, "被退回,请修改后重新申请销号"),
    (ReminderKind.ESCALATE_LEADER, "逾期超过{leader}天,抄送责任领导督促"),
    (ReminderKind.ESCALATE_OFFICE, "逾期超过{office}天,抄送巡察办"),
    (ReminderKind.LOOK_BACK, "回头看即将到期"),
    (ReminderKind.NOTICE_OPEN, "督办待答复"),
    (ReminderKind.NOTICE_LATE, "督办逾期未答复"),
)
SHORT = {
    ReminderKind.WORKFLOW: "审批流转",
    ReminderKind.OVERDUE: "已逾期",
    ReminderKind.DUE_SOON: "即将到期",
    ReminderKind.SENT_BACK: "被退回",
    ReminderKind.ESCALATE_LEADER: "逾期抄送",
    ReminderKind.ESCALATE_OFFICE: "逾期抄送巡察办",
    ReminderKind.LOOK_BACK: "回头看",
    ReminderKind.NOTICE_OPEN: "督办待答复",
    ReminderKind.NOTICE_LATE: "督办逾期未答复",
}
WECOM_LIMIT = 4000  # bytes; the robot refuses markdown over 4096
DINGTALK_LIMIT = 15000


def site_url(path: str = "/") -> str:
    return settings.ZHENGGAI_SITE_URL.rstrip("/") + path


def heading(kind: str) -> str:
    text = dict(SECTIONS)[kind]
    return text.format(
        leader=settings.ZHENGGAI_ESCALATE_LEADER_DAYS, office=settings.ZHENGGAI_ESCALATE_OFFICE_DAYS
    )


def _grouped(items: Sequence[Item]) -> list[tuple[str, list[Item]]]:
    return [
        (kind, [item for item in items if item.kind == kind])
        for kind, _ in SECTIONS
        if any(item.kind == kind for item in items)
    ]


def _counts(groups) -> str:
    return "、".join(f"{SHORT[kind]}{len(items)}项" for kind, items in groups)


def _line(item: Item, with_unit: bool = True) -> str:
    where = f"{item.unit_name} " if with_unit else ""
    return f"{where}{item.label}“{item.subject}”:{item.detail}。"


def digest(name: str, today: dt.date, items: Sequence[Item]) -> tuple[str, str, str]:
    """(title, body, url) of one person's digest. The body is plain text with absolute links."""
    groups = _grouped(items)
    title = f"【整改提醒】{cn_date(today)}:{_counts(groups)}"
    lines = [f"{name},您好:", "", f"截至{cn_date(today)},以下巡察整改事项需要您关注。"]
    for number, (kind, section) in enumerate(groups, 1):
        lines += ["", f"{cn_ordinal(number)}、{heading(kind)}({len(section)}项)"]
        for index, item in enumerate(section, 1):
            lines += [f"{index}. {_line(item)}", f"   {site_url(item.url)}"]
    lines += [
        "",
        f"请登录整改台账及时办理:{site_url()}",
        "本提醒由系统每日自动汇总发送;事项销号后不再提醒。",
    ]
    urls = {item.url for item in items}
    url = urls.pop() if len(urls) == 1 else reverse("supervision_notifications")
    return title[:200], "\n".join(lines), url


def robot_markdown(heading_text: str, today: dt.date, items: Sequence[Item], limit: int) -> tuple[str, str]:
    """(title, markdown) for a group robot, cut to ``limit`` bytes with a note of what was left out."""
    groups = _grouped(items)
    title = f"【整改提醒】{heading_text} {cn_date(today)}"
    head = [f"#### {title}", f"{_counts(groups)}", ""]
    body: list[str] = []
    for kind, section in groups:
        body.append(f"**{heading(kind)}({len(section)}项)**")
        body += [f"- {_line(item)} [查看]({site_url(item.url)})" for item in section]
        body.append("")
    tail = [f"[登录整改台账办理]({site_url()})"]
    text = "\n".join(head + body + tail)
    if len(text.encode()) <= limit:
        return title, text

    def note(left: int) -> list[str]:
        return [f"……另有{left}项,请登录系统查看。"] if left else []

    def items_in(lines: list[str]) -> int:
        return sum(1 for line in lines if line.startswith("- "))

    kept: list[str] = []
    for index, line in enumerate(body):
        candidate = head + kept + [line] + note(items_in(body[index + 1 :])) + tail
        if len("\n".join(candidate).encode()) > limit:
            break
        kept.append(line)
    return title, "\n".join(head + kept + note(items_in(body[len(kept) :])) + tail)
