"""The ledger's choices (statuses, kinds, date precision) and their labels."""

from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ProblemStatus(models.TextChoices):
    """A problem's status is derived from its measures (ledger.status), never typed by hand."""

    OPEN = "open", _("未整改")
    IN_PROGRESS = "in_progress", _("整改中")
    COMPLETED = "completed", _("已完成")
    LONG_TERM = "long_term", _("阶段性成效、需长期坚持")


class MeasureKind(models.TextChoices):
    IMMEDIATE = "immediate", _("立行立改")
    DEADLINE = "deadline", _("限期整改")
    LONG_TERM = "long_term", _("长期坚持")


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("整改中")
    SUBMITTED = "submitted", _("申请销号")
    CONFIRMED = "confirmed", _("单位已审核")
    CLOSED = "closed", _("已销号")


class DatePrecision(models.TextChoices):
    DAY = "day", _("日")
    MONTH = "month", _("月")
    AS_OF = "as_of", _("截至该日累计")


_LABELS: dict[tuple[type, str], dict] = {}


def label(choices: type[models.TextChoices], value) -> str:
    """What ``get_FOO_display()`` returns, without Django's rebuilding of the whole choices dict on
    every call (which translates every label: a ledger page asks this hundreds of times). The
    labels are translated once per language and kept (the catalogues do not change while a
    process runs)."""
    key = (choices, get_language() or "")
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {member.value: force_str(member.label) for member in choices}
    return labels.get(value, value)
