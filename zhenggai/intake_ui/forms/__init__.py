"""Forms of the intake pages: the upload, and the review editor (draft fields, problems, measures)."""

from zhenggai.intake_ui.forms.editor import (  # noqa: F401
    DraftEditor,
)
from zhenggai.intake_ui.forms.rows import (  # noqa: F401
    EMPTY_MEASURE,
    EMPTY_PROBLEM,
    PROBLEM_STATUS_CHOICES,
    MeasureForm,
    MeasureFormSet,
    ProblemForm,
    ProblemFormSet,
    _date_initial,
)
from zhenggai.intake_ui.forms.upload import (  # noqa: F401
    DateInput,
    DraftForm,
    UploadForm,
)
