"""The ledger spreadsheet (整改台账) both ways: export streams rows; import previews, then applies.

Export writes one row per measure, problem cells merged, progress as dated lines. Import reads the
same layout (and variants) into a preview; ``ledger_import_apply`` then creates everything in one
transaction through the ledger services, or nothing.
"""

from collections.abc import Iterator

from django.db import transaction
from django.db.models import QuerySet

from zhenggai.accounts.models import Unit
from zhenggai.core.errors import ServiceError
from zhenggai.core.localized import in_chinese
from zhenggai.documents.xlsx import LedgerImportPreview, LedgerRow, write_ledger_xlsx
from zhenggai.documents.xlsx.progress import read_progress
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure, MeasureKind, MeasureStatus, Problem
from zhenggai.ledger.people import MemberNames, office_by_name
from zhenggai.ledger.services import measure_create, problem_create, progress_create
from zhenggai.ledger.streams import measures_with_progress

KIND_WORDS = {
    MeasureKind.IMMEDIATE: "立行立改",
    MeasureKind.DEADLINE: "限期整改",
    MeasureKind.LONG_TERM: "长期坚持",
}
WORD_KINDS = {v: k for k, v in KIND_WORDS.items()}


@in_chinese
def _status_words() -> dict[str, str]:
    return {status.value: str(status.label) for status in MeasureStatus}


def ledger_rows(measures: QuerySet[Measure]) -> Iterator[LedgerRow]:
    """Rows in problem order, streamed from the database in chunks (memory flat in the row count).

    Plain values (``ledger.streams``), not model instances: a round's ledger is 10⁵ rows."""
    status_words = _status_words()  # the spreadsheet is Chinese whatever the UI language
    for m in measures_with_progress(measures):
        yield LedgerRow(
            problem_no=m.problem_number,
            problem_title=m.problem_title,
            measure_text=m.content,
            leader=m.responsible_leader,
            office=m.office_name or "",
            person=m.responsible_person,
            deadline=m.deadline,
            deadline_text="" if m.deadline else "长期",
            kind=KIND_WORDS.get(m.kind, ""),
            progress=m.progress,
            status=status_words.get(m.status, m.status),
            evidence="\n".join(m.evidence),
            category=m.category,
            closed_on=m.completed_on,
            remarks=m.remarks or "",
        )


def ledger_export(measures: QuerySet[Measure], out, *, title: str) -> int:
    return write_ledger_xlsx(ledger_rows(measures), out, title=title)


@transaction.atomic
def ledger_import_apply(
    *,
    inspection: Inspection,
    preview: LedgerImportPreview,
    actor,
    on_row=None,
    members: MemberNames | None = None,
) -> dict[str, int]:
    """Create the previewed problems, measures and progress; all or nothing.

    责任领导 and 责任人 are linked to the unit's accounts whose display name they are (``members``
    keeps the names that matched none, for the report); the others are kept as names.

    A problem whose title the inspection already has is reused; measures keep their order.
    Status words are not imported: striking off goes through the close-out workflow.
    """
    offices: dict[str, Unit] = {}
    problems: dict[str, Problem] = {p.title: p for p in inspection.problems.live()}
    created = {"problems": 0, "measures": 0, "progress": 0}
    members = members if members is not None else MemberNames(inspection.unit)
    for item in preview.items:
        try:
            _import_row(item.row, inspection, problems, offices, created, actor, members)
            if on_row is not None:
                on_row()
        except ServiceError as error:
            raise ServiceError(f"第{item.sheet_row}行:{'；'.join(error.messages)}(未导入任何内容)") from error
    return created


def ledger_import_people(*, inspection: Inspection, preview: LedgerImportPreview) -> MemberNames:
    """Which of the preview's 责任领导 and 责任人 names match an account of the unit (the rest are
    imported as names only, marked 无账号): what the preview page tells before the import."""
    members = MemberNames(inspection.unit)
    for row in preview.rows:
        members.leader(row.leader)
        members.person(row.person)
    return members


def _import_row(row: LedgerRow, inspection, problems, offices, created, actor, members: MemberNames) -> None:
    problem = problems.get(row.problem_title)
    if problem is None:
        problem = problem_create(
            inspection=inspection, title=row.problem_title, category=row.category, actor=actor
        )
        problems[row.problem_title] = problem
        created["problems"] += 1
    kind = WORD_KINDS.get(row.kind) or (
        MeasureKind.LONG_TERM if row.deadline is None else MeasureKind.DEADLINE
    )
    measure = measure_create(
        problem=problem,
        content=row.measure_text,
        kind=kind,
        deadline=row.deadline,
        responsible_leader=row.leader,
        leader_user=members.leader(row.leader),
        responsible_office=office_by_name(inspection.unit, row.office, actor, offices),
        responsible_person=row.person,
        person_user=members.person(row.person),
        remarks=row.remarks,
        actor=actor,
    )
    created["measures"] += 1
    for line in read_progress(row.progress).entries:  # lines before any date: listed by the preview
        progress_create(
            measure=measure, happened_on=line.on, precision=line.precision, text=line.text, reporter=actor
        )
        created["progress"] += 1
