"""What is due on a given day: every reminder item with the people it goes to, read in a fixed
number of queries whatever the size of the ledger.

Each kind of item is one query (measures, sent-back moves, look-backs, open 督办), joined with
the unit tree in SQL. The traffic-light conditions come from ``ledger.lights`` (the same
``LightDates`` and ``measure_light_q`` the ledger pages filter with), evaluated under each
committee's ``SupervisionPolicy``: one OR-ed condition per policy, so a run costs the same number
of queries with one committee or twenty. Escalation is the red condition evaluated N days ago:
"overdue by more than N days" is exactly "already red on today − N".
"""

import datetime as dt
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce

from django.conf import settings
from django.db.models import BooleanField, Case, Q, Value, When
from django.urls import reverse

from zhenggai.accounts.models import SupervisionPolicy, UnitKind
from zhenggai.accounts.policy import DEFAULT_POLICY, Policy, add_months
from zhenggai.accounts.scope import path_q
from zhenggai.core.chinese import cn_date, cn_ordinal
from zhenggai.ledger.lights import RED, YELLOW, LightDates, measure_light_q, with_report_date
from zhenggai.ledger.models import (
    LookBackReview,
    Measure,
    MeasureKind,
    MeasureStatus,
    MeasureTransition,
    ReviewOutcome,
)
from zhenggai.supervision.models import ReminderKind, SupervisionNotice
from zhenggai.supervision.recipients import Directory, ancestor_paths

UNIT_PATH = "problem__inspection__unit__path"
RETURN_MOVES = ("return_by_leader", "return_by_office")
_RETURNED_BY = {"return_by_leader": "单位领导", "return_by_office": "巡察办"}


@dataclass(frozen=True)
class Item:
    """One line of a reminder: what, where, why now, and a link."""

    kind: str
    key: str  # "measure:12" | "review:3" | "notice:5"
    unit_path: str
    unit_name: str
    office_path: str  # the measure's responsible office ("" when none or not a measure)
    committee_path: str  # the committee whose inspection office supervises the unit
    problem_id: int
    label: str  # 区科技局 问题(三)措施2
    subject: str  # the measure's content or the problem's title, shortened
    detail: str  # 整改时限2023年6月30日,已逾期3天
    url: str  # relative
    occurred_on: dt.date | None = None  # a return: reported once, on or after this day

    @property
    def target(self) -> dict:
        """The ReminderLog foreign key this item fills."""
        name, pk = self.key.split(":")
        return {f"{name}_id": int(pk)}


@dataclass
class Collected:
    today: dt.date
    # item → user ids it goes to
    items: list[tuple[Item, set[int]]] = field(default_factory=list)

    def add(self, item: Item, recipients: Iterable[int]) -> None:
        self.items.append((item, set(recipients)))


# Policies -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Policies:
    """Every committee's SupervisionPolicy (one query), resolved by path as ``policy_for`` does."""

    by_path: dict[str, Policy]

    @classmethod
    def load(cls) -> "Policies":
        rows = SupervisionPolicy.objects.filter(committee__kind=UnitKind.COMMITTEE).values_list(
            "committee__path", "long_term_report_months", "look_back_months", "warning_days"
        )
        return cls({path: Policy(*values) for path, *values in rows})

    def for_path(self, unit_path: str) -> Policy:
        for prefix in reversed(ancestor_paths(unit_path)):
            if prefix in self.by_path:
                return self.by_path[prefix]
        return DEFAULT_POLICY

    def groups(self, field_name: str = UNIT_PATH) -> list[tuple[Policy, Q]]:
        """(policy, condition on the unit path selecting the units it governs), one per policy.

        A unit is governed by the nearest committee above it that has a policy: under that
        committee's path and not under a deeper committee's that has its own.
        """
        paths = list(self.by_path)
        by_policy: dict[Policy, list[Q]] = {}
        for path, policy in self.by_path.items():
            deeper = tuple(p for p in paths if p != path and p.startswith(path))
            condition = path_q(field_name, (path,))
            if deeper:
                condition &= ~path_q(field_name, deeper)
            by_policy.setdefault(policy, []).append(condition)
        rest = ~path_q(field_name, tuple(paths)) if paths else Q()
        by_policy.setdefault(DEFAULT_POLICY, []).append(rest)
        return [(policy, reduce(operator.or_, conditions)) for policy, conditions in by_policy.items()]


def _any(conditions: list[Q]) -> Q:
    return reduce(operator.or_, conditions)


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


# Wording --------------------------------------------------------------------------------------


def _unit_name(short: str, name: str) -> str:
    return short or name


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _measure_label(row: dict) -> str:
    return f"问题({cn_ordinal(row['problem__number'])})措施{row['number']}"


def _problem_label(number: int) -> str:
    return f"问题({cn_ordinal(number)})"


def _measure_url(problem_id: int, measure_id: int) -> str:
    return f"{reverse('problem', args=[problem_id])}#measure-{measure_id}"


def _days(n: int) -> str:
    return f"{n}天"


# Queries --------------------------------------------------------------------------------------

# What a row about a measure or notice needs of its problem and unit (the workbench reads it too).
PROBLEM_UNIT_VALUES = (
    "problem_id",
    "problem__number",
    "problem__title",
    "problem__inspection__unit__path",
    "problem__inspection__unit__short_name",
    "problem__inspection__unit__name",
)
_UNIT_VALUES = (
    *PROBLEM_UNIT_VALUES,
    "problem__inspection__round__committee__path",
    "problem__inspection__round__committee_id",
)


def lit_conditions(today: dt.date, policies: Policies) -> tuple[Q, Q]:
    """(red, yellow) on ``with_report_date`` measures, each unit under its committee's policy:
    what the reminders and the workbench both call overdue (or late to report) and due soon."""
    red, yellow = [], []
    for policy, governed in policies.groups():
        red.append(governed & measure_light_q(RED, LightDates.on(today, policy)))
        yellow.append(governed & measure_light_q(YELLOW, LightDates.on(today, policy)))
    return _any(red), _any(yellow)


def review_window(today: dt.date, policies: Policies) -> Q:
    """Pending look-backs due within their policy's warning window, or already late."""
    return _any(
        [
            governed & Q(due_on__lte=today + dt.timedelta(days=policy.warning_days))
            for policy, governed in policies.groups()
        ]
    )


def measure_detail(row: dict, today: dt.date, policy: Policy) -> str:
    """Why a lit measure is due: ``row`` has ``is_red``, ``kind``, ``deadline`` and
    ``light_last_report`` (``with_report_date``)."""
    if not row["is_red"]:
        left = (row["deadline"] - today).days
        when = "今天到期" if left == 0 else f"还有{_days(left)}到期"
        return f"整改时限{cn_date(row['deadline'])},{when}"
    if row["kind"] == MeasureKind.LONG_TERM:
        last = row["light_last_report"]
        due = add_months(last, policy.long_term_report_months)
        late = max((today - due).days, 1)
        return (
            f"长期坚持,最近一次报告进展为{cn_date(last)},"
            f"每{policy.long_term_report_months}个月至少报告一次,已超期{_days(late)}未报告"
        )
    late = (today - row["deadline"]).days
    return f"整改时限{cn_date(row['deadline'])},已逾期{_days(late)}"


def returned_detail(move: str, on: dt.date, reason: str) -> str:
    return f"{cn_date(on)}被{_RETURNED_BY.get(move, '')}退回,理由:{_shorten(reason, 80)}"


def review_detail(due_on: dt.date, today: dt.date) -> str:
    left = (due_on - today).days
    when = f"已超期{_days(-left)}" if left < 0 else ("今天到期" if left == 0 else f"还有{_days(left)}")
    return f"回头看应于{cn_date(due_on)}前开展,{when}"


def notice_detail(issued_on: dt.date, answer_due: dt.date, today: dt.date) -> str:
    left = (answer_due - today).days
    due = f"{cn_date(issued_on)}督办,应于{cn_date(answer_due)}前答复"
    if left < 0:
        return f"{due},已超期{_days(-left)}"
    return f"{due}," + ("今天到期" if left == 0 else f"还有{_days(left)}")


def _measures(today: dt.date, policies: Policies, leader_days: int, office_days: int):
    red, yellow = lit_conditions(today, policies)
    leader, office = [], []
    for policy, governed in policies.groups():
        then = LightDates.on(today - dt.timedelta(days=leader_days), policy)
        leader.append(governed & measure_light_q(RED, then))
        then = LightDates.on(today - dt.timedelta(days=office_days), policy)
        office.append(governed & measure_light_q(RED, then))
    live = Measure.objects.live().filter(problem__deleted_at__isnull=True)
    return (
        with_report_date(live)
        .filter(red | yellow)
        .annotate(is_red=_flag(red), esc_leader=_flag(_any(leader)), esc_office=_flag(_any(office)))
        .order_by("problem__inspection__unit__path", "problem__number", "number")
        .values(
            "pk",
            "number",
            "content",
            "kind",
            "deadline",
            "leader_user_id",
            "responsible_office__path",
            "light_last_report",
            "is_red",
            "esc_leader",
            "esc_office",
            *_UNIT_VALUES,
        )
    )


def _committee_id(row: dict, prefix: str = "") -> int | None:
    return row[f"{prefix}problem__inspection__round__committee_id"]


def collect(
    today: dt.date,
    *,
    directory: Directory,
    policies: Policies,
    sent_back_since: dt.date,
    leader_days: int | None = None,
    office_days: int | None = None,
) -> Collected:
    leader_days = settings.ZHENGGAI_ESCALATE_LEADER_DAYS if leader_days is None else leader_days
    office_days = settings.ZHENGGAI_ESCALATE_OFFICE_DAYS if office_days is None else office_days
    out = Collected(today)

    # Measures: due soon (yellow), overdue (red), and the escalations of red ones.
    for row in _measures(today, policies, leader_days, office_days):
        unit_path = row["problem__inspection__unit__path"]
        office_path = row["responsible_office__path"] or ""
        committee_path = row["problem__inspection__round__committee__path"] or ""
        policy = policies.for_path(unit_path)
        base = {
            "key": f"measure:{row['pk']}",
            "unit_path": unit_path,
            "unit_name": _unit_name(
                row["problem__inspection__unit__short_name"], row["problem__inspection__unit__name"]
            ),
            "office_path": office_path,
            "committee_path": committee_path,
            "problem_id": row["problem_id"],
            "label": _measure_label(row),
            "subject": _shorten(row["content"]),
            "url": _measure_url(row["problem_id"], row["pk"]),
        }
        workers = directory.office_clerks(office_path) | directory.unit_liaisons(unit_path)
        detail = measure_detail(row, today, policy)
        if not row["is_red"]:
            out.add(Item(kind=ReminderKind.DUE_SOON, detail=detail, **base), workers)
            continue
        out.add(Item(kind=ReminderKind.OVERDUE, detail=detail, **base), workers)
        if row["esc_leader"]:
            leaders = directory.measure_leader(row["leader_user_id"], unit_path)
            out.add(Item(kind=ReminderKind.ESCALATE_LEADER, detail=detail, **base), leaders)
        if row["esc_office"]:
            office = directory.inspection_office(_committee_id(row), unit_path)
            out.add(Item(kind=ReminderKind.ESCALATE_OFFICE, detail=detail, **base), office)

    # Sent back (退回) since the last run; the latest return of each measure still open.
    returned = (
        MeasureTransition.objects.filter(
            move__in=RETURN_MOVES,
            effective_on__gte=sent_back_since,
            effective_on__lte=today,
            measure__deleted_at__isnull=True,
            measure__problem__deleted_at__isnull=True,
        )
        .exclude(measure__status=MeasureStatus.CLOSED)
        .order_by("measure_id", "-at", "-pk")
        .values(
            "measure_id",
            "move",
            "reason",
            "effective_on",
            "measure__number",
            "measure__content",
            "measure__responsible_office__path",
            *(f"measure__{name}" for name in _UNIT_VALUES),
        )
    )
    seen: set[int] = set()
    for row in returned:
        if row["measure_id"] in seen:
            continue
        seen.add(row["measure_id"])
        unit_path = row["measure__problem__inspection__unit__path"]
        office_path = row["measure__responsible_office__path"] or ""
        detail = returned_detail(row["move"], row["effective_on"], row["reason"])
        item = Item(
            kind=ReminderKind.SENT_BACK,
            key=f"measure:{row['measure_id']}",
            unit_path=unit_path,
            unit_name=_unit_name(
                row["measure__problem__inspection__unit__short_name"],
                row["measure__problem__inspection__unit__name"],
            ),
            office_path=office_path,
            committee_path=row["measure__problem__inspection__round__committee__path"] or "",
            problem_id=row["measure__problem_id"],
            label=f"问题({cn_ordinal(row['measure__problem__number'])})措施{row['measure__number']}",
            subject=_shorten(row["measure__content"]),
            detail=detail,
            url=_measure_url(row["measure__problem_id"], row["measure_id"]),
            occurred_on=row["effective_on"],
        )
        # The date of the return travels with the item: a return is reported once, not daily.
        out.add(item, directory.office_clerks(office_path) | directory.unit_liaisons(unit_path))

    # Look-backs (回头看) due within the warning window, or already late.
    reviews = (
        LookBackReview.objects.filter(outcome=ReviewOutcome.PENDING, problem__deleted_at__isnull=True)
        .filter(review_window(today, policies))
        .order_by("due_on", "pk")
        .values("pk", "due_on", *_UNIT_VALUES)
    )
    for row in reviews:
        unit_path = row["problem__inspection__unit__path"]
        item = Item(
            kind=ReminderKind.LOOK_BACK,
            key=f"review:{row['pk']}",
            unit_path=unit_path,
            unit_name=_unit_name(
                row["problem__inspection__unit__short_name"], row["problem__inspection__unit__name"]
            ),
            office_path="",
            committee_path=row["problem__inspection__round__committee__path"] or "",
            problem_id=row["problem_id"],
            label=_problem_label(row["problem__number"]),
            subject=_shorten(row["problem__title"]),
            detail=review_detail(row["due_on"], today),
            url=reverse("problem", args=[row["problem_id"]]),
        )
        recipients = directory.unit_liaisons(unit_path) | directory.inspection_office(
            _committee_id(row), unit_path
        )
        out.add(item, recipients)

    # Open 督办: the unit answers; once the answer is late, the inspection office is told too.
    notices = (
        SupervisionNotice.objects.filter(answered_on__isnull=True, problem__deleted_at__isnull=True)
        .order_by("answer_due", "pk")
        .values("pk", "answer_due", "issued_on", "issued_by_id", "content", *_UNIT_VALUES)
    )
    for row in notices:
        unit_path = row["problem__inspection__unit__path"]
        left = (row["answer_due"] - today).days
        base = {
            "key": f"notice:{row['pk']}",
            "unit_path": unit_path,
            "unit_name": _unit_name(
                row["problem__inspection__unit__short_name"], row["problem__inspection__unit__name"]
            ),
            "office_path": "",
            "committee_path": row["problem__inspection__round__committee__path"] or "",
            "problem_id": row["problem_id"],
            "label": _problem_label(row["problem__number"]),
            "subject": _shorten(row["content"]),
            "url": reverse("supervision_notice", args=[row["pk"]]),
        }
        detail = notice_detail(row["issued_on"], row["answer_due"], today)
        answerers = directory.unit_liaisons(unit_path) | directory.unit_first_leaders(unit_path)
        out.add(Item(kind=ReminderKind.NOTICE_OPEN, detail=detail, **base), answerers)
        if left < 0:
            office = directory.inspection_office(_committee_id(row), unit_path)
            if row["issued_by_id"]:
                office.add(row["issued_by_id"])
            out.add(Item(kind=ReminderKind.NOTICE_LATE, detail=detail, **base), office)
    return out
