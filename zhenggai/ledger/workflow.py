"""The allowed status moves of a measure, as a table. Pure: the service applies it."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Role
from zhenggai.ledger.models import MeasureKind, MeasureStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from zhenggai.ledger.models import Measure


@dataclass(frozen=True)
class Move:
    name: str
    label: "StrOrPromise"  # gettext_lazy: translated when shown
    source: MeasureStatus
    target: MeasureStatus
    roles: frozenset[str]
    needs_reason: bool = False
    needs_evidence: bool = False
    one_off_only: bool = False
    # A decision on an application (审核 / 审批): never made by the person who applied.
    decides: bool = False

    @property
    def opinion_label(self) -> str:
        """What the text box of this move is called: 完成情况说明, 退回理由, 审批意见…"""
        if self.needs_evidence:
            return str(_("完成情况说明"))
        if self.name == "reopen":
            return str(_("重新打开理由"))
        if self.needs_reason:
            return str(_("退回理由"))
        if self.decides:
            return str(_("审批意见"))
        return ""


_UNIT_WORKERS = frozenset({Role.UNIT_LIAISON, Role.OFFICE_CLERK})

MOVES: tuple[Move, ...] = (
    Move(
        "start",
        _("启动整改"),
        MeasureStatus.NOT_STARTED,
        MeasureStatus.IN_PROGRESS,
        _UNIT_WORKERS | {Role.UNIT_LEADER},
    ),
    Move(
        "submit",
        _("申请销号"),
        MeasureStatus.IN_PROGRESS,
        MeasureStatus.SUBMITTED,
        _UNIT_WORKERS,
        needs_reason=True,
        needs_evidence=True,
        one_off_only=True,
    ),
    Move(
        "confirm",
        _("单位领导审核通过"),
        MeasureStatus.SUBMITTED,
        MeasureStatus.CONFIRMED,
        frozenset({Role.UNIT_LEADER}),
        decides=True,
    ),
    Move(
        "return_by_leader",
        _("退回"),
        MeasureStatus.SUBMITTED,
        MeasureStatus.IN_PROGRESS,
        frozenset({Role.UNIT_LEADER}),
        needs_reason=True,
    ),
    Move(
        "approve",
        _("批准销号"),
        MeasureStatus.CONFIRMED,
        MeasureStatus.CLOSED,
        frozenset({Role.INSPECTION_OFFICE}),
        decides=True,
    ),
    Move(
        "return_by_office",
        _("退回"),
        MeasureStatus.CONFIRMED,
        MeasureStatus.IN_PROGRESS,
        frozenset({Role.INSPECTION_OFFICE}),
        needs_reason=True,
    ),
    Move(
        "reopen",
        _("重新打开(撤销销号)"),
        MeasureStatus.CLOSED,
        MeasureStatus.IN_PROGRESS,
        frozenset({Role.INSPECTION_OFFICE}),
        needs_reason=True,
    ),
)

MOVES_BY_NAME = {move.name: move for move in MOVES}

# Once its 销号 has been applied for, a measure is frozen: its content, deadline and people, its
# progress entries and their evidence are what the leader and the inspection office are judging
# (or have judged). Nothing of it is edited, deleted or added to until a move of the table above
# takes it out of these states: 退回 by the leader (申请销号) or by the inspection office (单位已审核),
# or 重新打开 by the inspection office once struck off (已销号).
FROZEN_STATES = frozenset({MeasureStatus.SUBMITTED, MeasureStatus.CONFIRMED, MeasureStatus.CLOSED})


def measure_is_frozen(measure: "Measure") -> bool:
    """Whether the measure (and its progress and evidence) may no longer be changed."""
    return measure.status in FROZEN_STATES


def frozen_message(measure: "Measure") -> str:
    """What a person is told when a change to a frozen measure is refused."""
    return str(
        _(
            "该措施当前状态为“%(status)s”,已申请销号或已销号,措施及其进展、佐证材料已冻结,不能修改、删除或追加。"
            "如需修改,请先退回(已销号的须由巡察办重新打开)。"
        )
    ) % {"status": measure.get_status_display()}


def moves_from(status: str, kind: str) -> list[Move]:
    return [
        move
        for move in MOVES
        if move.source == status and not (move.one_off_only and kind == MeasureKind.LONG_TERM)
    ]
