"""Reads of the ledger that are more than a filter: counts, lists with what a page shows."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhenggai.ledger.lights import LightDates, annotate_light, annotate_problem_light
from zhenggai.ledger.models import Measure, MeasureStatus, Problem, ProblemStatus, ProgressEntry


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
    """Problems with the measures a ledger page shows, each measure with its latest progress.

    A fixed number of queries whatever the size: problems, measures (+ office), latest progress.
    """
    dates = dates or LightDates.on()
    measures = visible_measures if visible_measures is not None else Measure.objects.live()
    measures = annotate_light(measures, dates)
    if kind:
        measures = measures.filter(kind=kind)
    if office_id:
        measures = measures.filter(responsible_office_id=office_id)
    if overdue:
        measures = measures.filter(measure_overdue_q())
    if light:
        measures = measures.filter(light=light)
    if status:
        problems = problems.filter(status=status)
    if kind or office_id or overdue or light:
        problems = problems.filter(pk__in=measures.values("problem_id"))
    latest = ProgressEntry.objects.live().filter(measure=OuterRef("pk")).order_by("-happened_on", "-pk")
    measures = (
        measures.select_related("responsible_office")
        .annotate(
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
        )
        .order_by("number")
    )
    return (
        annotate_problem_light(problems, dates)
        .select_related("inspection", "group")
        .prefetch_related(Prefetch("measures", queryset=measures, to_attr="ledger_measures"))
        .order_by("inspection_id", "number")
    )


def problem_timeline(problem: Problem, measures: QuerySet[Measure]) -> QuerySet[ProgressEntry]:
    """Dated progress of the problem's measures, oldest first, with figures and evidence."""
    return (
        ProgressEntry.objects.live()
        .filter(measure__in=measures.filter(problem=problem))
        .select_related("measure", "reporter")
        .prefetch_related("figures", "evidence")
        .order_by("happened_on", "measure__number", "pk")
    )


def problem_trail(user, problem: Problem):
    """The audit events of a problem that this user may read.

    Those who keep or supervise the unit see everything recorded under the problem; a clerk or a
    班子成员 sees the events of the problem itself and of the measures (and their progress and
    evidence) visible to them, not those of other offices.
    """
    from zhenggai.audit.selectors import events_for_problem, visible_events
    from zhenggai.ledger.models import Evidence
    from zhenggai.ledger.permissions import can_edit_plan, can_review, visible_measures

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
