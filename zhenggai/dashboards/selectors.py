"""Dashboard figures: every number is a SQL aggregate over the user's scoped rows.

The query count is fixed (one aggregate per kind of figure, grouped by unit), whatever the size
of the data; rows are never loaded into Python to be counted.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek

from zhenggai.dashboards.filters import Scope
from zhenggai.ledger.lights import GREY, RED, YELLOW, LightDates, measure_light_q, with_report_date
from zhenggai.ledger.models import MeasureKind, MeasureStatus, ProblemStatus, ReviewOutcome
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


def dashboard_build(user, scope: Scope, dates: LightDates) -> Dashboard:
    problems = scope.problems(visible_problems(user))
    measures = with_report_date(scope.measures(visible_measures(user)))
    reviews = scope.reviews(visible_reviews(user)).filter(
        outcome=ReviewOutcome.PENDING, due_on__lte=dates.warn_until
    )
    m_counts = measure_counts(dates)

    totals = problems.aggregate(**_aggregate(problems, PROBLEM_COUNTS))
    totals |= measures.aggregate(**_aggregate(measures, m_counts))
    totals["units"] = problems.values("inspection__unit").distinct().count()

    rows: dict[int, UnitRow] = {}
    unit_key = "inspection__unit_id"
    for row in problems.values(unit_key, "inspection__unit__name").annotate(
        **_aggregate(problems, PROBLEM_COUNTS)
    ):
        rows[row[unit_key]] = UnitRow(
            row[unit_key], row["inspection__unit__name"], {k: row[k] for k in PROBLEM_COUNTS}
        )
    m_key = "problem__inspection__unit_id"
    for row in measures.values(m_key).annotate(**_aggregate(measures, m_counts)):
        if row[m_key] in rows:
            rows[row[m_key]].figures |= {k: row[k] for k in m_counts}
    r_key = "problem__inspection__unit_id"
    review_rows = dict(reviews.values(r_key).annotate(n=Count("pk")).values_list(r_key, "n"))
    for unit_id, row in rows.items():
        row.figures["reviews_due"] = review_rows.get(unit_id, 0)
    ranked = sorted(rows.values(), key=lambda r: (-r.completion_rate, -r.figures.get("total", 0), r.name))
    by_status = dict(measures.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return Dashboard(
        totals=totals,
        units=ranked,
        reviews_due=sum(review_rows.values()),
        measures_by_status={s: by_status.get(s, 0) for s in MeasureStatus.values},
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
