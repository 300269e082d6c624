"""Who may set up what: the one choke point of the set-up pages and API.

Two kinds of administrator, and nobody else:

- **the inspection office** (a ``Role.INSPECTION_OFFICE`` membership at a committee's office) sets
  up its committee's cycle (rounds, groups, inspections, feedback problems), the units under the
  committee, its own staff and the units' liaisons;
- **a unit's liaison** (``Role.UNIT_LIAISON``) sets up the unit's offices (股室) and its people:
  leaders, 班子成员, office clerks.

A superuser may do all of it anywhere. Everything is read in SQL from the same path prefixes as
every other scope (``accounts.scope``); an object outside them is "not found" (404), exactly like
one that does not exist.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from zhenggai.accounts.models import ROLE_UNIT_KIND, Membership, Role, Unit, UnitKind
from zhenggai.accounts.scope import memberships_of, path_q
from zhenggai.core.types import Actor
from zhenggai.inspections.models import Inspection, InspectionGroup, Round

# What each administrator may grant, by the kind of unit the role is held at.
OFFICE_GRANTS = {
    UnitKind.INSPECTION_OFFICE: {Role.INSPECTION_OFFICE, Role.INSPECTION_GROUP},
    UnitKind.UNIT: {Role.UNIT_LIAISON},
}
LIAISON_GRANTS = {
    UnitKind.UNIT: {Role.UNIT_LEADER, Role.UNIT_LIAISON},
    UnitKind.OFFICE: {Role.OFFICE_CLERK},
}


def _active(user: Actor) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False) and user.is_active)


def committee_paths(user: Actor) -> tuple[str, ...]:
    """The committees whose cycle the user sets up: those of their inspection-office memberships."""
    if user is None or not _active(user):
        return ()
    return tuple(
        m.unit.parent.path
        for m in memberships_of(user)
        if m.role == Role.INSPECTION_OFFICE and m.unit.parent is not None
    )


def liaison_paths(user: Actor) -> tuple[str, ...]:
    if user is None or not _active(user):
        return ()
    return tuple(m.unit.path for m in memberships_of(user) if m.role == Role.UNIT_LIAISON)


def is_superuser(user: Actor) -> bool:
    return user is not None and _active(user) and bool(user.is_superuser)


def may_set_up_cycle(user: Actor) -> bool:
    return is_superuser(user) or bool(committee_paths(user))


def may_set_up(user: Actor) -> bool:
    """Whether the set-up pages are anything for the user (the menu shows them)."""
    return may_set_up_cycle(user) or bool(liaison_paths(user))


# Committees, rounds, groups, inspections ---------------------------------------------------------


def administered_committees(user: Actor) -> QuerySet[Unit]:
    qs = Unit.objects.filter(kind=UnitKind.COMMITTEE)
    if is_superuser(user):
        return qs
    return qs.filter(path__in=committee_paths(user))


def administered_rounds(user: Actor) -> QuerySet[Round]:
    qs = Round.objects.select_related("committee")
    if is_superuser(user):
        return qs
    return qs.filter(committee__path__in=committee_paths(user))


def administered_groups(user: Actor) -> QuerySet[InspectionGroup]:
    qs = InspectionGroup.objects.select_related("round__committee")
    if is_superuser(user):
        return qs
    return qs.filter(round__committee__path__in=committee_paths(user))


def administered_inspections(user: Actor) -> QuerySet[Inspection]:
    qs = Inspection.objects.select_related("round__committee", "group", "unit")
    if is_superuser(user):
        return qs
    return qs.filter(round__committee__path__in=committee_paths(user))


def _get(qs: QuerySet[Any], pk: object) -> Any:
    try:
        return qs.get(pk=int(pk))  # type: ignore[call-overload]
    except (ValueError, TypeError, OverflowError, qs.model.DoesNotExist) as error:
        raise Http404 from error


def get_round(user: Actor, pk: object) -> Round:
    return _get(administered_rounds(user), pk)


def get_group(user: Actor, pk: object) -> InspectionGroup:
    return _get(administered_groups(user), pk)


def get_inspection(user: Actor, pk: object) -> Inspection:
    return _get(administered_inspections(user), pk)


def get_committee(user: Actor, pk: object) -> Unit:
    return _get(administered_committees(user), pk)


# Units and people --------------------------------------------------------------------------------


def _managed_q(user: Actor, field: str = "path") -> Q:
    """Units whose set-up is the user's: the committee trees they administer, the units they liaise."""
    return path_q(field, committee_paths(user) + liaison_paths(user))


def managed_units(user: Actor) -> QuerySet[Unit]:
    """Every unit the user may see on the set-up pages (the committee itself included)."""
    if is_superuser(user):
        return Unit.objects.all()
    if not _active(user):
        return Unit.objects.none()
    return Unit.objects.filter(_managed_q(user))


def get_unit(user: Actor, pk: object) -> Unit:
    return _get(managed_units(user).select_related("parent"), pk)


def may_add_unit_under(user: Actor, parent: Unit) -> bool:
    """Inspected units go under a committee (its inspection office adds them); offices under an
    inspected unit (its liaison, or the committee's office)."""
    if is_superuser(user):
        return parent.kind in (UnitKind.COMMITTEE, UnitKind.UNIT)
    if parent.kind == UnitKind.COMMITTEE:
        return parent.path in committee_paths(user)
    if parent.kind == UnitKind.UNIT:
        return any(parent.path.startswith(p) for p in committee_paths(user) + liaison_paths(user))
    return False


def may_edit_unit(user: Actor, unit: Unit) -> bool:
    """Renaming: an inspected unit by its committee's office; an office also by the unit's liaison."""
    if is_superuser(user):
        return True
    if unit.kind == UnitKind.UNIT:
        return any(unit.path.startswith(p) for p in committee_paths(user))
    if unit.kind == UnitKind.OFFICE:
        return any(unit.path.startswith(p) for p in committee_paths(user) + liaison_paths(user))
    return False


def grantable_roles(user: Actor, unit: Unit) -> set[str]:
    """The roles the user may give someone at ``unit``: never wider than their own scope."""
    if is_superuser(user):
        return {role for role, kind in ROLE_UNIT_KIND.items() if kind == unit.kind}
    roles: set[str] = set()
    if any(unit.path.startswith(p) for p in committee_paths(user)):
        roles |= OFFICE_GRANTS.get(unit.kind, set())  # type: ignore[call-overload]
    if any(unit.path.startswith(p) for p in liaison_paths(user)):
        roles |= LIAISON_GRANTS.get(unit.kind, set())  # type: ignore[call-overload]
    return roles


def granting_units(user: Actor) -> QuerySet[Unit]:
    """The units at which the user may grant some role (the people page's choice of unit)."""
    kinds = set()
    if committee_paths(user) or is_superuser(user):
        kinds |= set(OFFICE_GRANTS)
    if liaison_paths(user) or is_superuser(user):
        kinds |= set(LIAISON_GRANTS)
    return managed_units(user).filter(kind__in=kinds).order_by("path")


def managed_memberships(user: Actor) -> QuerySet[Membership]:
    """The role assignments the user may see and change: those they could grant."""
    qs = Membership.objects.select_related("user", "unit")
    if is_superuser(user):
        return qs
    query = Q(pk__in=[])
    for prefix in committee_paths(user):
        for kind, roles in OFFICE_GRANTS.items():
            query |= Q(unit__path__startswith=prefix, unit__kind=kind, role__in=roles)
    for prefix in liaison_paths(user):
        for kind, roles in LIAISON_GRANTS.items():
            query |= Q(unit__path__startswith=prefix, unit__kind=kind, role__in=roles)
    return qs.filter(query)


def managed_people(user: Actor):  # type: ignore[no-untyped-def]
    """The accounts the user administers: those holding a role the user could grant (a person who
    also holds a wider role elsewhere is still theirs to see, not to widen)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if is_superuser(user):
        return User.objects.all()
    return User.objects.filter(pk__in=managed_memberships(user).values("user_id")).distinct()


def get_person(user: Actor, pk: object):  # type: ignore[no-untyped-def]
    return _get(managed_people(user), pk)


def may_manage_person(user: Actor, person) -> bool:  # type: ignore[no-untyped-def]
    """Deactivating or resetting someone: only a person all of whose roles the user could grant
    (a liaison cannot lock out the inspection office member who also clerks in an office)."""
    if is_superuser(user):
        return True
    if user is None or person.is_superuser or person.pk == user.pk:
        return False
    held = Membership.objects.filter(user=person)
    return held.exists() and not held.exclude(pk__in=managed_memberships(user).values("pk")).exists()
