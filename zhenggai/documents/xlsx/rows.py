"""The ledger row (整改台账的一行): one rectification measure and the problem it belongs to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

KIND_IMMEDIATE = "立行立改"
KIND_DEADLINE = "限期整改"
KIND_LONG_TERM = "长期坚持"
KINDS = (KIND_IMMEDIATE, KIND_DEADLINE, KIND_LONG_TERM)


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One measure (整改措施) with its problem (反馈问题), as the ledger spreadsheet shows it.

    Rows of one problem share ``problem_no`` and ``problem_title`` and come one after another.
    ``deadline`` is the date to judge lateness by; ``deadline_text`` keeps wording that is not a
    plain date ("长期", "2022年12月底"), and is empty when the deadline is an exact date.
    ``kind`` is one of :data:`KINDS` or empty. ``evidence`` lists evidence file names, one per
    line. ``category`` (问题类别) belongs to the problem; ``closed_on`` is the measure's 销号 date
    (written, never imported: striking off goes through the close-out workflow); ``remarks`` is
    the measure's 备注.
    """

    problem_no: int
    problem_title: str
    measure_text: str
    leader: str = ""
    office: str = ""
    person: str = ""
    deadline: dt.date | None = None
    deadline_text: str = ""
    kind: str = ""
    progress: str = ""
    status: str = ""
    evidence: str = ""
    category: str = ""
    closed_on: dt.date | None = None
    remarks: str = ""


# (field, header as written) in sheet order; the reader also accepts the synonyms below.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("problem_no", "序号"),
    ("category", "问题类别"),
    ("problem_title", "反馈问题"),
    ("measure_text", "整改措施"),
    ("leader", "责任领导"),
    ("office", "责任股室"),
    ("person", "责任人"),
    ("deadline", "整改时限"),
    ("kind", "整改类型"),
    ("progress", "整改进展"),
    ("status", "完成情况"),
    ("closed_on", "销号日期"),
    ("evidence", "佐证材料"),
    ("remarks", "备注"),
)
# The problem's own columns: written once per problem and merged down over its measures.
PROBLEM_FIELDS = ("problem_no", "category", "problem_title")
HEADERS = {name: header for name, header in COLUMNS}
