"""The allowed status moves of a feedback, as a table. Pure: ``services.feedback_move`` applies it.

    待受理 ──受理──▶ 已受理 ──答复──▶ 已答复
      │  └──转办──▶ 已转办 ──答复──▶ 已答复
      └──不予受理(理由)──▶ 不予受理

已受理 may still be transferred or refused; 已转办 may be transferred again (to another office).
The unit (its liaison or first-responsible leader) makes every move; see ``permissions.can_triage``.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from zhenggai.public.models import FeedbackStatus

S = FeedbackStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Move:
    name: str
    label: "StrOrPromise"  # gettext_lazy: translated when shown
    sources: frozenset[str]
    target: str
    needs_office: bool = False
    needs_reason: bool = False
    needs_reply: bool = False


MOVES: tuple[Move, ...] = (
    Move("accept", _("受理"), frozenset({S.RECEIVED}), S.ACCEPTED),
    Move(
        "transfer",
        _("转办"),
        frozenset({S.RECEIVED, S.ACCEPTED, S.TRANSFERRED}),
        S.TRANSFERRED,
        needs_office=True,
    ),
    Move("reject", _("不予受理"), frozenset({S.RECEIVED, S.ACCEPTED}), S.REJECTED, needs_reason=True),
    Move("answer", _("答复"), frozenset({S.ACCEPTED, S.TRANSFERRED}), S.ANSWERED, needs_reply=True),
)

MOVES_BY_NAME = {move.name: move for move in MOVES}


def moves_from(status: str) -> list[Move]:
    return [move for move in MOVES if status in move.sources]
