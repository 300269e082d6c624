"""The only way views, APIs and exports start a query on inspections."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zhenggai.accounts.scope import Scope, exclude_units_outside, path_q, scope_for
from zhenggai.inspections.models import Inspection, InspectionGroupMember


def group_member_q(scope: Scope, group_field: str) -> Q:
    """Rows whose inspection group has the user as a member (an EXISTS on a tiny indexed table)."""
    if not scope.in_inspection_group:
        return Q(pk__in=[])
    return Q(
        Exists(InspectionGroupMember.objects.filter(user_id=scope.user_id, group_id=OuterRef(group_field)))
    )


def visible_inspections(user) -> QuerySet[Inspection]:
    from zhenggai.ledger.permissions import visible_measures  # ledger sits above inspections

    scope = scope_for(user)
    qs = Inspection.objects.select_related("round", "group", "unit")
    if scope.everything:
        return qs
    if scope.is_empty:
        return qs.none()
    if scope.units_outside is not None:
        return exclude_units_outside(qs, scope, "unit_id")
    query = path_q("unit__path", scope.ledger_prefixes) | group_member_q(scope, "group_id")
    if scope.through_measures:
        query |= Exists(visible_measures(user).filter(problem__inspection=OuterRef("pk")))
    return qs.filter(query)


def get_inspection_for_user(user, pk) -> Inspection:
    """Missing and forbidden look the same: 404."""
    try:
        return visible_inspections(user).get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
