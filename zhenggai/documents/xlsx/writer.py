"""Write the rectification ledger (整改台账) as .xlsx, streaming, in flat memory.

Layout: a title row merged across the table, the header row (frozen, repeated on printed
pages), then one row per measure; 序号 and 反馈问题 are merged down over each problem's measures.
Landscape A4, fit to one page wide, thin borders, wrapped text.

Memory: openpyxl's write-only mode streams rows to a temporary file. Two things it does not
stream are handled here:

* cell styles — a new styled ``WriteOnlyCell`` per value makes ``append`` 2–3× slower than
  plain values, so one styled cell per column is made once and reused for every row, and rows
  of these cells go straight to the sheet writer (``_RowWriter``), which writes each at once;
* merged ranges — ``ws.merged_cells.add`` checks every existing range (quadratic) and
  openpyxl builds all ``<mergeCell>`` elements in one tree at save. The ranges are kept as
  integers in an ``array`` (16 bytes per problem) and streamed out when the sheet is closed.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Iterable
from contextlib import ExitStack
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from zhenggai.documents.xlsx.rows import COLUMNS, LedgerRow

SHEET_TITLE = "整改台账"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
# column widths in Excel character units (a CJK character is about 2)
WIDTHS = (6, 34, 44, 10, 12, 10, 14, 10, 40, 10, 24)
TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
MERGED_COLUMNS = (1, 2)  # 序号, 反馈问题

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_CELL = 32767


class _StyledCell(Cell):
    """A reusable styled cell: its style id is looked up once, not for every row."""

    __slots__ = ("_style_id",)

    @property
    def style_id(self) -> int:  # openpyxl asks this for every styled cell it writes
        return self._style_id

    def __repr__(self) -> str:  # ws.append (the fallback) formats one for every cell it is given
        return "<ledger cell>"


def _styled(ws, column: int, *, font, alignment, border, number_format=None, fill=None) -> _StyledCell:
    cell = _StyledCell(ws, column=column)
    cell.font = font
    cell.alignment = alignment
    cell.border = border
    if number_format:
        cell.number_format = number_format
    if fill:
        cell.fill = fill
    cell._style_id = Cell.style_id.fget(cell)  # noqa: SLF001 — registers the style once
    return cell


def clean_text(value: str) -> str:
    """Text Excel accepts: no control characters, at most 32,767 characters."""
    value = _ILLEGAL.sub("", value)
    return value[:_MAX_CELL]


def _set(cell: Cell, value) -> None:
    """Assign a value; text stays text (never a formula "=…" or an error code "#N/A")."""
    if isinstance(value, str):
        value = str(value)  # a str subclass (SafeString…) would skip openpyxl's string checks
        if not value:
            cell.value = None  # a styled blank, not an empty inline string
            return
        try:
            cell.value = value  # openpyxl checks for control characters and truncates
        except IllegalCharacterError:
            cell.value = clean_text(value) or None
        if cell.data_type != "s" and cell.value is not None:
            cell.data_type = "s"
    else:
        cell.value = value


def write_ledger_xlsx(rows: Iterable[LedgerRow], out: str | IO[bytes], *, title: str) -> int:
    """Write ``rows`` (grouped by problem) to ``out`` (a path or a binary file); return the row count.

    Consecutive rows with the same ``problem_no`` and ``problem_title`` form one problem: its
    序号 and 反馈问题 cells are merged over them. ``deadline_text`` is written when present
    ("长期", "2022年12月底"), else ``deadline`` as a real date.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    ncols = len(COLUMNS)
    last_col = get_column_letter(ncols)

    # everything about the sheet must be set before the first row is written
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[TITLE_ROW].height = 36
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body_font = Font(name="宋体", size=11)
    wrap_left = Alignment(wrap_text=True, vertical="center", horizontal="left")
    wrap_centre = Alignment(wrap_text=True, vertical="center", horizontal="center")

    title_cell = _styled(
        ws,
        1,
        font=Font(name="方正小标宋简体", size=18),
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        border=Border(),
    )
    _set(title_cell, title)
    sheet = _RowWriter(ws)
    sheet.append([title_cell])
    merges = array("L")  # (first_row, last_row) of each problem spanning two rows or more
    streamed = _stream_merges(ws, merges, f"A{TITLE_ROW}:{last_col}{TITLE_ROW}")

    header = []
    for column, (_, text) in enumerate(COLUMNS, 1):
        cell = _styled(
            ws,
            column,
            font=Font(name="黑体", size=11),
            alignment=wrap_centre,
            border=border,
            fill=PatternFill("solid", fgColor="D9D9D9"),
        )
        cell.value = text
        header.append(cell)
    sheet.append(header)

    centred = {"problem_no", "leader", "office", "person", "deadline", "kind", "status"}
    cells = [
        _styled(
            ws,
            column,
            font=body_font,
            alignment=wrap_centre if name in centred else wrap_left,
            border=border,
            number_format=DATE_FORMAT if name == "deadline" else None,
        )
        for column, (name, _) in enumerate(COLUMNS, 1)
    ]
    (c_no, c_title, c_measure, c_leader, c_office, c_person, c_deadline, c_kind, c_progress, c_status,
     c_evidence) = cells  # fmt: skip

    row_idx = FIRST_DATA_ROW - 1
    current: tuple[int, str] | None = None
    start = FIRST_DATA_ROW

    for row in rows:
        row_idx += 1
        key = (row.problem_no, row.problem_title)
        if key != current:
            if current is not None and row_idx - 1 > start:
                merges.extend((start, row_idx - 1))
            current, start = key, row_idx
            _set(c_no, row.problem_no)
            _set(c_title, row.problem_title)
        else:
            c_no.value = None
            c_title.value = None
        _set(c_measure, row.measure_text)
        _set(c_leader, row.leader)
        _set(c_office, row.office)
        _set(c_person, row.person)
        if row.deadline_text:
            _set(c_deadline, row.deadline_text)
        else:
            c_deadline.value = row.deadline
        _set(c_kind, row.kind)
        _set(c_progress, row.progress)
        _set(c_status, row.status)
        _set(c_evidence, row.evidence)
        sheet.append(cells)
    if current is not None and row_idx > start:
        merges.extend((start, row_idx))
    sheet.close()

    if not streamed:  # an openpyxl laid out differently: the public (slower) way
        ws.merged_cells.add(f"A{TITLE_ROW}:{last_col}{TITLE_ROW}")
        for i in range(0, len(merges), 2):
            for col in MERGED_COLUMNS:
                letter = get_column_letter(col)
                ws.merged_cells.add(f"{letter}{merges[i]}:{letter}{merges[i + 1]}")

    wb.save(out)
    return row_idx - FIRST_DATA_ROW + 1


def _finished():
    """An exhausted row generator: ``ws.close()`` closes it instead of writing rows itself."""
    yield from ()


class _RowWriter:
    """Sends rows of ready-made styled cells to a write-only sheet, in order.

    ``ws.append`` first tries each value as a plain value (a ready-made Cell fails that check
    with an exception) and then allocates a fresh cell for the next value: that costs about half
    again the time of writing plain values. The rows here are always complete rows of Cells, so
    they go straight to what ``append`` ends up calling, the sheet writer's ``write_row``, inside
    the ``<sheetData>`` element. If this openpyxl is laid out differently, ``append`` it is.
    """

    def __init__(self, ws):
        self.ws = ws
        self.index = 0
        self.direct = False
        self._elements = ExitStack()
        try:
            ws._get_writer()  # noqa: SLF001 — writes everything before <sheetData> (views, cols)
            writer = ws._writer  # noqa: SLF001
            write_row = writer.write_row
            if ws._rows is not None:  # noqa: SLF001 — rows already started the public way
                return
            xf = writer.xf.send(True)  # the open xmlfile, as openpyxl's own row writer gets it
        except (AttributeError, TypeError, StopIteration):
            return
        self._elements.enter_context(xf.element("sheetData"))
        self._xf, self._write_row, self._writer = xf, write_row, writer
        self.direct = True

    def append(self, cells: list[Cell]) -> None:
        self.index += 1
        if not self.direct:
            self.ws.append(cells)
            return
        for cell in cells:
            cell.row = self.index
        self._write_row(self._xf, cells, self.index)

    def close(self) -> None:
        if self.direct:
            self._elements.close()  # </sheetData>
            self._writer.xf.send(None)  # hand control back to the writer's generator
            self.ws._rows = _finished()  # noqa: SLF001
            self.direct = False


def _stream_merges(ws, merges: array, title_range: str) -> bool:
    """Make the sheet's writer stream ``<mergeCells>`` from ``merges`` when the sheet closes.

    openpyxl's ``WorksheetWriter.write_merged_cells`` builds one element tree of every range;
    this replaces it, for this sheet only, by a loop writing one small element at a time.
    Returns False (and changes nothing) if this openpyxl lays its writer out differently.
    """
    writer = getattr(ws, "_writer", None)
    if writer is None or not hasattr(writer, "write_merged_cells") or not hasattr(writer, "xf"):
        return False
    letters = [get_column_letter(c) for c in MERGED_COLUMNS]

    def write_merged_cells() -> None:
        from openpyxl.xml.functions import Element

        xf = writer.xf.send(True)  # the open xmlfile, as openpyxl's own row writer gets it
        count = 1 + len(merges) // 2 * len(letters)
        with xf.element("mergeCells", count=str(count)):
            xf.write(Element("mergeCell", ref=title_range))
            for i in range(0, len(merges), 2):
                first, last = merges[i], merges[i + 1]
                for letter in letters:
                    xf.write(Element("mergeCell", ref=f"{letter}{first}:{letter}{last}"))
        writer.xf.send(None)  # hand control back to the writer's generator

    writer.write_merged_cells = write_merged_cells
    return True


def ledger_filename(title: str, today: dt.date | None = None) -> str:
    """A download name: the title without characters file systems refuse, plus the date."""
    safe = re.sub(r'[\\/:*?"<>|\s]+', "", title)[:60] or SHEET_TITLE
    day = (today or dt.date.today()).strftime("%Y%m%d")
    return f"{safe}_{day}.xlsx"
