"""Who can be named on a measure: 责任领导 from the unit's leaders, 责任人 from its members.

A measure names its people twice: as accounts (``leader_user``, ``person_user``), which give a
班子成员 their measures and send reminders, and as text (``responsible_leader``,
``responsible_person``), which the notice, the spreadsheet and the documents print. The text is the
account's display name whenever there is an account; without one (someone with no login) the text
stands alone and the pages mark it “(无账号)”.

Imports and intake only have names: ``MemberNames`` matches a name to exactly one member of the
unit tree by display name and remembers the names it could not match, for the preview or report.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zhenggai.accounts.models import Membership, Role, Unit, UnitKind
from zhenggai.accounts.services import unit_create

# Roles held inside an inspected unit (the unit itself or one of its offices).
PERSON_ROLES = (Role.UNIT_LEADER, Role.UNIT_LIAISON, Role.OFFICE_CLERK)


def display_name(user) -> str:
    return (user.first_name or user.username) if user is not None else ""


def unit_leaders(unit: Unit) -> QuerySet:
    """The unit's leaders (单位领导: the first responsible and the 班子成员)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__unit=unit, memberships__role=Role.UNIT_LEADER)
        .distinct()
        .order_by("first_name", "username")
    )


def unit_people(unit: Unit) -> QuerySet:
    """Everyone working in the unit or one of its offices (leaders, liaisons, clerks)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__unit__path__startswith=unit.path,
            memberships__role__in=PERSON_ROLES,
        )
        .distinct()
        .order_by("first_name", "username")
    )


def is_unit_member(unit: Unit, user) -> bool:
    """Whether ``user`` holds a role in the unit or one of its offices. Lists offer active accounts
    only; a write naming a deactivated member (an import, a script) is still a member's."""
    return user is not None and (
        Membership.objects.filter(
            user_id=user.pk, unit__path__startswith=unit.path, role__in=PERSON_ROLES
        ).exists()
    )


def _by_name(users) -> dict[str, list]:
    found: dict[str, list] = {}
    for user in users:
        found.setdefault(display_name(user), []).append(user)
    return found


class MemberNames:
    """Names → accounts within one unit tree, read once (two queries) for a whole import.

    A name matches when exactly one member has it as display name, or else when it ends with the
    display name of exactly one member (“局长王宏伟”: a notice's title before the name); a name two
    members share is not guessed at. Unmatched names are kept (in first-seen order) for the report."""

    def __init__(self, unit: Unit):
        self._leaders = _by_name(unit_leaders(unit))
        self._people = _by_name(unit_people(unit))
        self.unmatched_leaders: dict[str, None] = {}
        self.unmatched_people: dict[str, None] = {}

    @staticmethod
    def _match(names: dict[str, list], name: str, misses: dict[str, None]):
        name = (name or "").strip()
        if not name:
            return None
        users = names.get(name) or [
            user
            for known, found in names.items()
            if len(known) >= 2 and name.endswith(known)
            for user in found
        ]
        if len(users) == 1:
            return users[0]
        misses.setdefault(name, None)
        return None

    def leader(self, name: str):
        return self._match(self._leaders, name, self.unmatched_leaders)

    def person(self, name: str):
        return self._match(self._people, name, self.unmatched_people)

    @property
    def unmatched(self) -> bool:
        return bool(self.unmatched_leaders or self.unmatched_people)


def office_by_name(unit: Unit, name: str, actor, cache: dict[str, Unit]) -> Unit | None:
    """The office (股室) of ``unit`` named ``name``, created under it when it has none: imports name
    a measure's 责任单位 in words. ``cache`` spares a query per row of one import."""
    name = name.strip()
    if not name:
        return None
    if name not in cache:
        found = Unit.objects.filter(kind=UnitKind.OFFICE, path__startswith=unit.path, name=name).first()
        cache[name] = found or unit_create(name=name, kind=UnitKind.OFFICE, parent=unit, actor=actor)
    return cache[name]


def unmatched_message(leaders, people) -> str:
    """One sentence for an import's preview and result: the names left without an account."""
    parts = []
    if leaders:
        parts.append(_("责任领导“%(names)s”") % {"names": "、".join(leaders)})
    if people:
        parts.append(_("责任人“%(names)s”") % {"names": "、".join(people)})
    if not parts:
        return ""
    return _("%(who)s在本单位没有对应账号,按姓名保存(无账号)。") % {"who": ";".join(parts)}
