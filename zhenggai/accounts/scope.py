"""What part of the unit tree a user works in, read once per request from their memberships.

The result is a handful of path prefixes (one per membership), never a list of object ids: every
list, export and dashboard joins these prefixes in SQL (``path LIKE '/1/4/%'``), so the cost of
scoping does not grow with the number of rows scoped. The one list of ids is the few units
*outside* a provincial office's whole trees (``units_outside``), excluded instead of matching
every row's path.
"""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Subquery
from django.db.models.functions import Coalesce

from zhenggai.accounts.models import Membership, Role, Unit

# How many trees there are (units without a parent), read with a user's memberships.
_ROOTS = Coalesce(
    Subquery(
        Unit.objects.filter(parent__isnull=True)
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    ),
    0,
)


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
    # For a user who only supervises, and whose subtrees are whole trees (a provincial office):
    # the few units outside them (another tree: a demonstration case, a neighbouring system).
    # Reads then exclude those units by id instead of matching every row's unit path, which
    # spares a province's dashboard and lists a join to the 26,000 units. None: not such a user.
    units_outside: frozenset[int] | None = None

    @property
    def ledger_prefixes(self) -> tuple[str, ...]:
        return self.supervised_prefixes + self.unit_prefixes

    @property
    def through_measures(self) -> bool:
        """Whether the user sees some measures only (an office's clerk, a 班子成员), and the problems
        and inspections through them, rather than whole ledgers."""
        return bool(self.office_prefixes or self.leads_measures)

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
        rows = memberships_of(user)
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
        only_supervises = supervised and not (units or offices or leads or Role.INSPECTION_GROUP in roles)
        scope = Scope(
            supervised_prefixes=tuple(supervised),
            units_outside=_units_outside(supervised, rows[0].roots) if only_supervises else None,
            unit_prefixes=tuple(units),
            office_prefixes=tuple(offices),
            leads_measures=leads,
            in_inspection_group=Role.INSPECTION_GROUP in roles,
            roles=frozenset(roles),
            user_id=user.pk,
        )
    user._zhenggai_scope = scope
    return scope


UNITS_OUTSIDE_LIMIT = 1000  # beyond this, the path prefixes are the cheaper condition


def memberships_of(user) -> list[Membership]:
    """The user's memberships (with their units, the units' parents and the number of trees as
    ``roots``), read once per request: ``scope_for`` and the workflow's role checks share them."""
    rows = getattr(user, "_zhenggai_memberships", None)
    if rows is None:
        rows = user._zhenggai_memberships = list(
            Membership.objects.filter(user=user).select_related("unit__parent").annotate(roots=_ROOTS)
        )
    return rows


def exclude_units_outside(qs: QuerySet, scope: Scope, unit_field: str) -> QuerySet:
    """Rows for a whole-tree supervisor (``scope.units_outside`` is not None): all but those of
    the units outside its trees, found through ``unit_field``."""
    return qs.exclude(**{f"{unit_field}__in": scope.units_outside}) if scope.units_outside else qs


def _units_outside(prefixes: list[str], n_roots: int) -> frozenset[int] | None:
    """The units under no prefix, when every prefix is a whole tree (a root's path: ``/1/``) and
    the other trees are small; otherwise None. No query when the prefixes are all the roots there
    are (``n_roots``, read with the memberships); else two small indexed ones (the other roots,
    their units)."""
    tops = set(prefixes)
    if any(p.count("/") != 2 for p in tops):
        return None
    if len(tops) == n_roots:  # (prefixes that are roots' paths: distinct roots)
        return frozenset()
    others = Unit.objects.filter(parent__isnull=True).exclude(path__in=tops).values_list("path", flat=True)
    outside = Unit.objects.filter(path_q("path", tuple(others)))
    ids = list(outside.values_list("pk", flat=True)[: UNITS_OUTSIDE_LIMIT + 1])
    return frozenset(ids) if len(ids) <= UNITS_OUTSIDE_LIMIT else None


def path_q(field_name: str, prefixes: tuple[str, ...]):
    """``Q(field__startswith=p1) | Q(field__startswith=p2) …``; matches nothing for no prefixes."""
    from django.db.models import Q

    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(**{f"{field_name}__startswith": prefix})
    return query


def account_path(user) -> str:  # type: ignore[no-untyped-def]
    """Where an account's own events are filed (password changes, set-up of the account): the
    shallowest unit it holds a role at, so those who administer it read them; "" for one with no role."""
    paths = sorted(Membership.objects.filter(user=user).values_list("unit__path", flat=True), key=len)
    return paths[0] if paths else ""
