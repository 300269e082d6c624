"""The rectification ledger (整改台账): problems fed back, their measures, dated progress, evidence."""

from zhenggai.ledger.models.choices import (
    _LABELS,
    DatePrecision,
    MeasureKind,
    MeasureStatus,
    ProblemStatus,
    label,
)
from zhenggai.ledger.models.problems import (
    MEASURE_COUNT_FIELDS,
    Measure,
    Problem,
    ProblemGroup,
)
from zhenggai.ledger.models.progress import (
    Evidence,
    MeasureTransition,
    ProgressEntry,
    ProgressFigure,
    figure_text,
)
from zhenggai.ledger.models.reviews import (
    LookBackReview,
    ReviewOutcome,
)
from zhenggai.ledger.models.tallies import (
    InspectionRevision,
    InspectionTally,
)

__all__ = [
    "DatePrecision",
    "Evidence",
    "InspectionRevision",
    "InspectionTally",
    "LookBackReview",
    "MEASURE_COUNT_FIELDS",
    "Measure",
    "MeasureKind",
    "MeasureStatus",
    "MeasureTransition",
    "Problem",
    "ProblemGroup",
    "ProblemStatus",
    "ProgressEntry",
    "ProgressFigure",
    "ReviewOutcome",
    "_LABELS",
    "figure_text",
    "label",
]
