"""The people and offices a notice's draft names on its measures (责任领导, 责任单位, 责任人: read from
labelled lines by ``intake.responsible``, corrected on the review page), as the import writes them:
names matched to the unit's accounts where exactly one member has that name, offices found or
created under the unit — the same rules as the spreadsheet import (``ledger.people``)."""

from zhenggai.accounts.models import Unit
from zhenggai.ledger.people import MemberNames, office_by_name, unmatched_message

FIELDS = ("leader", "office", "person")
NAME_LENGTH = 100  # the measure's text fields


class ImportPeople:
    def __init__(self, unit: Unit, actor):
        self.unit, self.actor = unit, actor
        self.members = MemberNames(unit)
        self._offices: dict[str, Unit] = {}

    def measure_fields(self, m: dict) -> dict:
        """``measure_create``'s keyword arguments for the draft measure ``m``."""
        leader, office, person = ((m.get(name) or "").strip()[:NAME_LENGTH] for name in FIELDS)
        return {
            "responsible_leader": leader,
            "leader_user": self.members.leader(leader),
            "responsible_office": office_by_name(self.unit, office, self.actor, self._offices),
            "responsible_person": person,
            "person_user": self.members.person(person),
        }

    @property
    def message(self) -> str:
        """The names that matched no account (kept as names, marked 无账号), in one sentence."""
        return unmatched_message(list(self.members.unmatched_leaders), list(self.members.unmatched_people))


def people_defaults(problem: dict) -> dict:
    """A draft measure's 责任领导/责任单位/责任人 as the notice states them for its problem."""
    responsible = problem.get("responsible") or {}
    return {name: (responsible.get(name) or "")[:NAME_LENGTH] for name in FIELDS}
