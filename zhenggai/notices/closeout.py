"""对账销号单: the close-out reconciliation of an inspection's problems on a date.

One table row per measure, grouped under its problem: the measure's state that day (replayed from
its transitions, as the notice and report are), the date it was struck off and who confirmed it in
the unit and who struck it off. The unit and the inspection office check the ledger against it
before the round is closed; it is read from the same ledger as every other document.
"""

from __future__ import annotations

import datetime as dt

from zhenggai.core.chinese import cn_date
from zhenggai.core.localized import in_chinese
from zhenggai.documents.layout import Heading, OfficialDocument, Paragraph, Table
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure, MeasureKind, MeasureStatus, Problem
from zhenggai.ledger.people import display_name
from zhenggai.notices.compose import counts_on, problems_with_history
from zhenggai.notices.history import measure_status_on

HEADER = ("序号", "反馈问题", "整改措施", "整改状态", "销号日期", "单位审核人", "销号审核人")
WIDTHS = (0.5, 2.3, 3.1, 1.1, 1.5, 1.4, 1.4)


def _last_move(measure: Measure, day: dt.date, target: str):
    """The latest transition into ``target`` in effect on ``day`` (transitions come in date order)."""
    moves = [t for t in measure.transitions.all() if t.effective_on <= day and t.target == target]
    return moves[-1] if moves else None


def _state_word(measure: Measure, state: str) -> str:
    if measure.kind == MeasureKind.LONG_TERM and state == MeasureStatus.IN_PROGRESS:
        return "长期坚持"
    return str(MeasureStatus(state).label)


def closeout_rows(problems: list[Problem], day: dt.date) -> list[tuple[str, ...]]:
    """Needs the problems as ``problems_with_history`` reads them (measures, transitions, actors)."""
    rows: list[tuple[str, ...]] = []
    for problem in problems:
        measures = list(problem.measures.all())
        if not measures:
            rows.append((str(problem.number), problem.title, "尚未制定整改措施", "未启动", "—", "—", "—"))
            continue
        for i, measure in enumerate(measures):
            state = measure_status_on(measure, day)
            closed = _last_move(measure, day, MeasureStatus.CLOSED) if state == MeasureStatus.CLOSED else None
            confirmed = (
                _last_move(measure, day, MeasureStatus.CONFIRMED)
                if state in (MeasureStatus.CONFIRMED, MeasureStatus.CLOSED)
                else None
            )
            rows.append(
                (
                    str(problem.number) if i == 0 else "",
                    problem.title if i == 0 else "",
                    f"{measure.number}. {measure.content}",
                    _state_word(measure, state),
                    cn_date(closed.effective_on) if closed else "—",
                    (display_name(confirmed.actor) or "—") if confirmed else "—",
                    (display_name(closed.actor) or "—") if closed else "—",
                )
            )
    return rows


@in_chinese
def closeout_compose(inspection: Inspection, *, day: dt.date) -> OfficialDocument:
    org = inspection.unit.display_party_org
    problems = problems_with_history(inspection)
    counts = counts_on(problems, day)
    measures = [m for p in problems for m in p.measures.all()]
    closed = sum(1 for m in measures if measure_status_on(m, day) == MeasureStatus.CLOSED)
    blocks = (
        Paragraph(
            f"{inspection.group.name}于{cn_date(inspection.feedback_date) if inspection.feedback_date else ''}"
            f"向{org}反馈{inspection.round.name}意见，反馈问题{counts.total}项、整改措施{len(measures)}条。"
            f"截至{cn_date(day)}，已整改完成问题{counts.completed}项，已取得阶段性成效需长期坚持整改"
            f"{counts.long_term}项，正在整改{counts.in_progress}项；已销号措施{closed}条。"
        ),
        Heading(1, "对账销号明细"),
        Table(header=HEADER, rows=tuple(closeout_rows(problems, day)), col_widths=WIDTHS),
        Paragraph("以上情况与整改台账核对一致。被巡察单位对所报情况的真实性负责。"),
    )
    return OfficialDocument(
        title=f"{org}\n{inspection.round.name}反馈问题整改对账销号单",
        blocks=blocks,
        signature=org,
        date_text=cn_date(day),
    )
