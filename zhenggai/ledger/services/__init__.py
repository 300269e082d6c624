"""Writes to the ledger. Every write is atomic and validates before it saves."""

from zhenggai.ledger.services.base import (  # noqa: F401
    _STALE,
    FigureInput,
    _stale,
    measure_refuse_if_frozen,
)
from zhenggai.ledger.services.deletion import (  # noqa: F401
    _refuse_deletion,
    _soft_delete,
    measure_deletable,
    measure_delete,
    problem_deletable,
    problem_delete,
    progress_delete,
)
from zhenggai.ledger.services.measures import (  # noqa: F401
    MEASURE_EDITABLE_FIELDS,
    _measure_validate,
    _people_text,
    _people_validate,
    measure_create,
    measure_set_status,
    measure_update,
)
from zhenggai.ledger.services.problems import (  # noqa: F401
    PROBLEM_EDITABLE_FIELDS,
    problem_create,
    problem_update,
)
from zhenggai.ledger.services.progress import (  # noqa: F401
    _evidence_screened,
    _figures_clean,
    _progress_validate,
    evidence_attach,
    measure_touch_progress,
    progress_create,
    progress_update,
)
