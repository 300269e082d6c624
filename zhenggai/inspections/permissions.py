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


def _whole_ledger_q(scope: Scope) -> Q:
    """Inspections whose whole ledger the user sees: by unit path (supervised, kept or led) or group."""
    return path_q("unit__path", scope.ledger_prefixes) | group_member_q(scope, "group_id")


def _inspections(user, *, with_those_seen_through_measures: bool) -> QuerySet[Inspection]:
    """The one body of the two lists below: the whole-ledger rule, and optionally the inspections
    seen only through some of their measures (an office's clerk, a 班子成员)."""
    scope = scope_for(user)
    qs = Inspection.objects.select_related("round", "group", "unit")
    if scope.everything:
        return qs
    if scope.is_empty:
        return qs.none()
    if scope.units_outside is not None:
        return exclude_units_outside(qs, scope, "unit_id")
    query = _whole_ledger_q(scope)
    if with_those_seen_through_measures and scope.through_measures:
        from zhenggai.ledger.permissions import visible_measures  # ledger sits above inspections

        query |= Exists(visible_measures(user).filter(problem__inspection=OuterRef("pk")))
    return qs.filter(query)


def visible_inspections(user) -> QuerySet[Inspection]:
    return _inspections(user, with_those_seen_through_measures=True)


def inspections_with_whole_ledger(user) -> QuerySet[Inspection]:
    """The visible inspections whose every problem and measure the user sees: not those seen only
    through some measures (an office's clerk, a 班子成员). Documents that speak for the whole unit
    are composed only for these (``zhenggai.notices.permissions``, decision 0005)."""
    return _inspections(user, with_those_seen_through_measures=False)


def get_inspection_for_user(user, pk) -> Inspection:
    """Missing and forbidden look the same: 404."""
    try:
        return visible_inspections(user).get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
