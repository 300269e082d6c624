"""The filters shared by dashboards and the lists behind their numbers (round, group, unit…)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from zhenggai.core.query import query_id
from zhenggai.ledger.models import LookBackReview, Measure, Problem

UNIT_NAME_MAX = 50


@dataclass(frozen=True)
class Scope:
    round_id: int | None = None
    group_id: int | None = None
    unit_id: int | None = None
    # Part of a unit's name: where a scope holds too many units for a list to pick from.
    unit_name: str = ""

    @classmethod
    def from_query(cls, params) -> "Scope":
        name = " ".join(str(params.get("unit_name", "")).split())[:UNIT_NAME_MAX]
        return cls(query_id(params, "round"), query_id(params, "group"), query_id(params, "unit"), name)

    def query(self) -> dict[str, int | str]:
        pairs = {
            "round": self.round_id,
            "group": self.group_id,
            "unit": self.unit_id,
            "unit_name": self.unit_name,
        }
        return {k: v for k, v in pairs.items() if v not in (None, "")}

    def _apply(self, qs: QuerySet, inspection: str) -> QuerySet:
        if self.round_id:
            qs = qs.filter(**{f"{inspection}round_id": self.round_id})
        if self.group_id:
            qs = qs.filter(**{f"{inspection}group_id": self.group_id})
        if self.unit_id:
            qs = qs.filter(**{f"{inspection}unit_id": self.unit_id})
        if self.unit_name:
            qs = qs.filter(**{f"{inspection}unit__name__contains": self.unit_name})
        return qs

    def inspections(self, qs: QuerySet) -> QuerySet:
        return self._apply(qs, "")

    def problems(self, qs: QuerySet[Problem]) -> QuerySet[Problem]:
        return self._apply(qs, "inspection__")

    def measures(self, qs: QuerySet[Measure]) -> QuerySet[Measure]:
        return self._apply(qs, "problem__inspection__")

    def reviews(self, qs: QuerySet[LookBackReview]) -> QuerySet[LookBackReview]:
        return self.by_problem(qs)

    def by_problem(self, qs: QuerySet) -> QuerySet:
        """Any rows that hang off a problem (look-backs, 督办, feedback linked to a problem)."""
        return self._apply(qs, "problem__inspection__")
