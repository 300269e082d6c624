"""The one choke point for reading and writing the ledger: lists start from ``visible_*``, single
objects are loaded with ``get_*_for_user`` (missing and forbidden are both 404), and templates ask
``can_*``."""

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zhenggai.accounts.models import Role, Unit
from zhenggai.accounts.scope import exclude_units_outside, path_q, scope_for
from zhenggai.audit.models import AuditEvent
from zhenggai.core.types import Viewer
from zhenggai.inspections.models import Inspection
from zhenggai.inspections.permissions import group_member_q, scoped_inspections
from zhenggai.ledger.models import Evidence, LookBackReview, Measure, Problem, ProgressEntry

_M = TypeVar("_M", bound=models.Model)


def _measure_query(user: Viewer) -> Q | None:
    scope = scope_for(user)
    if scope.everything:
        return None
    query = path_q("problem__inspection__unit__path", scope.ledger_prefixes) | path_q(
        "responsible_office__path", scope.office_prefixes
    )
    if scope.leads_measures:
        query |= Q(leader_user_id=scope.user_id)
    return query | group_member_q(scope, "problem__inspection__group_id")


def visible_measures(user: Viewer) -> QuerySet[Measure]:
    qs = Measure.objects.live().filter(problem__deleted_at__isnull=True)
    scope = scope_for(user)
    if scope.units_outside is not None:
        return exclude_units_outside(qs, scope, "problem__inspection__unit_id")
    query = _measure_query(user)
    return qs if query is None else qs.filter(query)


def visible_problems(user: Viewer) -> QuerySet[Problem]:
    scope = scope_for(user)
    qs = Problem.objects.live()
    if scope.everything:
        return qs
    if scope.units_outside is not None:
        return exclude_units_outside(qs, scope, "inspection__unit_id")
    query = path_q("inspection__unit__path", scope.ledger_prefixes) | group_member_q(
        scope, "inspection__group_id"
    )
    if scope.through_measures:
        query |= Exists(visible_measures(user).filter(problem=OuterRef("pk")))
    return qs.filter(query)


def visible_inspections(user: Viewer) -> QuerySet[Inspection]:
    """Inspections whose whole ledger the user sees, and those seen only through some of their
    measures (an office's clerk, a 班子成员)."""
    return scoped_inspections(
        user,
        seen_through=lambda: Q(Exists(visible_measures(user).filter(problem__inspection=OuterRef("pk")))),
    )


def get_inspection_for_user(user: Viewer, pk: int | str) -> Inspection:
    """Missing and forbidden look the same: 404."""
    try:
        return visible_inspections(user).get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_events(user: Viewer) -> QuerySet[AuditEvent]:
    """Audit events of the units whose ledger the user keeps, leads or supervises (all for
    superusers), plus the events of every problem the user can see (clerks, 班子成员, inspection
    groups). Events with no unit path (system events) are visible only to superusers.

    Here rather than in ``audit``: the trail sits below the ledger and cannot ask who sees a problem.
    """
    scope = scope_for(user)
    qs = AuditEvent.objects.order_by("seq")
    if scope.everything:
        return qs
    if scope.is_empty:
        return qs.none()
    return qs.filter(
        path_q("unit_path", scope.ledger_prefixes) | Q(problem_id__in=visible_problems(user).values("pk"))
    )


def visible_progress(user: Viewer) -> QuerySet[ProgressEntry]:
    return ProgressEntry.objects.live().filter(measure__in=visible_measures(user))


def visible_evidence(user: Viewer) -> QuerySet[Evidence]:
    """Evidence files of the progress entries ``visible_progress`` gives, spelled as a join: through
    ``entry__in=visible_progress(user)`` PostgreSQL hash-joins every progress entry to read the
    entries' keys (850 ms for one unit's liaison at province scale; 40 ms so)."""
    return Evidence.objects.filter(entry__deleted_at__isnull=True, entry__measure__in=visible_measures(user))


def visible_reviews(user: Viewer) -> QuerySet[LookBackReview]:
    scope = scope_for(user)
    if scope.through_measures:
        return LookBackReview.objects.filter(problem__in=visible_problems(user))
    # Path prefixes and group membership only: the same conditions joined through the review's
    # problem (``problem__in`` makes PostgreSQL hash every visible problem first).
    reviews = LookBackReview.objects.filter(problem__deleted_at__isnull=True)
    if scope.units_outside is not None:
        return exclude_units_outside(reviews, scope, "problem__inspection__unit_id")
    if not scope.everything:
        reviews = reviews.filter(
            path_q("problem__inspection__unit__path", scope.ledger_prefixes)
            | group_member_q(scope, "problem__inspection__group_id")
        )
    return reviews


def _get(qs: QuerySet[_M], pk: int | str) -> _M:
    try:
        return qs.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_problem_for_user(user: Viewer, pk: int | str) -> Problem:
    return _get(visible_problems(user).select_related("inspection__unit", "inspection__round", "group"), pk)


def get_measure_for_user(user: Viewer, pk: int | str) -> Measure:
    return _get(visible_measures(user).select_related("problem__inspection__unit", "responsible_office"), pk)


def get_progress_for_user(user: Viewer, pk: int | str) -> ProgressEntry:
    return _get(visible_progress(user).select_related("measure__problem__inspection__unit"), pk)


def get_review_for_user(user: Viewer, pk: int | str) -> LookBackReview:
    return _get(visible_reviews(user).select_related("problem__inspection__unit"), pk)


# The recycle bin (回收站): soft-deleted rows, to those who could have deleted them -----------------


def restorable_problems(user: Viewer) -> QuerySet[Problem]:
    """Deleted problems (and so their measures) are the plan's: the unit's liaison and first-responsible
    leader, who may delete them (``can_edit_plan``)."""
    scope = scope_for(user)
    qs = Problem.objects.filter(deleted_at__isnull=False)
    return qs if scope.everything else qs.filter(path_q("inspection__unit__path", scope.unit_prefixes))


def restorable_measures(user: Viewer) -> QuerySet[Measure]:
    scope = scope_for(user)
    qs = Measure.objects.filter(deleted_at__isnull=False)
    if scope.everything:
        return qs
    return qs.filter(path_q("problem__inspection__unit__path", scope.unit_prefixes))


def restorable_progress(user: Viewer) -> QuerySet[ProgressEntry]:
    """Deleted entries of the measures the user reports on (``can_report_progress``): the unit's
    keepers, the measure's leader, the clerks of its office."""
    scope = scope_for(user)
    qs = ProgressEntry.objects.filter(deleted_at__isnull=False)
    if scope.everything:
        return qs
    query = path_q("measure__problem__inspection__unit__path", scope.unit_prefixes) | path_q(
        "measure__responsible_office__path", scope.office_prefixes
    )
    if scope.leads_measures:
        query |= Q(measure__leader_user_id=scope.user_id)
    return qs.filter(query)


def can_use_recycle_bin(user: Viewer, inspection: Inspection) -> bool:
    """Whether the user could delete anything of the inspection: problems and measures (its keepers)
    or progress (also a leader of measures, a clerk of an office)."""
    scope = scope_for(user)
    return _keeps_unit_ledger(user, inspection.unit) or scope.leads_measures or bool(scope.office_prefixes)


def get_restorable_problem_for_user(user: Viewer, pk: int | str) -> Problem:
    return _get(restorable_problems(user).select_related("inspection__unit"), pk)


def get_restorable_measure_for_user(user: Viewer, pk: int | str) -> Measure:
    return _get(restorable_measures(user).select_related("problem__inspection__unit"), pk)


def get_restorable_progress_for_user(user: Viewer, pk: int | str) -> ProgressEntry:
    return _get(restorable_progress(user).select_related("measure__problem__inspection__unit"), pk)


# Writes ---------------------------------------------------------------------------------------


def _keeps_unit_ledger(user: Viewer, unit: Unit) -> bool:
    """The unit's liaison and first-responsible leader keep its plan: problems and measures."""
    scope = scope_for(user)
    return scope.everything or any(unit.path.startswith(p) for p in scope.unit_prefixes)


def can_edit_plan(user: Viewer, inspection: Inspection) -> bool:
    return _keeps_unit_ledger(user, inspection.unit)


def can_report_progress(user: Viewer, measure: Measure) -> bool:
    """Liaison and first-responsible leader of the unit, the leader of the measure, or a clerk of its office."""
    scope = scope_for(user)
    if _keeps_unit_ledger(user, measure.problem.inspection.unit):
        return True
    if scope.leads_measures and measure.leader_user_id == scope.user_id:
        return True
    office = measure.responsible_office
    return office is not None and any(office.path.startswith(p) for p in scope.office_prefixes)


def can_review(user: Viewer, problem: Problem) -> bool:
    """Look-back (回头看) outcomes are recorded by the supervising inspection office or the group."""
    scope = scope_for(user)
    if scope.everything or any(problem.inspection.unit.path.startswith(p) for p in scope.supervised_prefixes):
        return True
    return (
        Role.INSPECTION_GROUP in scope.roles
        and problem.inspection.group_confirmed
        and problem.inspection.group.members.filter(user=user).exists()
    )
