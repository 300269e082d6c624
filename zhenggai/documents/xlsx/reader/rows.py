"""Reading the rows into a preview (in a bounded child process or here), renumbering the problems."""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from dataclasses import replace
from typing import IO

from openpyxl.utils import get_column_letter

from zhenggai.core.bounded import FileRefused, run_bounded
from zhenggai.core.text import xml_safe
from zhenggai.documents.xlsx.dates import normalise_kind, read_deadline
from zhenggai.documents.xlsx.reader.archive import (
    _Merge,
    _merged_ranges,
    _open_archive,
    _read_bytes,
    _sheet_paths,
    _too_big,
)
from zhenggai.documents.xlsx.reader.header import _map_header, _problem_number, _split_marker, _text
from zhenggai.documents.xlsx.reader.model import (
    _NOTE_ROW,
    FIELD_NAMES,
    HEADER_SCAN_ROWS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNCOMPRESSED,
    REQUIRED,
    ImportIssue,
    LedgerImportError,
    LedgerImportPreview,
    PreviewRow,
)
from zhenggai.documents.xlsx.reader.untaken import untaken_cells
from zhenggai.documents.xlsx.rows import LedgerRow


def read_ledger_xlsx(
    file: str | os.PathLike | bytes | IO[bytes],
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    max_uncompressed: int = MAX_UNCOMPRESSED,
) -> LedgerImportPreview:
    """Read a ledger workbook (path, bytes or binary file) into a preview; never writes.

    Raises :class:`LedgerImportError` (Chinese message) when the file cannot be read at all.
    """
    data = _read_bytes(file, max_bytes)
    archive = _open_archive(data, max_uncompressed)
    try:
        return _read(archive, data, max_rows)
    except LedgerImportError:
        raise
    except MemoryError as exc:
        raise LedgerImportError(_too_big(max_bytes)) from exc
    except Exception as exc:  # a damaged part somewhere inside: say so, never a traceback
        raise LedgerImportError(
            "文件内容已损坏或格式无法识别,无法读取。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试。"
        ) from exc
    finally:
        archive.close()


def read_ledger_xlsx_bounded(file: str | os.PathLike | bytes | IO[bytes], **limits) -> LedgerImportPreview:
    """:func:`read_ledger_xlsx` in a child process bounded in time and memory: what pages, jobs
    and commands call (``zhenggai.core.bounded``). A parse stopped there is a LedgerImportError."""
    if not isinstance(file, str | os.PathLike | bytes | bytearray | memoryview):
        file = _read_bytes(file, limits.get("max_bytes", MAX_BYTES))
    try:
        return run_bounded(read_ledger_xlsx, file, refusals=(LedgerImportError,), **limits)
    except FileRefused as refused:
        raise LedgerImportError(refused.message) from None


def _read(archive: zipfile.ZipFile, data: bytes, max_rows: int) -> LedgerImportPreview:
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        paths = _sheet_paths(archive)
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            ws.reset_dimensions()  # some writers declare a wrong <dimension>; read what is there
            head = list(
                ws.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, max_col=MAX_COLUMNS, values_only=True)
            )
            found = _find_header(head)
            if found is None:
                continue
            header_row, data_row, mapping, ignored = found
            merges = _merged_ranges(archive, paths.get(ws.title, ""))
            preview = LedgerImportPreview(
                sheet=ws.title,
                header_row=header_row,
                columns={name: get_column_letter(col) for name, col in mapping.items()},
                ignored_columns=[f"{get_column_letter(c)}: {t}" for c, t in ignored],
            )
            _read_rows(ws, data_row, mapping, merges, preview, max_rows)
            return preview
    finally:
        wb.close()
    names = "、".join(f"“{FIELD_NAMES[n]}”" for n in REQUIRED)
    raise LedgerImportError(
        f"未找到台账表头:前{HEADER_SCAN_ROWS}行中没有同时包含{names}两列的行。请检查表头或使用导出的台账模板。"
    )


def _find_header(head: list[tuple]) -> tuple[int, int, dict[str, int], list[tuple[int, str]]] | None:
    best = None
    for i, values in enumerate(head, 1):
        mapping, ignored = _map_header(values)
        if not all(name in mapping for name in REQUIRED):
            continue
        if best is None or len(mapping) > len(best[2]):
            best = (i, i + 1, mapping, ignored)
    if best is None:
        return None
    header_row, data_row, mapping, ignored = best
    # a two-row header: "责任主体" over "责任领导 | 责任股室 | 责任人" — the lower names win
    if header_row < len(head):
        below, _ = _map_header(head[header_row])
        if len(below) >= 2 and not any(name in below for name in REQUIRED):
            lower_cols = set(below.values())
            mapping = {n: c for n, c in mapping.items() if c not in lower_cols or n in REQUIRED}
            for name, col in below.items():
                if name not in mapping and col not in mapping.values():
                    mapping[name] = col
            ignored = [(c, t) for c, t in ignored if c not in lower_cols]
            data_row = header_row + 2
    return header_row, data_row, mapping, ignored


def _read_rows(
    ws, data_row: int, mapping: dict[str, int], merges: list[_Merge], preview, max_rows: int
) -> None:
    letter = {name: get_column_letter(col) for name, col in mapping.items()}
    mapped_cols = set(mapping.values())
    starts: dict[int, list[_Merge]] = {}
    for m in merges:
        if m.max_row >= data_row and (m.min_row != m.max_row or m.min_col != m.max_col):
            starts.setdefault(max(m.min_row, data_row), []).append(m)
    active: list[_Merge] = []
    max_col = max(mapped_cols)

    current: tuple[int, str] | None = None  # (number, title) of the problem being read
    current_title_raw = ""
    category = ""
    numbers_by_problem: list[int] = []
    measure_numbering = False
    auto_numbered = 0
    count = 0

    for r, values in enumerate(ws.iter_rows(min_row=data_row, max_col=max_col, values_only=True), data_row):
        active = [m for m in active if m.max_row >= r]
        for m in starts.pop(r, ()):
            if m.min_row < data_row:  # began above the data (e.g. in the header): no value to fill
                m.value = None
            active.append(m)

        own = {c: (values[c - 1] if c - 1 < len(values) else None) for c in mapped_cols}
        for c, v in list(own.items()):
            if isinstance(v, str):
                own[c] = xml_safe(v).strip() or None
        cell = dict(own)
        filled: set[int] = set()
        wide_merge = None
        for m in active:
            if m.min_row == r:
                m.value = values[m.min_col - 1] if m.min_col - 1 < len(values) else None
                if isinstance(m.value, str):
                    m.value = xml_safe(m.value).strip() or None
            span = {c for c in mapped_cols if m.min_col <= c <= m.max_col}
            if m.min_row == m.max_row == r and len(span) >= 3:
                wide_merge = m
            for c in span:
                if (r, c) != (m.min_row, m.min_col):
                    cell[c] = m.value
                    filled.add(c)

        if all(own[c] is None for c in mapped_cols):
            continue  # a blank line, or only merged cells running on from above
        first_text = _text(next((v for v in values if v not in (None, "")), None))
        if wide_merge is not None:
            preview.notes.append(ImportIssue(f"第{r}行", f"分组标题“{_text(wide_merge.value)}”已跳过", r))
            continue
        non_empty = [c for c in mapped_cols if own[c] is not None]
        head_cols = {mapping["problem_title"], mapping.get("problem_no")}
        if len(non_empty) <= 1 and set(non_empty) <= head_cols and _NOTE_ROW.match(first_text):
            preview.notes.append(ImportIssue(f"第{r}行", f"说明行“{first_text[:20]}”已跳过", r))
            continue

        count += 1
        if count > max_rows:
            raise LedgerImportError(f"表格数据超过 {max_rows} 行,请拆分后分批导入。")

        # ---- the problem
        c_title = mapping["problem_title"]
        c_no = mapping.get("problem_no")
        title_raw = _text(cell[c_title])
        title_own = c_title not in filled and own[c_title] is not None
        no_value = cell[c_no] if c_no else None
        if not title_raw:
            if current is None:
                preview.errors.append(ImportIssue(f"{letter['problem_title']}{r}", "反馈问题为空", r))
                continue
        elif current is None or (title_own and title_raw != current_title_raw):
            number = _problem_number(no_value)
            marker_no, stripped = _split_marker(title_raw)
            title = title_raw
            if marker_no is not None and number is None:  # "1.关于……" with no 序号 of its own
                number, title = marker_no, stripped
            if number is None:
                number = (numbers_by_problem[-1] + 1) if numbers_by_problem else 1
                auto_numbered += 1
                if no_value not in (None, ""):
                    preview.notes.append(
                        ImportIssue(
                            f"{letter['problem_no']}{r}",
                            f"序号“{_text(no_value)}”不是整数,按顺序编为{number}",
                            r,
                        )
                    )
            current = (number, title)
            current_title_raw = title_raw
            category = ""
            numbers_by_problem.append(number)
        elif c_no and c_no not in filled and own[c_no] is not None:
            number = _problem_number(own[c_no])
            if number is not None and number != current[0]:
                measure_numbering = True  # 序号 counts measures, not problems

        # ---- the measure
        measure = _text(cell[mapping["measure_text"]])
        if not measure:
            preview.errors.append(ImportIssue(f"{letter['measure_text']}{r}", "整改措施为空", r))
            continue
        row_errors: list[ImportIssue] = []
        deadline, deadline_text, implied_kind = None, "", None
        if "deadline" in mapping:
            reading = read_deadline(cell[mapping["deadline"]])
            where = f"{letter['deadline']}{r}"
            if reading.error:
                row_errors.append(ImportIssue(where, reading.error, r))
            else:
                deadline, deadline_text, implied_kind = reading.deadline, reading.text, reading.kind
                if reading.note:
                    preview.notes.append(ImportIssue(where, reading.note, r))
        kind = ""
        if "kind" in mapping and cell[mapping["kind"]] is not None:
            raw_kind = _text(cell[mapping["kind"]])
            kind = normalise_kind(raw_kind) or ""
            if not kind:
                row_errors.append(
                    ImportIssue(
                        f"{letter['kind']}{r}",
                        f"无法识别的整改类型“{raw_kind}”(应为立行立改、限期整改或长期坚持)",
                        r,
                    )
                )
        elif implied_kind:
            kind = implied_kind
        if row_errors:
            preview.errors.extend(row_errors)
            continue

        def text_of(name: str, cell: dict = cell) -> str:
            return _text(cell[mapping[name]]) if name in mapping else ""

        def address(name: str, r: int = r) -> str:
            return f"{letter[name]}{r}"

        # a cell merged down over several measures is listed once, at its own address
        preview.untaken.extend(untaken_cells(lambda name, own=own: text_of(name, own), address, r))
        if not category:  # the problem's 问题类别, wherever among its rows it is written
            category = text_of("category")
        preview.items.append(
            PreviewRow(
                r,
                LedgerRow(
                    problem_no=current[0],
                    problem_title=current[1],
                    measure_text=measure,
                    leader=text_of("leader"),
                    office=text_of("office"),
                    person=text_of("person"),
                    deadline=deadline,
                    deadline_text=deadline_text,
                    kind=kind,
                    progress=text_of("progress"),
                    status=text_of("status"),
                    evidence=text_of("evidence"),
                    category=category,
                    closed_on=None,  # never imported (untaken_cells says so)
                    remarks=text_of("remarks"),
                ),
            )
        )

    duplicates = len(set(numbers_by_problem)) != len(numbers_by_problem)
    if measure_numbering or duplicates:
        _renumber(preview, measure_numbering)
    elif auto_numbered and "problem_no" not in mapping:
        preview.notes.append(ImportIssue("序号", "表中没有序号列,问题按出现顺序编号", None))


def _renumber(preview: LedgerImportPreview, measure_numbering: bool) -> None:
    """Number the problems 1, 2, 3 … in order of appearance."""
    items = []
    previous, number = None, 0
    for item in preview.items:
        key = (item.row.problem_no, item.row.problem_title)
        if key != previous:
            number += 1
            previous = key
        items.append(PreviewRow(item.sheet_row, replace(item.row, problem_no=number)))
    preview.items = items
    why = "序号按措施编排" if measure_numbering else "序号有重复"
    preview.notes.append(ImportIssue("序号", f"{why},问题已按出现顺序重新编号为1至{number}", None))
