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


def policy_for(unit: Unit) -> Policy:
    """The nearest committee above (or at) ``unit`` that has a policy; else the defaults."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    row = (
        SupervisionPolicy.objects.filter(committee_id__in=ids, committee__kind=UnitKind.COMMITTEE)
        .order_by("-committee__depth")
        .first()
    )
    if row is None:
        return DEFAULT_POLICY
    return Policy(row.long_term_report_months, row.look_back_months, row.warning_days)


def add_months(day: dt.date, months: int) -> dt.date:
    """2022-11-30 + 3 months → 2023-02-28 (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
