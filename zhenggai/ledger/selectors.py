"""Reads of the ledger that are more than a filter: counts, lists with what a page shows."""

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from zhenggai.audit.models import AuditEvent
from zhenggai.audit.selectors import events_for_problem
from zhenggai.core.types import Viewer
from zhenggai.ledger.lights import LightDates, annotate_light, annotate_problem_light
from zhenggai.ledger.models import (
    Evidence,
    Measure,
    MeasureStatus,
    Problem,
    ProblemStatus,
    ProgressEntry,
    ProgressFigure,
    figure_text,
)
from zhenggai.ledger.permissions import can_edit_plan, can_review, visible_events, visible_measures


@dataclass(frozen=True)
class ProblemCounts:
    total: int
    completed: int
    long_term: int
    in_progress: int
    open: int

    @property
    def not_completed(self) -> int:
        return self.in_progress + self.open


def problem_counts(problems: QuerySet[Problem]) -> ProblemCounts:
    """The notice's "巡察反馈问题N项,已整改完成X项,已取得阶段性成效需长期坚持整改Y项", in one SQL aggregate."""
    row = problems.aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(status=ProblemStatus.COMPLETED)),
        long_term=Count("pk", filter=Q(status=ProblemStatus.LONG_TERM)),
        in_progress=Count("pk", filter=Q(status=ProblemStatus.IN_PROGRESS)),
        open=Count("pk", filter=Q(status=ProblemStatus.OPEN)),
    )
    return ProblemCounts(**row)


def measure_overdue_q(prefix: str = "") -> Q:
    """Past its deadline and not struck off (long-term measures have no deadline to miss here)."""
    return Q(**{f"{prefix}deadline__lt": timezone.localdate()}) & ~Q(
        **{f"{prefix}status": MeasureStatus.CLOSED}
    )


def _ledger_querysets(
    problems: QuerySet[Problem],
    *,
    status: str,
    kind: str,
    office_id: int | None,
    overdue: bool,
    light: str,
    dates: LightDates,
    visible_measures: QuerySet[Measure] | None,
) -> tuple[QuerySet[Problem], QuerySet[Measure]]:
    """The ledger's problems and measures under its filters, each measure with its light, its
    latest progress and the number of its progress entries (ordered by number)."""
    measures = visible_measures if visible_measures is not None else Measure.objects.live()
    measures = annotate_light(measures, dates)
    if kind:
        measures = measures.filter(kind=kind)
    if office_id:
        measures = measures.filter(responsible_office_id=office_id)
    if overdue:
        measures = measures.filter(measure_overdue_q())
    if light:
        measures = measures.filter(light=light)  # type: ignore[misc]  # annotated by annotate_light
    if status:
        problems = problems.filter(status=status)
    if kind or office_id or overdue or light:
        problems = problems.filter(pk__in=measures.values("problem_id"))
    latest = ProgressEntry.objects.live().filter(measure=OuterRef("pk")).order_by("-happened_on", "-pk")
    measures = measures.annotate(
        latest_progress_on=Subquery(latest.values("happened_on")[:1]),
        latest_progress_text=Subquery(latest.values("text")[:1]),
        latest_progress_precision=Subquery(latest.values("date_precision")[:1]),
        # a correlated count (index on measure): a join would GROUP BY every measure column
        progress_count=Coalesce(
            Subquery(
                ProgressEntry.objects.live()
                .filter(measure=OuterRef("pk"))
                .values("measure")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        ),
    ).order_by("number")
    return problems.order_by("inspection_id", "number"), measures


def ledger_problems(
    problems: QuerySet[Problem],
    *,
    status: str = "",
    kind: str = "",
    office_id: int | None = None,
    overdue: bool = False,
    light: str = "",
    dates: LightDates | None = None,
    visible_measures: QuerySet[Measure] | None = None,
) -> QuerySet[Problem]:
    """Problems with the measures a ledger shows, each measure with its latest progress, and each
    problem with its own light (the worst of all its live measures), as the API gives them.

    A fixed number of queries whatever the size: problems, measures (+ office), latest progress.
    """
    dates = dates or LightDates.on()
    problems, measures = _ledger_querysets(
        problems, status=status, kind=kind, office_id=office_id, overdue=overdue, light=light,
        dates=dates, visible_measures=visible_measures,
    )  # fmt: skip
    return (
        annotate_problem_light(problems, dates)
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "measures", queryset=measures.select_related("responsible_office"), to_attr="ledger_measures"
            )
        )
    )


class LedgerProblem(NamedTuple):
    pk: int
    number: int
    title: str
    status: str
    measures: list["LedgerMeasure"]


class LedgerMeasure(NamedTuple):
    content: str
    kind: str
    office: str | None
    deadline: dt.date | None
    status: str
    light: str
    latest_progress_on: dt.date | None
    latest_progress_text: str | None
    latest_progress_precision: str | None
    light_last_report: dt.date | None  # what a long-term measure's light goes by (lights.py)


def ledger_table(problems: QuerySet[Problem], *, dates: LightDates, **filters: Any) -> list[LedgerProblem]:
    """What the ledger page's table shows, read as plain rows in two queries: the page writes
    hundreds of cells and needs no model objects (nor their timestamps) for them. Same filters
    as ``ledger_problems``."""
    problems, measures = _ledger_querysets(problems, dates=dates, **filters)
    rows = {
        pk: LedgerProblem(pk, number, title, status, [])
        for pk, number, title, status in problems.values_list("pk", "number", "title", "status")
    }
    if not rows:
        return []
    columns = measures.filter(problem_id__in=list(rows)).values_list(
        "problem_id",
        "content",
        "kind",
        Coalesce(NullIf("responsible_office__short_name", Value("")), "responsible_office__name"),
        "deadline",
        "status",
        "light",
        "latest_progress_on",
        "latest_progress_text",
        "latest_progress_precision",
        "light_last_report",
    )
    for problem_id, *measure in columns:
        rows[problem_id].measures.append(LedgerMeasure(*measure))
    return list(rows.values())


def _timeline_entries(problem: Problem, measures: QuerySet[Measure]) -> QuerySet[ProgressEntry]:
    """The live progress of the problem's measures (of those in ``measures``), oldest first."""
    return (
        ProgressEntry.objects.live()
        .filter(measure__in=measures.filter(problem=problem))
        .order_by("happened_on", "measure__number", "pk")
    )


def problem_timeline(problem: Problem, measures: QuerySet[Measure]) -> QuerySet[ProgressEntry]:
    """Dated progress of the problem's measures, oldest first, with figures and evidence."""
    return (
        _timeline_entries(problem, measures)
        .select_related("measure", "reporter")
        .prefetch_related("figures", "evidence")
    )


class TimelineEntry(NamedTuple):
    pk: int
    measure_id: int
    measure_number: int
    happened_on: dt.date
    date_precision: str
    text: str
    reporter: str  # the reporter's name (or user name); "" when the account is gone
    figures: list[tuple[str, str, str]]  # (label, value as written, unit)
    evidence: list[tuple[int, str, int, str]]  # (pk, file name, size, SHA-256)


def timeline_rows(problem: Problem, measures: QuerySet[Measure]) -> list[TimelineEntry]:
    """``problem_timeline`` as the problem page shows it, read as plain rows in three queries
    (entries, their figures, their evidence): a problem's tens of entries need no model objects."""
    entries = _timeline_entries(problem, measures).values_list(
        "pk",
        "measure_id",
        "measure__number",
        "happened_on",
        "date_precision",
        "text",
        Coalesce(NullIf("reporter__first_name", Value("")), "reporter__username", Value("")),
    )
    rows = {row[0]: TimelineEntry._make((*row, [], [])) for row in entries}
    if not rows:
        return []
    ids = list(rows)
    for entry_id, label, value, unit in (
        ProgressFigure.objects.filter(entry_id__in=ids)
        .order_by("entry", "sort_order", "pk")
        .values_list("entry_id", "label", "value", "unit")
    ):
        rows[entry_id].figures.append((label, figure_text(value), unit))
    for entry_id, pk, name, size, sha256 in (
        Evidence.objects.filter(entry_id__in=ids)
        .order_by("entry", "pk")
        .values_list("entry_id", "pk", "original_name", "size", "sha256")
    ):
        rows[entry_id].evidence.append((pk, name, size, sha256))
    return list(rows.values())


def problem_trail(user: Viewer, problem: Problem) -> QuerySet[AuditEvent]:
    """The audit events of a problem that this user may read.

    Those who keep or supervise the unit see everything recorded under the problem; a clerk or a
    班子成员 sees the events of the problem itself and of the measures (and their progress and
    evidence) visible to them, not those of other offices.
    """
    events = events_for_problem(problem.pk).select_related("actor")
    if can_edit_plan(user, problem.inspection) or can_review(user, problem):
        return events.filter(pk__in=visible_events(user).values("pk"))
    measures = visible_measures(user).filter(problem=problem)
    entries = ProgressEntry.objects.filter(measure__in=measures)
    ids = {
        "ledger.problem": [str(problem.pk)],
        "ledger.measure": [str(pk) for pk in measures.values_list("pk", flat=True)],
        "ledger.progressentry": [str(pk) for pk in entries.values_list("pk", flat=True)],
        "ledger.evidence": [
            str(pk) for pk in Evidence.objects.filter(entry__in=entries).values_list("pk", flat=True)
        ],
    }
    query = Q(pk__in=[])
    for object_type, object_ids in ids.items():
        query |= Q(object_type=object_type, object_id__in=object_ids)
    return events.filter(query)
