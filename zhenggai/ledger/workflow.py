"""The allowed status moves of a measure, as a table. Pure: the service applies it."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import Role
from zhenggai.ledger.models import MeasureKind, MeasureStatus


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    source: MeasureStatus
    target: MeasureStatus
    roles: frozenset[str]
    needs_reason: bool = False
    needs_evidence: bool = False
    one_off_only: bool = False


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
        _("重新整改(反弹)"),
        MeasureStatus.CLOSED,
        MeasureStatus.IN_PROGRESS,
        frozenset({Role.INSPECTION_OFFICE}),
        needs_reason=True,
    ),
)

MOVES_BY_NAME = {move.name: move for move in MOVES}


def moves_from(status: str, kind: str) -> list[Move]:
    return [
        move
        for move in MOVES
        if move.source == status and not (move.one_off_only and kind == MeasureKind.LONG_TERM)
    ]
