"""The workbench (我的待办 / 已办): what is waiting for the user, and what they did lately.

Each kind of task is one query, whatever the size of the ledger: it starts from the permission
choke point (``visible_*``), is narrowed to what the user's role acts on (``workbench.roles``),
and is read at most ``PER_KIND`` rows deep. The rules of what is due come from where the
reminders take them (``supervision.collect``: the traffic lights under each committee's policy,
the look-back window, the wording), so the workbench and the reminder e-mails never disagree.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import DateField, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenggai.core.chinese import cn_date, cn_ordinal
from zhenggai.core.types import Viewer
from zhenggai.inspections.permissions import scoped_inspections
from zhenggai.ledger.lights import with_report_date
from zhenggai.ledger.models import (
    MeasureStatus,
    MeasureTransition,
    ReviewOutcome,
)
from zhenggai.ledger.permissions import visible_measures, visible_reviews
from zhenggai.notices.models import NoticeState
from zhenggai.notices.permissions import visible_notices as visible_progress_notices
from zhenggai.public.models import OPEN_STATUSES, FeedbackStatus
from zhenggai.public.permissions import visible_feedback
from zhenggai.supervision.collect import (
    PROBLEM_UNIT_VALUES,
    RETURN_MOVES,
    Policies,
    lit_conditions,
    measure_detail,
    notice_detail,
    returned_detail,
    review_detail,
    review_window,
)
from zhenggai.supervision.permissions import visible_notices as visible_supervision_notices
from zhenggai.workbench.roles import Duties, duties_for

# Rows of each kind on the page (and in the API): the oldest first, the rest in the kind's list
# (``LIST_URLS``). A queue is worked from its head; twenty rows fit a screen and keep the page's
# rendering bounded (docs/workbench.md, "Cost").
PER_KIND = 20
BADGE_CAP = 99  # the header shows "99+" beyond this
DONE_DAYS, DONE_ROWS = 30, 50


class TaskKind:
    CONFIRM = "confirm"
    APPROVE = "approve"
    RETURNED = "returned"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    SUPERVISION = "supervision"
    FEEDBACK = "feedback"
    LOOK_BACK = "look_back"
    NOTICE_DRAFT = "notice_draft"
    GROUP_CONFIRM = "group_confirm"


# In the order the page shows them: decisions waiting on the user first, then what is late.
KIND_LABELS = {
    TaskKind.CONFIRM: _("待审核销号"),
    TaskKind.APPROVE: _("待批准销号"),
    TaskKind.GROUP_CONFIRM: _("巡察组待确认"),
    TaskKind.RETURNED: _("被退回的措施"),
    TaskKind.OVERDUE: _("逾期或超期未报告进展"),
    TaskKind.DUE_SOON: _("即将到期"),
    TaskKind.SUPERVISION: _("督办待答复"),
    TaskKind.FEEDBACK: _("群众意见待办理"),
    TaskKind.LOOK_BACK: _("回头看待开展"),
    TaskKind.NOTICE_DRAFT: _("通报草稿待公开"),
}
KINDS = tuple(KIND_LABELS)
# The close-outs the queue can decide in bulk, and the move each one takes.
BULK_MOVES = {TaskKind.CONFIRM: "confirm", TaskKind.APPROVE: "approve"}
# Where the whole of a kind is listed, when the workbench shows only its head: (url name, query).
LIST_URLS = {
    TaskKind.CONFIRM: ("measure_list", "status=submitted&order=waiting"),
    TaskKind.APPROVE: ("measure_list", "status=confirmed&order=waiting"),
    TaskKind.OVERDUE: ("measure_list", "light=red"),
    TaskKind.DUE_SOON: ("measure_list", "light=yellow"),
    TaskKind.LOOK_BACK: ("review_list", "due=1"),
}


def list_url(kind: str) -> str:
    if kind not in LIST_URLS:
        return ""
    name, query = LIST_URLS[kind]
    return reverse(name) + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Task:
    kind: str
    object_type: str  # measure | supervision_notice | feedback | review | notice
    object_id: int
    title: str
    since: dt.date  # since when it has been waiting (for what is due soon: its due date)
    url: str
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class TaskList(list[Task]):
    """The tasks, in ``KINDS`` order; ``truncated``: the kinds that had more than ``PER_KIND``."""

    def __init__(self, tasks: Iterable[Task] = (), truncated: Iterable[str] = frozenset()) -> None:
        super().__init__(tasks)
        self.truncated = frozenset(truncated)

    def groups(self) -> list[dict[str, Any]]:
        by_kind: dict[str, list[Task]] = {}
        for task in self:
            by_kind.setdefault(task.kind, []).append(task)
        return [
            {
                "kind": kind,
                "label": KIND_LABELS[kind],
                "tasks": by_kind[kind],
                "more": kind in self.truncated,
                "bulk_move": BULK_MOVES.get(kind),
                "list_url": list_url(kind) if kind in self.truncated else "",
            }
            for kind in KINDS
            if kind in by_kind
        ]

    @property
    def badge(self) -> str:
        return badge_text(len(self), more=bool(self.truncated))


def badge_text(n: int, *, more: bool = False) -> str:
    if not n:
        return ""
    if n > BADGE_CAP:
        return f"{BADGE_CAP}+"
    return f"{n}+" if more else str(n)


# Wording -------------------------------------------------------------------------------------


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unit(row: dict[str, Any], prefix: str = "problem__inspection__unit__") -> str:
    return row[f"{prefix}short_name"] or row[f"{prefix}name"]


def _measure_title(row: dict[str, Any]) -> str:
    return (
        f"{_unit(row)} 问题({cn_ordinal(row['problem__number'])})措施{row['number']}:"
        f"{_shorten(row['content'])}"
    )


def _measure_url(row: dict[str, Any]) -> str:
    return f"{reverse('problem', args=[row['problem_id']])}#measure-{row['pk']}"


_MEASURE_VALUES = (
    "pk",
    "number",
    "content",
    "kind",
    "deadline",
    "problem_id",
    "problem__number",
    "problem__inspection__unit__path",
    "problem__inspection__unit__short_name",
    "problem__inspection__unit__name",
)


def _last_transition(field: str) -> Subquery:
    """The measure's latest move's ``field`` (a submitted measure's latest move is its 申请销号)."""
    latest = MeasureTransition.objects.filter(measure=OuterRef("pk")).order_by("-at", "-pk")
    return Subquery(latest.values(field)[:1])


def _policies(user: Viewer) -> Policies:
    """Every committee's policy, read once per request (the page and the header both need it)."""
    cached = getattr(user, "_zhenggai_policies", None)
    if cached is None:
        cached = user._zhenggai_policies = Policies.load()  # type: ignore[attr-defined]  # per-request memo
    return cached


# The queues, as querysets of value rows ------------------------------------------------------


def _queues(user: Viewer, duties: Duties, today: dt.date) -> dict[str, QuerySet[Any, Any]]:
    """Each kind's rows, oldest first, not yet sliced."""
    policies = _policies(user)
    red, yellow = lit_conditions(today, policies)
    measures = visible_measures(user)
    # Frozen measures (申请销号 and after) take no progress: not "to report on".
    reportable = with_report_date(
        measures.filter(status__in=(MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS)).filter(
            duties.reports_on()
        )
    )
    values = (*_MEASURE_VALUES, "light_last_report")
    return {
        # Oldest application first, walked through the ``measure_awaiting_since`` index.
        TaskKind.CONFIRM: measures.filter(status=MeasureStatus.SUBMITTED)
        .filter(duties.confirms())
        .order_by("status_since", "pk")
        .values(*_MEASURE_VALUES, since=F("status_since")),
        TaskKind.APPROVE: measures.filter(status=MeasureStatus.CONFIRMED)
        .filter(duties.approves())
        .order_by("status_since", "pk")
        .values(*_MEASURE_VALUES, since=F("status_since")),
        TaskKind.RETURNED: measures.filter(status=MeasureStatus.IN_PROGRESS)
        .filter(duties.submits())
        .annotate(
            last_move=_last_transition("move"),
            since=_last_transition("effective_on"),
            reason=_last_transition("reason"),
        )
        .filter(last_move__in=RETURN_MOVES)
        .order_by("since", "pk")
        .values(*_MEASURE_VALUES, "since", "last_move", "reason"),
        TaskKind.OVERDUE: reportable.filter(red)
        .order_by("deadline", "light_last_report", "pk")  # type: ignore[misc]  # annotate_light
        .values(*values),
        TaskKind.DUE_SOON: reportable.filter(yellow & ~red).order_by("deadline", "pk").values(*values),
        TaskKind.SUPERVISION: visible_supervision_notices(user)
        .filter(answered_on__isnull=True, problem__deleted_at__isnull=True)
        .filter(duties.answers_for_unit("problem__inspection__unit__path"))
        .order_by("answer_due", "pk")
        .values("pk", "issued_on", "answer_due", "content", *PROBLEM_UNIT_VALUES),
        TaskKind.FEEDBACK: visible_feedback(user)
        .filter(status__in=OPEN_STATUSES)
        .filter(duties.answers_for_unit("unit__path"))
        .annotate(since=TruncDate("created_at", output_field=DateField()))
        .order_by("created_at", "pk")
        .values("pk", "since", "status", "message", "problem_label", "unit__short_name", "unit__name"),
        TaskKind.LOOK_BACK: visible_reviews(user)
        .filter(outcome=ReviewOutcome.PENDING, problem__deleted_at__isnull=True)
        .filter(review_window(today, policies))
        .filter(duties.reviews())
        .order_by("due_on", "pk")
        .values("pk", "due_on", *PROBLEM_UNIT_VALUES),
        # An import that joined a group with members: the office says whether they may see it.
        TaskKind.GROUP_CONFIRM: scoped_inspections(user)
        .filter(group_confirmed=False)
        .filter(duties.confirms_groups())
        .order_by("created_at", "pk")
        .values("pk", "created_at", "group__name", "round__name", "unit__short_name", "unit__name"),
        TaskKind.NOTICE_DRAFT: visible_progress_notices(user)
        .filter(state=NoticeState.DRAFT)
        .filter(duties.publishes())
        .order_by("signed_on", "pk")
        .values("pk", "signed_on", "cutoff_date", "inspection__unit__short_name", "inspection__unit__name"),
    }


def _task(kind: str, row: dict[str, Any], today: dt.date, policies: Policies) -> Task:
    if kind in (TaskKind.CONFIRM, TaskKind.APPROVE):
        label = _("申请销号") if kind == TaskKind.CONFIRM else _("单位已审核")
        since = row["since"] or today
        return Task(kind, "measure", row["pk"], _measure_title(row), since, _measure_url(row),
                    f"{label}于{cn_date(since)}")  # fmt: skip
    if kind == TaskKind.RETURNED:
        detail = returned_detail(row["last_move"], row["since"], row["reason"])
        return Task(kind, "measure", row["pk"], _measure_title(row), row["since"], _measure_url(row), detail)
    if kind in (TaskKind.OVERDUE, TaskKind.DUE_SOON):
        policy = policies.for_path(row["problem__inspection__unit__path"])
        detail = measure_detail({**row, "is_red": kind == TaskKind.OVERDUE}, today, policy)
        since = row["deadline"] or row["light_last_report"] or today
        return Task(kind, "measure", row["pk"], _measure_title(row), since, _measure_url(row), detail)
    if kind == TaskKind.SUPERVISION:
        title = f"{_unit(row)} 问题({cn_ordinal(row['problem__number'])}):{_shorten(row['content'])}"
        return Task(kind, "supervision_notice", row["pk"], title, row["issued_on"],
                    reverse("supervision_notice", args=[row["pk"]]),
                    notice_detail(row["issued_on"], row["answer_due"], today))  # fmt: skip
    if kind == TaskKind.FEEDBACK:
        status = FeedbackStatus(row["status"]).label
        about = f",涉及{_shorten(row['problem_label'], 30)}" if row["problem_label"] else ""
        return Task(kind, "feedback", row["pk"], f"{_unit(row, 'unit__')}:{_shorten(row['message'])}",
                    row["since"], reverse("public:inbox_detail", args=[row["pk"]]),
                    f"{status},{cn_date(row['since'])}收到{about}")  # fmt: skip
    if kind == TaskKind.LOOK_BACK:
        title = f"{_unit(row)} 问题({cn_ordinal(row['problem__number'])}):{_shorten(row['problem__title'])}"
        return Task(kind, "review", row["pk"], title, row["due_on"],
                    f"{reverse('problem', args=[row['problem_id']])}#reviews",
                    review_detail(row["due_on"], today))  # fmt: skip
    if kind == TaskKind.GROUP_CONFIRM:
        since = timezone.localtime(row["created_at"]).date()
        return Task(kind, "inspection", row["pk"], f"{_unit(row, 'unit__')} · {row['round__name']}", since,
                    reverse("setup:inspection", args=[row["pk"]]),
                    f"单位于{cn_date(since)}导入,巡察组为“{row['group__name']}”,确认后该组成员方可查看")  # fmt: skip
    unit = _unit(row, "inspection__unit__")
    return Task(kind, "notice", row["pk"], f"{unit}整改进展情况通报(截至{cn_date(row['cutoff_date'])})",
                row["signed_on"], reverse("notice", args=[row["pk"]]),
                f"草稿,成文日期{cn_date(row['signed_on'])},待单位主要负责人确认公开")  # fmt: skip


def tasks_for(user: Viewer, *, today: dt.date | None = None) -> TaskList:
    """What waits for the user today, kind by kind (at most ``PER_KIND`` of each): one query per
    kind the user has a duty for (a kind none of their roles act on costs none)."""
    today = today or timezone.localdate()
    duties = duties_for(user)
    if duties.user_id is None:
        return TaskList()
    policies = _policies(user)
    tasks: list[Task] = []
    truncated: set[str] = set()
    for kind, queue in _queues(user, duties, today).items():
        rows = list(queue[: PER_KIND + 1])
        if len(rows) > PER_KIND:
            truncated.add(kind)
        tasks.extend(_task(kind, row, today, policies) for row in rows[:PER_KIND])
    result = TaskList(tasks, truncated)
    _remember_badge(user, result.badge)  # the header reads it, with no query of its own
    return result


# The header's badge is kept this long per user: counting costs a query whose planning alone takes
# a few milliseconds (every queue's scope), on every page. The workbench itself always counts afresh
# and refreshes it; elsewhere the number may lag a change by up to this long.
BADGE_SECONDS = 30


def _badge_key(user: Viewer) -> str:
    return f"zhenggai-workbench-badge:{user.pk}"


def _remember_badge(user: Viewer, badge: str) -> str:
    """The badge for the rest of the request (on the user object) and the next ``BADGE_SECONDS``."""
    user._zhenggai_tasks = badge  # type: ignore[attr-defined]  # per-request memo
    cache.set(_badge_key(user), badge, BADGE_SECONDS)
    return badge


def task_count(user: Viewer, *, today: dt.date | None = None, fresh: bool = False) -> str:
    """The header's badge, as the workbench would show it: the open tasks read in one query (each
    kind capped at ``PER_KIND + 1`` rows: "20+" when one has more, "99+" beyond ``BADGE_CAP``),
    once per request and kept ``BADGE_SECONDS`` for the user's next pages (``fresh``: count anew,
    as after the user's own action)."""
    cached = getattr(user, "_zhenggai_tasks", None)
    if cached is None and today is None and not fresh:
        cached = cache.get(_badge_key(user))
    if cached is not None:
        user._zhenggai_tasks = cached  # type: ignore[attr-defined]  # per-request memo
        return cached
    today = today or timezone.localdate()
    duties = duties_for(user)
    if duties.user_id is None:  # signed out or inactive: no tasks, nothing to keep
        user._zhenggai_tasks = ""  # type: ignore[attr-defined]  # per-request memo
        return ""
    parts = []
    for i, rows in enumerate(_queues(user, duties, today).values()):
        rows = rows.order_by()  # a count needs no order: each part stops at the cap
        if connection.vendor == "mysql":  # MariaDB refuses LIMIT in IN (…); a UNION part takes it
            parts.append(rows.values_list(Value(i))[: PER_KIND + 1])
            continue
        ids = rows.values("pk")[: PER_KIND + 1]
        parts.append(rows.model.objects.filter(pk__in=ids).values_list(Value(i)).order_by())
    first, *rest = parts
    per_kind = Counter(kind for (kind,) in first.union(*rest, all=True))
    n = sum(min(count, PER_KIND) for count in per_kind.values())
    more = any(count > PER_KIND for count in per_kind.values())
    return _remember_badge(user, badge_text(n, more=more))
