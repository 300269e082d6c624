"""Traffic lights (红黄绿灯) for measures and problems, computed in SQL from deadline and kind.

- red:    a one-off measure past its deadline and not struck off, or a long-term measure whose
          periodic report is late
- yellow: a one-off measure due within the warning window (default 7 days)
- green:  on track
- grey:   struck off
A problem shows the worst light of its live measures (grey only when all are grey).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.policy import DEFAULT_POLICY, Policy, add_months
from zhenggai.ledger.models import Measure, MeasureKind, MeasureStatus, Problem

RED, YELLOW, GREEN, GREY = "red", "yellow", "green", "grey"
LIGHTS = (RED, YELLOW, GREEN, GREY)
LIGHT_LABELS = {RED: _("逾期"), YELLOW: _("临期"), GREEN: _("正常"), GREY: _("已销号")}
# The lists' filter (the ledger's LedgerFilterForm says the same).
LIGHT_FILTER_LABELS = {RED: _("红灯(逾期)"), YELLOW: _("黄灯(临期)"), GREEN: _("绿灯"), GREY: _("已销号")}
_RANK = {GREY: 0, GREEN: 1, YELLOW: 2, RED: 3}


@dataclass(frozen=True)
class LightDates:
    """The three dates that decide every light on a given day under a given policy."""

    today: dt.date
    warn_until: dt.date
    report_cutoff: dt.date

    @classmethod
    def on(cls, today: dt.date | None = None, policy: Policy = DEFAULT_POLICY) -> "LightDates":
        today = today or timezone.localdate()
        return cls(
            today=today,
            warn_until=today + dt.timedelta(days=policy.warning_days),
            report_cutoff=add_months(today, -policy.long_term_report_months),
        )


def _conditions(dates: LightDates, prefix: str = "") -> dict[str, Q]:
    f = lambda name: f"{prefix}{name}"  # noqa: E731
    open_ = ~Q(**{f("status"): MeasureStatus.CLOSED})
    one_off = ~Q(**{f("kind"): MeasureKind.LONG_TERM})
    long_term = Q(**{f("kind"): MeasureKind.LONG_TERM})
    late_report = Q(**{f("light_last_report__lt"): dates.report_cutoff})
    return {
        GREY: ~open_,
        RED: open_ & ((one_off & Q(**{f("deadline__lt"): dates.today})) | (long_term & late_report)),
        YELLOW: open_
        & one_off
        & Q(**{f("deadline__gte"): dates.today, f("deadline__lte"): dates.warn_until}),
        "late_report": late_report,
    }


def measure_light_conditions(dates: LightDates) -> dict[str, Q]:
    """The raw conditions on ``with_report_date`` measures: grey, red, yellow as the CASE of
    ``annotate_light`` tests them in turn (so yellow alone does not exclude red), and
    ``late_report`` (a long-term measure's last report before the cut-off)."""
    return _conditions(dates)


def with_report_date(measures: QuerySet[Measure], feedback_date=None) -> QuerySet[Measure]:
    """The date a long-term measure last reported (its feedback date when it never did).

    ``feedback_date``: where to read the feedback date, when the caller has it at hand (an
    ``OuterRef`` to the problem's inspection spares a subquery two joins per problem)."""
    return measures.annotate(
        light_last_report=Coalesce(
            "last_progress_on",
            feedback_date or F("problem__inspection__feedback_date"),
            output_field=DateField(),
        )
    )


def annotate_light(measures: QuerySet[Measure], dates: LightDates) -> QuerySet[Measure]:
    cond = _conditions(dates)
    return with_report_date(measures).annotate(
        light=Case(
            When(cond[GREY], then=Value(GREY)),
            When(cond[RED], then=Value(RED)),
            When(cond[YELLOW], then=Value(YELLOW)),
            default=Value(GREEN),
            output_field=CharField(),
        )
    )


def measure_light_q(light: str, dates: LightDates) -> Q:
    """Filter for ``with_report_date`` measures having ``light``."""
    cond = _conditions(dates)
    if light == GREEN:
        return ~cond[GREY] & ~cond[RED] & ~cond[YELLOW]
    if light == YELLOW:
        return cond[YELLOW] & ~cond[RED]
    return cond[light]


def _rank(dates: LightDates) -> Case:
    """The light of a ``with_report_date`` measure as its rank (grey 0 … red 3), in one CASE."""
    cond = _conditions(dates)
    return Case(
        When(cond[GREY], then=Value(_RANK[GREY])),
        When(cond[RED], then=Value(_RANK[RED])),
        When(cond[YELLOW], then=Value(_RANK[YELLOW])),
        default=Value(_RANK[GREEN]),
        output_field=IntegerField(),
    )


class _RankName(Func):
    """``CASE rank WHEN 0 THEN 'grey' … ELSE 'green' END``: the subquery is evaluated once per row
    (a searched CASE per light would repeat it four times, in the SQL and in the ORM's work)."""

    arity = 1
    output_field = CharField()
    template = (
        "CASE %(expressions)s "
        + " ".join(f"WHEN {rank} THEN '{light}'" for light, rank in _RANK.items())
        + f" ELSE '{GREEN}' END"
    )


def annotate_problem_light(problems: QuerySet[Problem], dates: LightDates) -> QuerySet[Problem]:
    """Worst light of the problem's live measures, as one correlated aggregate."""
    worst = (
        with_report_date(
            Measure.objects.live().filter(problem=OuterRef("pk")), OuterRef("inspection__feedback_date")
        )
        .values("problem")
        .annotate(worst=Max(_rank(dates)))
        .values("worst")
    )
    rank = Subquery(worst[:1], output_field=IntegerField())
    return problems.annotate(light_rank=rank, light=_RankName(rank))


# Why a light is lit: one sentence per rule, next to the rules above so that they change together.
# The pages show it as the light's tooltip and visually hidden text; the legend states the rules.


def light_reason(
    light: str,
    *,
    kind: str,
    deadline: dt.date | None,
    last_report: dt.date | None,
    today: dt.date,
) -> str:
    """The reason for ``light`` (as ``annotate_light`` computed it) in words: “逾期 12 天”,
    “还有 3 天到期”, “长期事项 45 天未报”. ``last_report``: the measure's ``light_last_report``."""
    if light == GREY:
        return str(_("已销号"))
    if kind == MeasureKind.LONG_TERM:
        if light == RED:
            if last_report is None:
                return str(_("长期事项逾期未报"))
            return str(_("长期事项 %(days)s 天未报") % {"days": (today - last_report).days})
        if last_report is not None:
            return str(_("长期事项,%(days)s 天前报告过进展") % {"days": (today - last_report).days})
        return str(_("长期事项,按期报告"))
    if deadline is None:
        return str(_("正常"))
    days = (deadline - today).days
    if light == RED or days < 0:
        return str(_("逾期 %(days)s 天") % {"days": -days})
    if days == 0:
        return str(_("今天到期"))
    return str(_("还有 %(days)s 天到期") % {"days": days})


def light_title(light: str, reason: str) -> str:
    """The light's name and reason, for the visually hidden text: “红灯:逾期 12 天”."""
    return str(_("%(light)s:%(reason)s") % {"light": LIGHT_NAMES.get(light, ""), "reason": reason})


LIGHT_NAMES = {RED: _("红灯"), YELLOW: _("黄灯"), GREEN: _("绿灯"), GREY: _("灰灯")}


PROBLEM_LIGHT_REASONS = {
    RED: _("有措施逾期或长期事项逾期未报"),
    YELLOW: _("有措施临近整改时限"),
    GREEN: _("各项措施按期推进"),
    GREY: _("各项措施均已销号"),
}


def problem_light_reason(light: str) -> str:
    """A problem shows the worst light of its measures: the reason names that measure's rule."""
    return str(PROBLEM_LIGHT_REASONS.get(light, ""))


def look_back_light(*, due_on: dt.date, pending: bool, dates: LightDates) -> tuple[str, str] | None:
    """A look-back (回头看) not done by its due date is lit red, one due within the warning window
    yellow; the light and its reason, or None (done, or not due yet)."""
    if not pending:
        return None
    days = (due_on - dates.today).days
    if days < 0:
        return RED, str(_("回头看逾期 %(days)s 天") % {"days": -days})
    if due_on <= dates.warn_until:
        if days == 0:
            return YELLOW, str(_("回头看今天到期"))
        return YELLOW, str(_("还有 %(days)s 天应开展回头看") % {"days": days})
    return None


def light_legend(policy: Policy = DEFAULT_POLICY) -> list[tuple[str, str]]:
    """The rules in words under ``policy`` (the unit's, from ``policy_for``): (light, text)."""
    return [
        (GREEN, str(_("绿灯:按期推进"))),
        (
            YELLOW,
            str(_("黄灯:%(days)s 天内到期(含当天)") % {"days": policy.warning_days}),
        ),
        (
            RED,
            str(
                _("红灯:已过整改时限仍未销号;长期坚持的事项超过 %(months)s 个月未报告进展;回头看过期未开展")
                % {"months": policy.long_term_report_months}
            ),
        ),
        (GREY, str(_("灰灯:已销号"))),
    ]
