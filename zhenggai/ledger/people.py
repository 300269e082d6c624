"""Who can be named on a measure: 责任领导 from the unit's leaders, 责任人 from its members.

A measure names its people twice: as accounts (``leader_user``, ``person_user``), which give a
班子成员 their measures and send reminders, and as text (``responsible_leader``,
``responsible_person``), which the notice, the spreadsheet and the documents print. The text is the
account's display name whenever there is an account; without one (someone with no login) the text
stands alone and the pages mark it “(无账号)”.

Imports and intake only have names: ``MemberNames`` matches a name to exactly one member of the
unit tree by display name and remembers the names it could not match, for the preview or report.
"""

import re

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


# A post written before a name: what must precede a member's name for "局长王宏伟" to be 王宏伟.
_POST_RE = re.compile(
    r"(?:书记|副?局长|副?主任|副?部长|副?科长|副?股长|副?所长|副?院长|副?厅长|副?处长|副?馆长|副?校长"
    r"|副?主席|副?组长|副?队长|副?站长|副?经理|副?县长|副?区长|副?市长|副?镇长|副?乡长|委员|成员|干部|同志|负责人)$"
)
_SEPARATORS_RE = re.compile(r"[、,，]")
_LIST_RE = re.compile(r"[;；和及与/]")


def _after_post(names: dict[str, list], text: str) -> list:
    """The members whose name ends ``text`` after a post (the longest such name), or none. Earlier
    parts separated by 、 must be posts too (“党组成员、副局长李明”); a part that is not is another
    person (“王宏伟、李明”), and a list is not one leader."""
    *posts, last = _SEPARATORS_RE.split(text)
    if _LIST_RE.search(text) or not all(_POST_RE.search(p) for p in posts):
        return []
    fits = [k for k in names if len(k) >= 2 and last.endswith(k) and _POST_RE.search(last[: -len(k)])]
    return names[max(fits, key=len)] if fits else []


class MemberNames:
    """Names → accounts within one unit tree, read once (two queries) for a whole import.

    A name matches when exactly one member has it as display name, or else when it is a post
    followed by one member's name (“局长王宏伟”, “党组成员、副局长李明”: the way notices write it); a
    list of names (“王宏伟、李明”) and a name two members share are not guessed at. Unmatched names are
    kept (in first-seen order) for the report."""

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
        users = names.get(name) or _after_post(names, name)
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
