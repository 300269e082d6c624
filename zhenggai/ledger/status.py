"""How a problem's status follows from its measures. Pure: no database, easy to test exhaustively."""

from collections.abc import Iterable

from zhenggai.ledger.models import MeasureKind, MeasureStatus, ProblemStatus


def derive_problem_status(
    measures: Iterable[tuple[str, str]], *, awaiting_new_measure: bool = False
) -> ProblemStatus:
    """``measures`` are (kind, status) pairs of the problem's live measures.

    - a look-back found the problem came back (反弹) and no new measure exists yet → 整改中
    - nothing started (or no measure yet) → 未整改
    - every measure struck off → 已完成
    - every one-off measure struck off, long-term ones still being kept up → 阶段性成效、需长期坚持
    - otherwise → 整改中
    """
    pairs = list(measures)
    if awaiting_new_measure:
        return ProblemStatus.IN_PROGRESS
    if not pairs or all(status == MeasureStatus.NOT_STARTED for _, status in pairs):
        return ProblemStatus.OPEN
    if all(status == MeasureStatus.CLOSED for _, status in pairs):
        return ProblemStatus.COMPLETED
    one_off_done = all(
        status == MeasureStatus.CLOSED for kind, status in pairs if kind != MeasureKind.LONG_TERM
    )
    has_long_term_open = any(
        kind == MeasureKind.LONG_TERM and status != MeasureStatus.CLOSED for kind, status in pairs
    )
    if one_off_done and has_long_term_open:
        return ProblemStatus.LONG_TERM
    return ProblemStatus.IN_PROGRESS
