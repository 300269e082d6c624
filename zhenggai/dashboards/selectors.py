"""Dashboard figures: every number is a SQL aggregate over the user's scoped rows.

The query count is fixed (one aggregate per kind of figure, grouped by unit), whatever the size
of the data; rows are never loaded into Python to be counted.
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from django.db import connections
from django.db.models import Count, F, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncWeek

from zhenggai.accounts.scope import scope_for
from zhenggai.core.types import Viewer
from zhenggai.ledger.filters import Scope
from zhenggai.ledger.lights import (
    GREY,
    RED,
    YELLOW,
    LightDates,
    measure_light_conditions,
    measure_light_q,
    with_report_date,
)
from zhenggai.ledger.models import (
    Measure,
    MeasureKind,
    MeasureStatus,
    ProblemStatus,
    ReviewOutcome,
)
from zhenggai.ledger.permissions import (
    visible_inspections,
    visible_measures,
    visible_problems,
    visible_reviews,
)
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


LIGHT_FIGURES = ("red", "yellow", "report_overdue")
STATUSES = tuple(MeasureStatus.values)  # (an enum's ``values`` is rebuilt on every access)
_CLOSED = STATUSES.index(MeasureStatus.CLOSED)


def _measure_aggregates(dates: LightDates) -> dict[str, Q]:
    """What ``measure_counts`` counts, in as few and as cheap conditions as give the same numbers
    (the database evaluates each of them for every measure in scope: 160,000 in a province):

    * 已销号 and grey are the same measures, and so is the status count ``n_closed``;
    * a yellow measure is one-off and not yet due, so never red: ``YELLOW`` needs no ``and not RED``;
    * an overdue long-term report is the long-term half of red.
    """
    cond = measure_light_conditions(dates)
    return {
        "measures": Q(),
        "red": cond[RED],
        "yellow": cond[YELLOW],
        "report_overdue": ~Q(status=MeasureStatus.CLOSED)
        & Q(kind=MeasureKind.LONG_TERM)
        & cond["late_report"],
        **{f"n_{status}": Q(status=status) for status in STATUSES},
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


_Row = tuple[Any, ...]  # a row as the cursor returns it: ids, names, then counts


class UnitRows(Sequence[UnitRow]):
    """The ranking's rows (best completion rate first), made into ``UnitRow``s only when read.

    A province has thousands of units and a page shows fifty: the rows stay the tuples the
    aggregates returned, ranked by position, and a row's figures are put together on access (the
    XLSX export reads them all, the page only its slice)."""

    _NAMES = tuple(PROBLEM_COUNTS)

    def __init__(
        self,
        p_rows: list[_Row],
        s_rows: list[_Row],
        s_at: int,
        l_rows: list[_Row],
        l_at: int,
        reviews: dict[int, int],
    ) -> None:
        def rank(
            row: _Row,
        ) -> tuple[
            float, int, str
        ]:  # UnitRow.completion_rate, from the tuple: total row[2], completed row[3]
            return (-(round(100 * row[3] / row[2], 1) if row[2] else 0.0), -row[2], row[1])

        self._rows = sorted(p_rows, key=rank)
        self._by_status = {row[0]: row for row in s_rows}
        self._by_lights = {row[0]: row for row in l_rows}
        self._s_at, self._l_at, self._reviews = s_at, l_at, reviews
        self._nothing = (0,) * (l_at + len(LIGHT_FIGURES) + s_at + len(STATUSES))

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[UnitRow]:
        return (self._make(row) for row in self._rows)

    @overload
    def __getitem__(self, index: int) -> UnitRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[UnitRow]: ...

    def __getitem__(self, index: int | slice) -> UnitRow | list[UnitRow]:
        if isinstance(index, slice):
            return [self._make(row) for row in self._rows[index]]
        return self._make(self._rows[index])

    def _make(self, row: _Row) -> UnitRow:
        unit_id, s_at, l_at = row[0], self._s_at, self._l_at
        s_row = self._by_status.get(unit_id, self._nothing)
        l_row = self._by_lights.get(unit_id, self._nothing)
        closed = s_row[s_at + _CLOSED]
        figures = {name: row[2 + i] for i, name in enumerate(self._NAMES)}
        figures |= {
            "measures": sum(s_row[s_at : s_at + len(STATUSES)]),
            "closed": closed,
            "red": l_row[l_at],
            "yellow": l_row[l_at + 1],
            "report_overdue": l_row[l_at + 2],
            "struck_off": closed,
            "reviews_due": self._reviews.get(unit_id, 0),
        }
        return UnitRow(unit_id, row[1], figures)


@dataclass
class Dashboard:
    totals: dict[str, int]
    units: Sequence[UnitRow]
    reviews_due: int
    measures_by_status: dict[str, int]
    dates: LightDates
    duban_open: int = 0  # 督办 issued and not yet answered
    feedback: dict[str, int] = field(default_factory=dict)  # 群众意见: open, overdue (zhenggai.public)

    @property
    def completion_rate(self) -> float:
        total = self.totals.get("total", 0)
        return round(100 * self.totals.get("completed", 0) / total, 1) if total else 0.0


def _aggregate(qs: QuerySet[Any], counts: dict[str, Q]) -> dict[str, Count]:
    return {name: Count("pk", filter=q) if q else Count("pk") for name, q in counts.items()}


def _column_sums(rows: list[_Row], first: int, count: int) -> list[int]:
    """The sum of each of ``count`` columns starting at ``first`` (zeros when there are no rows)."""
    return [sum(row[i] for row in rows) for i in range(first, first + count)]


def _measure_figures(per_status: Sequence[int], lights: Sequence[int]) -> dict[str, int]:
    """The figures of ``measure_counts`` from measures per status (``STATUSES`` order) and the
    ``LIGHT_FIGURES``: 已销号 and grey are the same measures."""
    closed = per_status[_CLOSED]
    return {"measures": sum(per_status), "closed": closed, **dict(zip(LIGHT_FIGURES, lights, strict=True)),
            "struck_off": closed}  # fmt: skip


def _counted_per_problem(user: Viewer) -> bool:
    """Whether the user sees every live measure of each problem they see: then the problems' own
    measure counts (``Problem.measures_<status>``, kept by the database) are the user's figures.
    A clerk or a 班子成员 sees only some measures of a problem: theirs are counted one by one."""
    scope = scope_for(user)
    return not scope.through_measures


def _lit_candidates(measures: QuerySet[Measure], dates: LightDates) -> QuerySet[Measure]:
    """The measures that can be red or yellow on ``dates``: open one-off measures due by
    ``warn_until``, open long-term ones last reported before the cut-off (or never). Each half is
    a range scan of a partial index; every other measure is green or grey and is not read."""
    return measures.filter(~Q(status=MeasureStatus.CLOSED)).filter(
        (~Q(kind=MeasureKind.LONG_TERM) & Q(deadline__lte=dates.warn_until))
        | (
            Q(kind=MeasureKind.LONG_TERM)
            & (Q(last_progress_on__lt=dates.report_cutoff) | Q(last_progress_on__isnull=True))
        )
    )


def fetch_tuples(qs: QuerySet[Any, Any]) -> list[_Row]:
    """The rows of a ``values(…).annotate(…)`` queryset as the cursor returns them (columns: the
    values, then the annotations), without Django's per-value conversion: they are counts already,
    and a province's dashboard reads 10,000 rows of a dozen."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def dashboard_build(user: Viewer, scope: Scope, dates: LightDates) -> Dashboard:
    """Three grouped aggregates, one row per unit: problems and measures by status (from the
    inspections' tallies the database keeps), the lit measures, due look-backs. Totals and the
    measures per status are the sums of those rows, not further scans of the tables."""
    problems = scope.problems(visible_problems(user))
    measures = with_report_date(scope.measures(visible_measures(user)))
    reviews = scope.reviews(visible_reviews(user)).filter(
        outcome=ReviewOutcome.PENDING, due_on__lte=dates.warn_until
    )
    per_problem = _counted_per_problem(user)
    aggregates = _measure_aggregates(dates)
    lights = {name: aggregates[name] for name in LIGHT_FIGURES}
    statuses = {f"n_{status}": aggregates[f"n_{status}"] for status in STATUSES}

    # One row per unit: id, name, the problem counts (and the measures' per status).
    if per_problem:  # from the inspections' tallies, kept by the database (ledger.counts)
        tally = {name: Sum(f"tally__problems_{name}") for name in PROBLEM_COUNTS if name != "total"}
        inspections = scope.inspections(visible_inspections(user)).filter(tally__isnull=False)
        p_rows = fetch_tuples(
            inspections.values("unit_id")
            .annotate(
                unit_name=Min("unit__name"),
                total=Sum(sum((F(f"tally__problems_{name}") for name in tally), start=Value(0))),
                **tally,
                **{f"n_{status}": Sum(f"tally__measures_{status}") for status in STATUSES},
            )
            .filter(total__gt=0)
        )
    else:
        p_rows = fetch_tuples(
            problems.values("inspection__unit_id").annotate(
                unit_name=Min("inspection__unit__name"), **_aggregate(problems, PROBLEM_COUNTS)
            )
        )
    n = len(PROBLEM_COUNTS)
    m_key = "problem__inspection__unit_id"
    if per_problem:  # measures per status from the problems' counts; lights from the lit measures
        s_rows, s_at = p_rows, 2 + n
        lit = _lit_candidates(measures, dates)
        l_rows, l_at = fetch_tuples(lit.values(m_key).annotate(**_aggregate(lit, lights))), 1
    else:
        m_rows = fetch_tuples(measures.values(m_key).annotate(**_aggregate(measures, statuses | lights)))
        s_rows, s_at, l_rows, l_at = m_rows, 1, m_rows, 1 + len(STATUSES)
    r_key = "problem__inspection__unit_id"
    review_rows = dict(reviews.values(r_key).annotate(n=Count("pk")).values_list(r_key, "n"))

    totals = dict(zip(PROBLEM_COUNTS, _column_sums(p_rows, 2, n), strict=True))
    status_totals = _column_sums(s_rows, s_at, len(STATUSES))
    totals |= _measure_figures(status_totals, _column_sums(l_rows, l_at, len(LIGHT_FIGURES)))
    totals["units"] = len(p_rows)
    by_status = dict(zip(STATUSES, status_totals, strict=True))
    units = UnitRows(p_rows, s_rows, s_at, l_rows, l_at, review_rows)
    return Dashboard(
        totals=totals,
        units=units,
        reviews_due=sum(review_rows.values()),
        measures_by_status=by_status,
        dates=dates,
        duban_open=scope.by_problem(visible_duban(user)).filter(answered_on__isnull=True).count(),
        feedback=feedback_counts(user, scope, today=dates.today),
    )


def struck_off_per_week(user: Viewer, scope: Scope, since: dt.date | None) -> list[tuple[dt.date, int]]:
    """Measures struck off per week (by their close-out date), oldest first."""
    qs = scope.measures(visible_measures(user)).filter(
        status=MeasureStatus.CLOSED, completed_on__isnull=False
    )
    if since:
        qs = qs.filter(completed_on__gte=since)
    rows = qs.annotate(week=TruncWeek("completed_on")).values("week").annotate(n=Count("pk")).order_by("week")
    return [(row["week"], row["n"]) for row in rows]
