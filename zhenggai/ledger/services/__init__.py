"""Writes to the ledger. Every write is atomic and validates before it saves."""

from zhenggai.ledger.services.base import (
    _STALE,
    FigureInput,
    _stale,
    measure_refuse_if_frozen,
)
from zhenggai.ledger.services.deletion import (
    _refuse_deletion,
    _soft_delete,
    measure_deletable,
    measure_delete,
    problem_deletable,
    problem_delete,
    progress_delete,
)
from zhenggai.ledger.services.measures import (
    MEASURE_EDITABLE_FIELDS,
    _measure_validate,
    _people_text,
    _people_validate,
    measure_create,
    measure_set_status,
    measure_update,
)
from zhenggai.ledger.services.problems import (
    PROBLEM_EDITABLE_FIELDS,
    problem_create,
    problem_update,
)
from zhenggai.ledger.services.progress import (
    _evidence_screened,
    _figures_clean,
    _progress_validate,
    evidence_attach,
    measure_touch_progress,
    progress_create,
    progress_update,
)

__all__ = [
    "FigureInput",
    "MEASURE_EDITABLE_FIELDS",
    "PROBLEM_EDITABLE_FIELDS",
    "_STALE",
    "_evidence_screened",
    "_figures_clean",
    "_measure_validate",
    "_people_text",
    "_people_validate",
    "_progress_validate",
    "_refuse_deletion",
    "_soft_delete",
    "_stale",
    "evidence_attach",
    "measure_create",
    "measure_deletable",
    "measure_delete",
    "measure_refuse_if_frozen",
    "measure_set_status",
    "measure_touch_progress",
    "measure_update",
    "problem_create",
    "problem_deletable",
    "problem_delete",
    "problem_update",
    "progress_create",
    "progress_delete",
    "progress_update",
]
