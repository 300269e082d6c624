"""The workbench's one write: deciding several close-outs at once, each through the workflow's
own service (its checks, its status change, its audit event), one by one."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhenggai.core.chinese import cn_ordinal
from zhenggai.core.types import Viewer
from zhenggai.ledger.models import Measure
from zhenggai.ledger.permissions import visible_measures
from zhenggai.ledger.transitions import measure_transition

BULK_LIMIT = 100  # the queue shows at most 50 of a kind; a longer list is not from the page


@dataclass
class BulkOutcome:
    done: list[str] = field(default_factory=list)  # the measures' labels
    refused: list[tuple[str, str]] = field(default_factory=list)  # (label, why)


def _label(measure: Measure) -> str:
    unit = measure.problem.inspection.unit
    return f"{unit.short_name or unit.name} 问题({cn_ordinal(measure.problem.number)})措施{measure.number}"


def closeouts_decide(
    *, actor: Viewer, move_name: str, measure_ids: list[int], opinion: str = ""
) -> BulkOutcome:
    """Apply ``move_name`` (confirm or approve) to each measure with the same opinion. Each is its
    own transaction and audit event: one refused (already decided, not the user's to decide)
    leaves the others done, and says why."""
    if move_name not in ("confirm", "approve"):
        raise ValidationError(_("只能批量审核通过或批准销号。"))
    ids = list(dict.fromkeys(measure_ids))[:BULK_LIMIT]
    found = {
        m.pk: m
        for m in visible_measures(actor)
        .filter(pk__in=ids)
        .select_related("problem__inspection__unit", "responsible_office")
    }
    outcome = BulkOutcome()
    for pk in ids:
        measure = found.get(pk)
        if measure is None:
            outcome.refused.append(
                (_("措施(编号%(pk)s)") % {"pk": pk}, _("该措施不存在或不在您的可见范围内。"))
            )
            continue
        label = _label(measure)
        try:
            with transaction.atomic():
                measure_transition(measure=measure, move_name=move_name, actor=actor, reason=opinion)
        except ValidationError as error:  # ServiceError: the workflow's refusal, in Chinese
            outcome.refused.append((label, " ".join(error.messages)))
        except PermissionDenied as error:
            outcome.refused.append((label, str(error) or _("您没有权限执行此操作。")))
        else:
            outcome.done.append(label)
    return outcome
