"""Dashboard figures: every number is a SQL aggregate over the user's scoped rows.

The query count is fixed (one aggregate per kind of figure, grouped by unit), whatever the size
of the data; rows are never loaded into Python to be counted.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek

from zhenggai.accounts.scope import scope_for
from zhenggai.dashboards.filters import Scope
from zhenggai.ledger.lights import GREY, RED, YELLOW, LightDates, measure_light_q, with_report_date
from zhenggai.ledger.models import (
    MEASURE_COUNT_FIELDS,
    MeasureKind,
    MeasureStatus,
    ProblemStatus,
    ReviewOutcome,
)
from zhenggai.ledger.permissions import visible_measures, visible_problems, visible_reviews
from zhenggai.public.selectors import feedback_counts
from zhenggai.supervision.permissions import visible_notices as visible_duban

PROBLEM_COUNTS = {
    "total": Q(),
    "completed": Q(status=ProblemStatus.COMPLETED),
    "long_term": Q(status=ProblemStatus.LONG_TERM),
    "in_progress": Q(status=ProblemStatus.IN_PROGRESS),
    "open": Q(status=ProblemStatus.OPEN),
}


def measure_counts(dates: LightDates) -> dict[str, Q]:
    return {
        "measures": Q(),
        "closed": Q(status=MeasureStatus.CLOSED),
        "red": measure_light_q(RED, dates),
        "yellow": measure_light_q(YELLOW, dates),
        "report_overdue": Q(kind=MeasureKind.LONG_TERM) & measure_light_q(RED, dates),
        "struck_off": measure_light_q(GREY, dates),
    }


@dataclass
class UnitRow:
    unit_id: int
    name: str
    figures: dict[str, int] = field(default_factory=dict)

    @property
    def completion_rate(self) -> float:
        total = self.figures.get("total", 0)
        return round(100 * self.figures.get("completed", 0) / total, 1) if total else 0.0


@dataclass
class Dashboard:
    totals: dict[str, int]
    units: list[UnitRow]
    reviews_due: int
    measures_by_status: dict[str, int]
    dates: LightDates
    duban_open: int = 0  # 督办 issued and not yet answered
    feedback: dict[str, int] = field(default_factory=dict)  # 群众意见: open, overdue (zhenggai.public)

    @property
    def completion_rate(self) -> float:
        total = self.totals.get("total", 0)
        return round(100 * self.totals.get("completed", 0) / total, 1) if total else 0.0


def _aggregate(qs, counts: dict[str, Q]) -> dict:
    return {name: Count("pk", filter=q) if q else Count("pk") for name, q in counts.items()}


def _column_sums(rows: list[tuple], first: int, count: int) -> list[int]:
    """The sum of each of ``count`` columns starting at ``first`` (zeros when there are no rows)."""
    return [sum(column) for column in list(zip(*rows, strict=True))[first : first + count]] or [0] * count


LIGHT_FIGURES = ("red", "yellow", "report_overdue")


def _counted_per_problem(user) -> bool:
    """Whether the user sees every live measure of each problem they see: then the problems' own
    measure counts (``Problem.measures_<status>``) are the user's figures. A clerk or a 班子成员
    sees only some measures of a problem, and their measures are counted one by one."""
    scope = scope_for(user)
    return not (scope.office_prefixes or scope.leads_measures)


def dashboard_build(user, scope: Scope, dates: LightDates) -> Dashboard:
    """Three grouped aggregates, one row per unit: problems (with their kept measure counts),
    the lights of the open measures (an index of its own), due look-backs. Totals and the
    measures per status are the sums of those rows, not further scans of the tables."""
    problems = scope.problems(visible_problems(user))
    measures = with_report_date(scope.measures(visible_measures(user)))
    reviews = scope.reviews(visible_reviews(user)).filter(
        outcome=ReviewOutcome.PENDING, due_on__lte=dates.warn_until
    )
    m_counts = measure_counts(dates)
    per_problem = _counted_per_problem(user)

    # Rows come back as tuples and are summed column by column: a province has thousands of units.
    p_names = list(PROBLEM_COUNTS)
    p_aggregates = _aggregate(problems, PROBLEM_COUNTS)
    if per_problem:
        p_aggregates |= {name: Sum(name) for name in MEASURE_COUNT_FIELDS.values()}
    unit_key = "inspection__unit_id"
    p_rows = list(
        problems.values(unit_key, "inspection__unit__name")
        .annotate(**p_aggregates)
        .values_list(unit_key, "inspection__unit__name", *p_aggregates)
    )
    rows: dict[int, UnitRow] = {
        row[0]: UnitRow(row[0], row[1], dict(zip(p_names, row[2 : 2 + len(p_names)], strict=True)))
        for row in p_rows
    }
    sums = _column_sums(p_rows, 2, len(p_aggregates))
    totals = dict(zip(p_names, sums, strict=True))
    m_key = "problem__inspection__unit_id"
    if per_problem:
        by_status = dict(zip(MEASURE_COUNT_FIELDS, sums[len(p_names) :], strict=True))
        # Only open measures can be red or yellow, and only long-term ones or those due by
        # ``warn_until``: the rest need not be read at all.
        lit = measures.filter(~Q(status=MeasureStatus.CLOSED)).filter(
            Q(kind=MeasureKind.LONG_TERM) | Q(deadline__lte=dates.warn_until)
        )
        l_rows = list(
            lit.values(m_key)
            .annotate(**{k: Count("*", filter=m_counts[k]) for k in LIGHT_FIGURES})
            .values_list(m_key, *LIGHT_FIGURES)
        )
        totals |= dict(zip(LIGHT_FIGURES, _column_sums(l_rows, 1, len(LIGHT_FIGURES)), strict=True))
        totals |= {
            "measures": sum(by_status.values()),
            "closed": by_status[MeasureStatus.CLOSED],
            "struck_off": by_status[MeasureStatus.CLOSED],  # grey is exactly 已销号
        }
        lights = {row[0]: row[1:] for row in l_rows}
        first = 2 + len(p_names)
        for row in p_rows:
            counts = row[first:]
            closed = counts[MeasureStatus.values.index(MeasureStatus.CLOSED)]
            rows[row[0]].figures |= {"measures": sum(counts), "closed": closed, "struck_off": closed}
            rows[row[0]].figures |= dict(zip(LIGHT_FIGURES, lights.get(row[0], (0, 0, 0)), strict=True))
    else:
        m_names = list(m_counts)
        s_counts = {f"n_{status}": Q(status=status) for status in MeasureStatus.values}
        m_rows = list(
            measures.values(m_key)
            .annotate(**_aggregate(measures, m_counts | s_counts))
            .values_list(m_key, *m_names, *s_counts)
        )
        totals |= dict(zip(m_names, _column_sums(m_rows, 1, len(m_names)), strict=True))
        by_status = dict(
            zip(MeasureStatus.values, _column_sums(m_rows, 1 + len(m_names), len(s_counts)), strict=True)
        )
        for row in m_rows:
            unit_row = rows.get(row[0])
            if unit_row is not None:
                unit_row.figures.update(zip(m_names, row[1 : 1 + len(m_names)], strict=True))
    totals["units"] = len(rows)
    r_key = "problem__inspection__unit_id"
    review_rows = dict(reviews.values(r_key).annotate(n=Count("pk")).values_list(r_key, "n"))
    for unit_id, row in rows.items():
        row.figures["reviews_due"] = review_rows.get(unit_id, 0)
    ranked = sorted(rows.values(), key=lambda r: (-r.completion_rate, -r.figures.get("total", 0), r.name))
    return Dashboard(
        totals=totals,
        units=ranked,
        reviews_due=sum(review_rows.values()),
        measures_by_status=by_status,
        dates=dates,
        duban_open=scope.by_problem(visible_duban(user)).filter(answered_on__isnull=True).count(),
        feedback=feedback_counts(user, scope, today=dates.today),
    )


def struck_off_per_week(user, scope: Scope, since: dt.date | None) -> list[tuple[dt.date, int]]:
    """Measures struck off per week (by their close-out date), oldest first."""
    qs = scope.measures(visible_measures(user)).filter(
        status=MeasureStatus.CLOSED, completed_on__isnull=False
    )
    if since:
        qs = qs.filter(completed_on__gte=since)
    rows = qs.annotate(week=TruncWeek("completed_on")).values("week").annotate(n=Count("pk")).order_by("week")
    return [(row["week"], row["n"]) for row in rows]
