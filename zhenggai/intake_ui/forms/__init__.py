"""Forms of the intake pages: the upload, and the review editor (draft fields, problems, measures)."""

from zhenggai.intake_ui.forms.editor import (
    DraftEditor,
)
from zhenggai.intake_ui.forms.rows import (
    EMPTY_MEASURE,
    EMPTY_PROBLEM,
    PROBLEM_STATUS_CHOICES,
    MeasureForm,
    MeasureFormSet,
    ProblemForm,
    ProblemFormSet,
    _date_initial,
)
from zhenggai.intake_ui.forms.upload import (
    DateInput,
    DraftForm,
    UploadForm,
)

__all__ = [
    "DateInput",
    "DraftEditor",
    "DraftForm",
    "EMPTY_MEASURE",
    "EMPTY_PROBLEM",
    "MeasureForm",
    "MeasureFormSet",
    "PROBLEM_STATUS_CHOICES",
    "ProblemForm",
    "ProblemFormSet",
    "UploadForm",
    "_date_initial",
]
