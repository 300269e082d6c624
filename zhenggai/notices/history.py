"""The ledger as it stood on a date: measure statuses replayed from their transitions."""

import datetime as dt
from collections.abc import Iterable

from zhenggai.ledger.models import Measure, MeasureStatus, ProblemStatus
from zhenggai.ledger.status import derive_problem_status


def measure_status_on(measure: Measure, day: dt.date) -> str:
    """Needs ``measure.transitions`` and ``measure.progress`` prefetched (see notice_data)."""
    moved = [t for t in measure.transitions.all() if t.effective_on <= day]
    if moved:
        return moved[-1].target
    started = any(e.happened_on <= day and e.deleted_at is None for e in measure.progress.all())
    return MeasureStatus.IN_PROGRESS if started else MeasureStatus.NOT_STARTED


def problem_status_on(measures: Iterable[Measure], day: dt.date) -> ProblemStatus:
    return derive_problem_status([(m.kind, measure_status_on(m, day)) for m in measures])
