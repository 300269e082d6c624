"""What part of the unit tree a user works in, read once per request from their memberships.

The result is a handful of path prefixes (one per membership), never a list of object ids: every
list, export and dashboard joins these prefixes in SQL (``path LIKE '/1/4/%'``), so the cost of
scoping does not grow with the number of rows scoped.
"""

from dataclasses import dataclass, field

from zhenggai.accounts.models import Membership, Role


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    # Subtrees the user supervises (巡察办: the committee's whole tree).
    supervised_prefixes: tuple[str, ...] = ()
    # Units whose whole ledger the user keeps or leads.
    unit_prefixes: tuple[str, ...] = ()
    # Offices whose measures the user reports on (股室经办人).
    office_prefixes: tuple[str, ...] = ()
    # A 班子成员 (leader who is not the first responsible) sees the measures they lead.
    leads_measures: bool = False
    # A member of an inspection group sees the inspections of their group(s).
    in_inspection_group: bool = False
    user_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def ledger_prefixes(self) -> tuple[str, ...]:
        return self.supervised_prefixes + self.unit_prefixes

    @property
    def is_empty(self) -> bool:
        return not (
            self.everything
            or self.supervised_prefixes
            or self.unit_prefixes
            or self.office_prefixes
            or self.leads_measures
            or self.in_inspection_group
        )


def scope_for(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, "_zhenggai_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True, roles=frozenset(Role.values))
    else:
        supervised, units, offices, roles = [], [], [], set()
        leads = False
        rows = Membership.objects.filter(user=user).select_related("unit__parent")
        for membership in rows:
            roles.add(membership.role)
            unit = membership.unit
            if membership.role == Role.INSPECTION_OFFICE:
                supervised.append(unit.parent.path if unit.parent else unit.path)
            elif membership.role == Role.UNIT_LIAISON or (
                membership.role == Role.UNIT_LEADER and membership.is_first_responsible
            ):
                units.append(unit.path)
            elif membership.role == Role.UNIT_LEADER:
                leads = True
            elif membership.role == Role.OFFICE_CLERK:
                offices.append(unit.path)
        scope = Scope(
            supervised_prefixes=tuple(supervised),
            unit_prefixes=tuple(units),
            office_prefixes=tuple(offices),
            leads_measures=leads,
            in_inspection_group=Role.INSPECTION_GROUP in roles,
            roles=frozenset(roles),
            user_id=user.pk,
        )
    user._zhenggai_scope = scope
    return scope


def path_q(field_name: str, prefixes: tuple[str, ...]):
    """``Q(field__startswith=p1) | Q(field__startswith=p2) …``; matches nothing for no prefixes."""
    from django.db.models import Q

    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(**{f"{field_name}__startswith": prefix})
    return query
