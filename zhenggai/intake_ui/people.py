"""The people and offices a notice's draft names on its measures (责任领导, 责任单位, 责任人: read from
labelled lines by ``intake.responsible``, corrected on the review page), as the import writes them:
names matched to the unit's accounts where exactly one member has that name, offices found or
created under the unit — the same rules as the spreadsheet import (``ledger.people``)."""

import re

from django.utils.translation import gettext as _

from zhenggai.accounts.models import Unit
from zhenggai.ledger.people import MemberNames, office_by_name, unmatched_message

FIELDS = ("leader", "office", "person")
NAME_LENGTH = 100  # the measure's text fields
_LIST_RE = re.compile(r"[、,，;；/()（）:：]")


class ImportPeople:
    def __init__(self, unit: Unit, actor):
        self.unit, self.actor = unit, actor
        self.members = MemberNames(unit)
        self._offices: dict[str, Unit] = {}
        self.offices_left: dict[str, None] = {}  # 责任单位 texts that name no single office

    def measure_fields(self, m: dict) -> dict:
        """``measure_create``'s keyword arguments for the draft measure ``m``."""
        leader, office, person = ((m.get(name) or "").strip()[:NAME_LENGTH] for name in FIELDS)
        if _LIST_RE.search(office):  # several offices, or a sentence: not one office to create
            self.offices_left.setdefault(office, None)
            office = ""
        return {
            "responsible_leader": leader,
            "leader_user": self.members.leader(leader),
            "responsible_office": office_by_name(self.unit, office, self.actor, self._offices),
            "responsible_person": person,
            "person_user": self.members.person(person),
        }

    @property
    def message(self) -> str:
        """The names that matched no account (kept as names, marked 无账号), and the 责任单位 texts
        left out, in a sentence each."""
        said = [unmatched_message(list(self.members.unmatched_leaders), list(self.members.unmatched_people))]
        if self.offices_left:
            said.append(
                _("责任单位“%(names)s”不是一个股室的名称,未填入(可在台账中逐项选择)。")
                % {"names": "”“".join(self.offices_left)}
            )
        return "".join(said)


def people_defaults(problem: dict, measure: dict) -> dict:
    """A draft measure's 责任领导/责任单位/责任人 as the notice states them: its own labelled lines,
    else its problem's."""
    responsible = {**(problem.get("responsible") or {}), **(measure.get("responsible") or {})}
    return {name: (responsible.get(name) or "")[:NAME_LENGTH] for name in FIELDS}
