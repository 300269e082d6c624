"""What the ledger's writes share: figure input, the frozen-measure rule, the stale-version check."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy

from zhenggai.core.errors import ConcurrentEdit, ServiceError
from zhenggai.ledger.models import (
    Measure,
)
from zhenggai.ledger.workflow import frozen_message, measure_is_frozen


@dataclass(frozen=True)
class FigureInput:
    label: str
    value: Decimal | int | str
    unit: str = ""


def measure_refuse_if_frozen(measure: Measure) -> Measure:
    """The measure's row as it is now, locked for this transaction; refused if frozen (its 销号 applied
    for or done, ``workflow.measure_is_frozen``). Every write to a measure, its progress or its
    evidence passes here: the lock makes a submission wait for an edit already under way, and an edit
    wait for a submission."""
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure_is_frozen(current):
        raise ServiceError(frozen_message(current), code="frozen")
    return current


_STALE = {
    "measure": gettext_lazy(
        "该措施已被他人修改(您打开后有新的保存)。请刷新页面,核对最新内容后再保存;您填写的内容仍保留在表单中。"
    ),
    "problem": gettext_lazy(
        "该问题已被他人修改(您打开后有新的保存)。请刷新页面,核对最新内容后再保存;您填写的内容仍保留在表单中。"
    ),
    "progress": gettext_lazy(
        "该进展已被他人修改(您打开后有新的保存)。请刷新页面,核对最新内容后再保存;您填写的内容仍保留在表单中。"
    ),
}


def _stale(kind: str) -> ConcurrentEdit:
    return ConcurrentEdit(str(_STALE[kind]), code="concurrent_edit")
