"""The filters of the ledger's lists: the scope shared by dashboards, notices and the lists behind
their numbers (round, group, unit…), and the ledger list's filter form (pages and API)."""

from dataclasses import dataclass
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.core.forms import XmlSafeForm
from zhenggai.core.query import query_id
from zhenggai.ledger.models import LookBackReview, Measure, MeasureKind, Problem, ProblemStatus
from zhenggai.ledger.people import unit_leaders, unit_people

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


class LedgerFilterForm(XmlSafeForm):
    status = forms.ChoiceField(
        label=_("问题状态"), required=False, choices=[("", _("全部"))] + ProblemStatus.choices
    )
    kind = forms.ChoiceField(
        label=_("整改类型"), required=False, choices=[("", _("全部"))] + MeasureKind.choices
    )
    office = forms.ModelChoiceField(
        label=_("责任股室"), required=False, queryset=Unit.objects.none(), empty_label=_("全部")
    )
    light = forms.ChoiceField(
        label=_("预警"),
        required=False,
        choices=[
            ("", _("全部")),
            ("red", _("红灯(逾期)")),
            ("yellow", _("黄灯(临期)")),
            ("green", _("绿灯")),
            ("grey", _("已销号")),
        ],
    )
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["office"]).queryset = offices_of(unit)


def offices_of(unit: Unit):
    return Unit.objects.filter(kind=UnitKind.OFFICE, path__startswith=unit.path).order_by(
        "sort_order", "name"
    )


def measure_choices(unit: Unit) -> dict:
    """What a measure may name in ``unit``: its offices, its leaders, its people (form and API)."""
    return {"offices": offices_of(unit), "leaders": unit_leaders(unit), "people": unit_people(unit)}
