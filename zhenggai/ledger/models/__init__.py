"""The rectification ledger (整改台账): problems fed back, their measures, dated progress, evidence."""

from zhenggai.ledger.models.choices import (  # noqa: F401
    _LABELS,
    DatePrecision,
    MeasureKind,
    MeasureStatus,
    ProblemStatus,
    label,
)
from zhenggai.ledger.models.problems import (  # noqa: F401
    MEASURE_COUNT_FIELDS,
    Measure,
    Problem,
    ProblemGroup,
)
from zhenggai.ledger.models.progress import (  # noqa: F401
    Evidence,
    MeasureTransition,
    ProgressEntry,
    ProgressFigure,
    figure_text,
)
from zhenggai.ledger.models.reviews import (  # noqa: F401
    LookBackReview,
    ReviewOutcome,
)
from zhenggai.ledger.models.tallies import (  # noqa: F401
    InspectionRevision,
    InspectionTally,
)
