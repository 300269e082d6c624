"""Reading many measures with their progress and evidence as plain values, in flat memory.

A whole round's ledger is 50,000–160,000 measures and ten times as many progress entries. Model
instances and ``prefetch_related`` cost about a millisecond a measure at that size (a queryset
clone per related lookup, a model per entry); this reads tuples instead, a chunk of measures at a
time. On PostgreSQL the progress column's text (one line per entry, "2023年3月1日：…") is built by
the database in the same query (``string_agg``), so a million entries never become Python
objects; elsewhere the same lines are built here by ``progress_line``. Outside a transaction, the
next chunk's progress is read on a second connection while the caller writes the current one.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from zhenggai.core.chinese import cn_date
from zhenggai.ledger.models import DatePrecision, Evidence, Measure, ProgressEntry

CHUNK = 2000
AS_OF = "截至"

# The ledger order (the first four) and then what a row shows.
_ORDER = ("problem__inspection_id", "problem__number", "number", "pk")
_FIELDS = (
    "problem__title",
    "content",
    "responsible_leader",
    "responsible_office__name",
    "responsible_person",
    "deadline",
    "kind",
    "status",
    "problem__category",
    "completed_on",
    "remarks",
)


def progress_line(happened_on: dt.date, precision: str, text: str) -> str:
    """One progress entry as the ledger writes it: "2022年12月：…", "截至2023年3月29日：…"."""
    prefix = AS_OF if precision == DatePrecision.AS_OF else ""
    return f"{prefix}{cn_date(happened_on, 'month' if precision == DatePrecision.MONTH else 'day')}：{text}"


# ``progress_line`` in PostgreSQL, joined by newlines in date order (tests check they agree).
_PG_PROGRESS = f"""
SELECT measure_id, string_agg(
    CASE WHEN date_precision = '{DatePrecision.AS_OF}' THEN '{AS_OF}' ELSE '' END
    || CASE WHEN date_precision = '{DatePrecision.MONTH}' THEN to_char(happened_on, 'FMYYYY"年"FMMM"月"')
            ELSE to_char(happened_on, 'FMYYYY"年"FMMM"月"FMDD"日"') END
    || '：' || text, E'\\n' ORDER BY happened_on, id)
FROM {ProgressEntry._meta.db_table}
WHERE deleted_at IS NULL AND measure_id = ANY(%s)
GROUP BY measure_id
"""


@dataclass(frozen=True, slots=True)
class MeasureValues:
    pk: int
    problem_number: int
    problem_title: str
    content: str
    responsible_leader: str
    office_name: str | None
    responsible_person: str
    deadline: dt.date | None
    kind: str
    status: str
    category: str
    completed_on: dt.date | None
    remarks: str | None
    progress: str  # progress_line of each live entry, oldest first, one per line
    evidence: list[str]  # original names, in the order of their progress entries


def measures_with_progress(measures: QuerySet[Measure], chunk: int = CHUNK) -> Iterator[MeasureValues]:
    """``measures`` in ledger order (inspection, problem number, measure number), each with its live
    progress entries (by date, then id) as text and the names of their evidence files.

    Three queries stream side by side: the measures; their progress a chunk of measures at a time
    (the index on ``(measure, happened_on)``); and all their evidence in the same order, merged in
    as the measures go by (evidence is sparse: one query, not one per chunk)."""
    rows = measures.order_by(*_ORDER).values_list(*_ORDER, *_FIELDS)
    evidence = (
        Evidence.objects.filter(entry__deleted_at__isnull=True, entry__measure__in=measures.values("pk"))
        .order_by(*(f"entry__measure__{key}" for key in _ORDER), "entry__happened_on", "entry_id", "pk")
        .values_list(*(f"entry__measure__{key}" for key in _ORDER), "original_name")
        .iterator(chunk_size=chunk)
    )
    pending = next(evidence, None)

    def batches() -> Iterator[list[tuple[tuple, list[str]]]]:
        nonlocal pending
        batch: list[tuple[tuple, list[str]]] = []
        for row in rows.iterator(chunk_size=chunk):
            key = row[:4]
            names = []
            while pending is not None and pending[:4] <= key:
                if pending[:4] == key:
                    names.append(pending[4])
                pending = next(evidence, None)
            batch.append((row, names))
            if len(batch) == chunk:
                yield batch
                batch = []
        if batch:
            yield batch

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        for batch in batches():
            yield from _with_progress(batch, _progress_text([row[3] for row, _ in batch]))
        return
    # Outside a transaction the next chunk's progress is read on a second connection while this
    # chunk's rows are being written: the database's work then overlaps the caller's.
    with ThreadPoolExecutor(max_workers=1) as ahead:
        try:
            previous = None
            for batch in batches():
                text = ahead.submit(_progress_text, [row[3] for row, _ in batch])
                if previous is not None:
                    yield from _with_progress(*previous)
                previous = (batch, text)
            if previous is not None:
                yield from _with_progress(*previous)
        finally:
            ahead.submit(_close)  # the worker thread's own connection


def _close() -> None:
    connection.close()  # the calling thread's connection (Django keeps one per thread)


def _progress_text(ids: list[int]) -> dict[int, str]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_PG_PROGRESS, [ids])
            return dict(cursor.fetchall())
    lines: dict[int, list[str]] = defaultdict(list)
    for measure_id, *entry in (
        ProgressEntry.objects.live()
        .filter(measure_id__in=ids)
        .order_by("measure_id", "happened_on", "pk")
        .values_list("measure_id", "happened_on", "date_precision", "text")
    ):
        lines[measure_id].append(progress_line(*entry))
    return {measure_id: "\n".join(entries) for measure_id, entries in lines.items()}


def _with_progress(batch: list[tuple[tuple, list[str]]], progress) -> Iterator[MeasureValues]:
    if isinstance(progress, Future):
        progress = progress.result()
    for row, names in batch:
        _inspection, number, _measure_number, pk, *fields = row
        yield MeasureValues(pk, number, *fields, progress=progress.get(pk, ""), evidence=names)
