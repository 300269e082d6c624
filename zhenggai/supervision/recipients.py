"""Who is reminded of what: the role holders of the unit tree, loaded once per run.

For a measure:
- its responsible office's clerks (股室经办人: office_clerk at the office or an office above it),
- its unit's liaisons (整改联络员: unit_liaison at the unit or above it, as their scope reads),
- on escalation, its leader (``Measure.leader_user``; when none, the unit's first-responsible
  leader), and beyond that the inspection office (巡察办: inspection_office members of the office
  unit under the committee that ran the inspection; when that committee has none, of the nearest
  committee above the unit that has one).

One query reads all memberships of these roles; looking up an item's recipients is then a walk up
its unit path (a handful of dictionary look-ups), never a query per item.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from zhenggai.accounts.models import Membership, Role, UnitKind


def ancestor_paths(path: str) -> list[str]:
    """``/1/3/9/`` → ``['/1/', '/1/3/', '/1/3/9/']`` (the unit itself last)."""
    parts = [p for p in path.strip("/").split("/") if p]
    return [f"/{'/'.join(parts[: i + 1])}/" for i in range(len(parts))]


@dataclass
class Directory:
    clerks: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    liaisons: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    first_leaders: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    # committee id → members of its inspection office; committee path → the same set.
    offices_by_committee: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    offices_by_committee_path: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def load(cls) -> "Directory":
        directory = cls()
        rows = Membership.objects.filter(
            user__is_active=True,
            role__in=[Role.OFFICE_CLERK, Role.UNIT_LIAISON, Role.UNIT_LEADER, Role.INSPECTION_OFFICE],
        ).values_list(
            "user_id",
            "role",
            "is_first_responsible",
            "unit__path",
            "unit__kind",
            "unit__parent_id",
            "unit__parent__path",
            "unit__parent__kind",
        )
        for user_id, role, first, path, kind, parent_id, parent_path, parent_kind in rows:
            if role == Role.OFFICE_CLERK:
                directory.clerks[path].add(user_id)
            elif role == Role.UNIT_LIAISON:
                directory.liaisons[path].add(user_id)
            elif role == Role.UNIT_LEADER and first:
                directory.first_leaders[path].add(user_id)
            elif (
                role == Role.INSPECTION_OFFICE
                and kind == UnitKind.INSPECTION_OFFICE
                and parent_id is not None
                and parent_kind == UnitKind.COMMITTEE
            ):
                directory.offices_by_committee[parent_id].add(user_id)
                directory.offices_by_committee_path[parent_path].add(user_id)
        return directory

    @staticmethod
    def _up(table: dict[str, set[int]], path: str) -> set[int]:
        found: set[int] = set()
        for prefix in ancestor_paths(path or ""):
            found |= table.get(prefix, set())
        return found

    def office_clerks(self, office_path: str | None) -> set[int]:
        return self._up(self.clerks, office_path) if office_path else set()

    def unit_liaisons(self, unit_path: str) -> set[int]:
        return self._up(self.liaisons, unit_path)

    def unit_first_leaders(self, unit_path: str) -> set[int]:
        """The first-responsible leader(s) of the nearest unit (the unit itself, else above) that has one."""
        for prefix in reversed(ancestor_paths(unit_path)):
            if self.first_leaders.get(prefix):
                return set(self.first_leaders[prefix])
        return set()

    def measure_leader(self, leader_user_id: int | None, unit_path: str) -> set[int]:
        return {leader_user_id} if leader_user_id else self.unit_first_leaders(unit_path)

    def inspection_office(self, committee_id: int | None, unit_path: str) -> set[int]:
        members = self.offices_by_committee.get(committee_id) if committee_id else None
        if members:
            return set(members)
        for prefix in reversed(ancestor_paths(unit_path)):
            if self.offices_by_committee_path.get(prefix):
                return set(self.offices_by_committee_path[prefix])
        return set()


@dataclass(frozen=True)
class Person:
    pk: int
    name: str
    email: str


def people(ids: set[int]) -> dict[int, Person]:
    """The active users among ``ids``, in one query."""
    if not ids:
        return {}
    rows = (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .values_list("pk", "username", "first_name", "email")
    )
    return {pk: Person(pk, first or username, email or "") for pk, username, first, email in rows}
