"""The one choke point for reading and writing the ledger: lists start from ``visible_*``, single
objects are loaded with ``get_*_for_user`` (missing and forbidden are both 404), and templates ask
``can_*``."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zhenggai.accounts.scope import path_q, scope_for
from zhenggai.ledger.models import Measure, Problem, ProgressEntry


def _measure_query(user) -> Q | None:
    scope = scope_for(user)
    if scope.everything:
        return None
    return path_q("problem__inspection__unit__path", scope.ledger_prefixes) | path_q(
        "responsible_office__path", scope.office_prefixes
    )


def visible_measures(user) -> QuerySet[Measure]:
    qs = Measure.objects.live().filter(problem__deleted_at__isnull=True)
    query = _measure_query(user)
    return qs if query is None else qs.filter(query)


def visible_problems(user) -> QuerySet[Problem]:
    scope = scope_for(user)
    qs = Problem.objects.live()
    if scope.everything:
        return qs
    query = path_q("inspection__unit__path", scope.ledger_prefixes)
    if scope.office_prefixes:
        office_measures = Measure.objects.live().filter(
            path_q("responsible_office__path", scope.office_prefixes), problem=OuterRef("pk")
        )
        query |= Exists(office_measures)
    return qs.filter(query)


def visible_progress(user) -> QuerySet[ProgressEntry]:
    return ProgressEntry.objects.live().filter(measure__in=visible_measures(user))


def _get(qs, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_problem_for_user(user, pk) -> Problem:
    return _get(visible_problems(user).select_related("inspection__unit", "inspection__round", "group"), pk)


def get_measure_for_user(user, pk) -> Measure:
    return _get(visible_measures(user).select_related("problem__inspection__unit", "responsible_office"), pk)


def get_progress_for_user(user, pk) -> ProgressEntry:
    return _get(visible_progress(user).select_related("measure__problem"), pk)


# Writes ---------------------------------------------------------------------------------------


def _keeps_unit_ledger(user, unit) -> bool:
    scope = scope_for(user)
    if scope.everything:
        return True
    return any(unit.path.startswith(p) for p in scope.unit_prefixes)


def can_edit_plan(user, inspection) -> bool:
    """Problems, measures, plan: the unit's liaison and leaders keep them."""
    return _keeps_unit_ledger(user, inspection.unit)


def can_report_progress(user, measure: Measure) -> bool:
    """Liaison and leaders of the unit, or a clerk of the measure's responsible office."""
    if _keeps_unit_ledger(user, measure.problem.inspection.unit):
        return True
    office = measure.responsible_office
    return office is not None and any(office.path.startswith(p) for p in scope_for(user).office_prefixes)
