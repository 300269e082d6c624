"""The time rules that apply to a unit: its committee's SupervisionPolicy, else the defaults."""

import calendar
import datetime as dt
from dataclasses import dataclass

from zhenggai.accounts.models import SupervisionPolicy, Unit, UnitKind


@dataclass(frozen=True)
class Policy:
    long_term_report_months: int = 3
    look_back_months: int = 6
    warning_days: int = 7


DEFAULT_POLICY = Policy()


def _ancestors(unit: Unit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def policy_for(unit: Unit) -> Policy:
    """The nearest committee above (or at) ``unit`` that has a policy; else the defaults."""
    return policies_for([unit])[unit.pk]


def policies_for(units) -> dict[int, Policy]:
    """``policy_for`` of many units in one query (a list page's rows belong to many units): the
    policies of every committee on their paths, the deepest one for each unit."""
    units = list(units)
    ids = {pk for unit in units for pk in _ancestors(unit)}
    depth_of = {}
    for committee_id, depth, *values in SupervisionPolicy.objects.filter(
        committee_id__in=ids, committee__kind=UnitKind.COMMITTEE
    ).values_list(
        "committee_id", "committee__depth", "long_term_report_months", "look_back_months", "warning_days"
    ):
        depth_of[committee_id] = (depth, Policy(*values))
    found = {}
    for unit in units:
        candidates = [depth_of[pk] for pk in _ancestors(unit) if pk in depth_of]
        found[unit.pk] = max(candidates, key=lambda pair: pair[0])[1] if candidates else DEFAULT_POLICY
    return found


def add_months(day: dt.date, months: int) -> dt.date:
    """2022-11-30 + 3 months → 2023-02-28 (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
