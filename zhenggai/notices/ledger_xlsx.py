"""The ledger spreadsheet (整改台账) both ways: export streams rows; import previews, then applies.

Export writes one row per measure, problem cells merged, progress as dated lines. Import reads the
same layout (and variants) into a preview; ``ledger_import_apply`` then creates everything in one
transaction through the ledger services, or nothing.
"""

import datetime as dt
import re
from collections.abc import Iterator

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.accounts.services import unit_create
from zhenggai.core.chinese import cn_date
from zhenggai.core.errors import ServiceError
from zhenggai.documents.xlsx import LedgerImportPreview, LedgerRow, write_ledger_xlsx
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import DatePrecision, Measure, MeasureKind, Problem, ProgressEntry
from zhenggai.ledger.services import measure_create, problem_create, progress_create

KIND_WORDS = {
    MeasureKind.IMMEDIATE: "立行立改",
    MeasureKind.DEADLINE: "限期整改",
    MeasureKind.LONG_TERM: "长期坚持",
}
WORD_KINDS = {v: k for k, v in KIND_WORDS.items()}
_AS_OF = "截至"


def _progress_line(entry: ProgressEntry) -> str:
    prefix = _AS_OF if entry.date_precision == DatePrecision.AS_OF else ""
    return f"{prefix}{cn_date(entry.happened_on, 'month' if entry.date_precision == 'month' else 'day')}:{entry.text}"


_LINE = re.compile(r"^(截至)?(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?[::]\s*(.+)$")


def parse_progress_lines(text: str) -> list[tuple[dt.date, str, str]]:
    """Lines written by ``_progress_line`` (or typed alike) → (date, precision, text)."""
    out = []
    for line in (text or "").splitlines():
        match = _LINE.match(line.strip())
        if not match:
            continue
        as_of, year, month, day, body = match.groups()
        precision = DatePrecision.AS_OF if as_of else (DatePrecision.DAY if day else DatePrecision.MONTH)
        out.append((dt.date(int(year), int(month), int(day or 1)), precision, body.strip()))
    return out


def ledger_rows(measures: QuerySet[Measure]) -> Iterator[LedgerRow]:
    """Rows in problem order, streamed from the database in chunks (memory flat in the row count)."""
    progress = ProgressEntry.objects.live().prefetch_related("evidence").order_by("happened_on", "pk")
    rows = (
        measures.select_related("problem", "responsible_office")
        .prefetch_related(Prefetch("progress", queryset=progress))
        .order_by("problem__inspection_id", "problem__number", "number")
    )
    for m in rows.iterator(chunk_size=2000):
        entries = list(m.progress.all())
        yield LedgerRow(
            problem_no=m.problem.number,
            problem_title=m.problem.title,
            measure_text=m.content,
            leader=m.responsible_leader,
            office=m.responsible_office.name if m.responsible_office else "",
            person=m.responsible_person,
            deadline=m.deadline,
            deadline_text="" if m.deadline else "长期",
            kind=KIND_WORDS.get(m.kind, ""),
            progress="\n".join(_progress_line(e) for e in entries),
            status=m.get_status_display(),
            evidence="\n".join(ev.original_name for e in entries for ev in e.evidence.all()),
        )


def ledger_export(measures: QuerySet[Measure], out, *, title: str) -> int:
    return write_ledger_xlsx(ledger_rows(measures), out, title=title)


def _office(unit: Unit, name: str, actor, cache: dict[str, Unit]) -> Unit | None:
    name = name.strip()
    if not name:
        return None
    if name not in cache:
        found = Unit.objects.filter(kind=UnitKind.OFFICE, path__startswith=unit.path, name=name).first()
        cache[name] = found or unit_create(name=name, kind=UnitKind.OFFICE, parent=unit, actor=actor)
    return cache[name]


@transaction.atomic
def ledger_import_apply(
    *, inspection: Inspection, preview: LedgerImportPreview, actor, on_row=None
) -> dict[str, int]:
    """Create the previewed problems, measures and progress; all or nothing.

    A problem whose title the inspection already has is reused; measures keep their order.
    Status words are not imported: striking off goes through the close-out workflow.
    """
    offices: dict[str, Unit] = {}
    problems: dict[str, Problem] = {p.title: p for p in inspection.problems.live()}
    created = {"problems": 0, "measures": 0, "progress": 0}
    for item in preview.items:
        try:
            _import_row(item.row, inspection, problems, offices, created, actor)
            if on_row is not None:
                on_row()
        except ServiceError as error:
            raise ServiceError(f"第{item.sheet_row}行:{'；'.join(error.messages)}(未导入任何内容)") from error
    return created


def _import_row(row: LedgerRow, inspection, problems, offices, created, actor) -> None:
    problem = problems.get(row.problem_title)
    if problem is None:
        problem = problem_create(inspection=inspection, title=row.problem_title, actor=actor)
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
        responsible_office=_office(inspection.unit, row.office, actor, offices),
        responsible_person=row.person,
        actor=actor,
    )
    created["measures"] += 1
    for on, precision, text in parse_progress_lines(row.progress):
        progress_create(measure=measure, happened_on=on, precision=precision, text=text, reporter=actor)
        created["progress"] += 1
