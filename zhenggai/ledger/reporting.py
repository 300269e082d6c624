"""Is a long-term measure's periodic report up to date? Computed in SQL against a cut-off date."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from zhenggai.accounts.policy import add_months
from zhenggai.ledger.models import Measure, MeasureKind, MeasureStatus


def report_cutoff(months: int, today: dt.date | None = None) -> dt.date:
    """A long-term measure is up to date when it has progress on or after this date."""
    return add_months(today or timezone.localdate(), -months)


def long_term_overdue_q(cutoff: dt.date) -> Q:
    """Long-term, not closed, and no progress since ``cutoff``."""
    stale = Q(last_progress_on__lt=cutoff) | Q(
        last_progress_on__isnull=True, problem__inspection__feedback_date__lt=cutoff
    )
    return Q(kind=MeasureKind.LONG_TERM) & ~Q(status=MeasureStatus.CLOSED) & stale


def long_term_label(measure: Measure, cutoff: dt.date) -> str:
    """What a long-term measure shows instead of 整改中: 阶段性成效 while reported, 逾期未报 when not."""
    last = measure.last_progress_on
    if measure.kind != MeasureKind.LONG_TERM or measure.status == MeasureStatus.CLOSED:
        return ""
    return "阶段性成效" if last is not None and last >= cutoff else "逾期未报"
