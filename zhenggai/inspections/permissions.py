"""Which inspections a user sees by the inspection itself: by unit path (supervised, kept or led)
or by inspection group. Views, APIs and exports start from ``ledger.permissions.visible_inspections``,
which adds those seen through measures."""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhenggai.accounts.scope import Scope, exclude_units_outside, path_q, scope_for
from zhenggai.core.types import Viewer
from zhenggai.inspections.models import Inspection, InspectionGroupMember


def group_member_q(scope: Scope, group_field: str) -> Q:
    """Rows whose inspection group has the user as a member (an EXISTS on a tiny indexed table),
    where the inspection office has confirmed that group for the inspection (``group_confirmed``).

    ``group_field`` is the path to ``Inspection.group_id`` (``group_id``, ``inspection__group_id``…)."""
    if not scope.in_inspection_group or scope.user_id is None:
        return Q(pk__in=[])
    return group_member_condition(scope.user_id, group_field)


def group_member_condition(user_id: int, group_field: str) -> Q:
    confirmed = group_field.removesuffix("group_id") + "group_confirmed"
    return Q(
        Exists(InspectionGroupMember.objects.filter(user_id=user_id, group_id=OuterRef(group_field))),
        **{confirmed: True},
    )


def _whole_ledger_q(scope: Scope) -> Q:
    """Inspections whose whole ledger the user sees: by unit path (supervised, kept or led) or group."""
    return path_q("unit__path", scope.ledger_prefixes) | group_member_q(scope, "group_id")


def scoped_inspections(user: Viewer, *, seen_through: Callable[[], Q] | None = None) -> QuerySet[Inspection]:
    """The inspections whose whole ledger the user sees, and, when ``seen_through`` is given, those
    seen only through some of their rows (an office's clerk, a 班子成员): ``seen_through()`` is the
    condition on ``Inspection`` for those. The ledger passes it (``ledger.permissions
    .visible_inspections``): measures sit above inspections, so this layer asks for the answer."""
    scope = scope_for(user)
    qs = Inspection.objects.select_related("round", "group", "unit")
    if scope.everything:
        return qs
    if scope.is_empty:
        return qs.none()
    if scope.units_outside is not None:
        return exclude_units_outside(qs, scope, "unit_id")
    query = _whole_ledger_q(scope)
    if seen_through is not None and scope.through_measures:
        query |= seen_through()
    return qs.filter(query)


def inspections_with_whole_ledger(user: Viewer) -> QuerySet[Inspection]:
    """The visible inspections whose every problem and measure the user sees: not those seen only
    through some measures (an office's clerk, a 班子成员). Documents that speak for the whole unit
    are composed only for these (``zhenggai.notices.permissions``, decision 0005)."""
    return scoped_inspections(user)
