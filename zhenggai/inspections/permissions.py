"""The only way views, APIs and exports start a query on inspections."""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from zhenggai.accounts.scope import path_q, scope_for
from zhenggai.inspections.models import Inspection


def visible_inspections(user) -> QuerySet[Inspection]:
    from zhenggai.ledger.models import Measure  # ledger sits above inspections; import at call time

    scope = scope_for(user)
    qs = Inspection.objects.select_related("round", "group", "unit")
    if scope.everything:
        return qs
    if scope.is_empty:
        return qs.none()
    clerk_measures = Measure.objects.live().filter(
        path_q("responsible_office__path", scope.office_prefixes), problem__inspection=OuterRef("pk")
    )
    query = path_q("unit__path", scope.ledger_prefixes)
    if scope.office_prefixes:
        query |= Exists(clerk_measures)
    return qs.filter(query)


def get_inspection_for_user(user, pk) -> Inspection:
    """Missing and forbidden look the same: 404."""
    try:
        return visible_inspections(user).get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
