"""Who acts on what, as SQL conditions: the workflow's role rules (``ledger.transitions.
roles_for_measure``, ``supervision.permissions``, ``public.permissions``, ``notices.services.
can_publish``) read from the user's memberships once, so that a queue is one query however many
rows it holds. Every queue also starts from the ``visible_*`` choke point: these conditions only
narrow what the user sees to what is theirs to act on."""

from dataclasses import dataclass, field

from django.db.models import Q

from zhenggai.accounts.models import Role
from zhenggai.accounts.scope import memberships_of, path_q

UNIT = "problem__inspection__unit__path"


@dataclass(frozen=True)
class Duties:
    everything: bool = False
    user_id: int | None = None
    supervised: tuple[str, ...] = ()  # 巡察办: its committee's tree
    liaison_units: tuple[str, ...] = ()
    first_leader_units: tuple[str, ...] = ()
    deputy_units: tuple[str, ...] = ()  # 班子成员: the measures they lead there
    clerk_offices: tuple[str, ...] = ()
    in_group: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)

    def _q(self, q: Q) -> Q:
        return Q() if self.everything else q

    @property
    def none(self) -> Q:
        return Q(pk__in=[])

    # Measures ----------------------------------------------------------------------------------

    def reports_on(self, prefix: str = "") -> Q:
        """Who is reminded to report on a measure: the unit's liaison, the clerks of its office,
        and the leader (first-responsible or 班子成员) whose name is on it."""
        leader_units = self.first_leader_units + self.deputy_units
        return self._q(
            path_q(prefix + UNIT, self.liaison_units)
            | path_q(prefix + "responsible_office__path", self.clerk_offices)
            | (Q(**{prefix + "leader_user_id": self.user_id}) & path_q(prefix + UNIT, leader_units))
        )

    def submits(self, prefix: str = "") -> Q:
        """Who (re)applies for a close-out (申请销号): the unit's liaison and the office's clerks."""
        return self._q(
            path_q(prefix + UNIT, self.liaison_units)
            | path_q(prefix + "responsible_office__path", self.clerk_offices)
        )

    def confirms(self) -> Q:
        """单位领导审核: the first-responsible leader; a 班子成员 for the measures they lead."""
        return self._q(
            path_q(UNIT, self.first_leader_units)
            | (Q(leader_user_id=self.user_id) & path_q(UNIT, self.deputy_units))
        )

    def approves(self) -> Q:
        """批准销号: the inspection office of the unit's committee."""
        return self._q(path_q(UNIT, self.supervised))

    # The rest ----------------------------------------------------------------------------------

    def answers_for_unit(self, unit_path_field: str) -> Q:
        """督办 answers and feedback: the unit's liaison or first-responsible leader."""
        return self._q(path_q(unit_path_field, self.liaison_units + self.first_leader_units))

    def reviews(self) -> Q:
        """回头看: the supervising inspection office, or a member of the inspection's group."""
        if self.everything:
            return Q()
        query = path_q("problem__inspection__unit__path", self.supervised)
        if self.in_group and self.user_id is not None:
            from zhenggai.inspections.permissions import group_member_condition

            query |= group_member_condition(self.user_id, "problem__inspection__group_id")
        return query

    def confirms_groups(self) -> Q:
        """An imported inspection's group: the inspection office of the round's own committee (an
        office above it sees the inspection but does not set up that committee's cycle)."""
        return self._q(Q(round__committee__path__in=self.supervised) if self.supervised else self.none)

    def publishes(self) -> Q:
        """Publishing a notice: the first-responsible leader of the unit (or of a unit above it)."""
        return self._q(path_q("inspection__unit__path", self.first_leader_units))


def duties_for(user) -> Duties:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Duties()
    if user.is_superuser:
        return Duties(everything=True, user_id=user.pk, roles=frozenset(Role.values))
    lists: dict[str, list[str]] = {
        "supervised": [],
        "liaison_units": [],
        "first_leader_units": [],
        "deputy_units": [],
        "clerk_offices": [],
    }
    roles = set()
    for membership in memberships_of(user):
        unit = membership.unit
        roles.add(membership.role)
        if membership.role == Role.INSPECTION_OFFICE:
            lists["supervised"].append((unit.parent or unit).path)
        elif membership.role == Role.UNIT_LIAISON:
            lists["liaison_units"].append(unit.path)
        elif membership.role == Role.UNIT_LEADER:
            key = "first_leader_units" if membership.is_first_responsible else "deputy_units"
            lists[key].append(unit.path)
        elif membership.role == Role.OFFICE_CLERK:
            lists["clerk_offices"].append(unit.path)
    return Duties(
        user_id=user.pk,
        in_group=Role.INSPECTION_GROUP in roles,
        roles=frozenset(roles),
        **{key: tuple(values) for key, values in lists.items()},
    )
