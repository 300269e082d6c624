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

Speed: openpyxl writes each cell through lxml's ``xmlfile`` (an element context per cell, about
7 µs): for a province's round (160,000 measures, 1.8 million cells) that was most of the export.
So openpyxl writes the sheet's frame (views, columns, merges, print settings) with a marker where
``<sheetData>``'s rows go, the rows' XML is written here as text into a temporary file (the
same elements and attributes openpyxl writes, compared in the tests), and at save the sheet is
streamed into the archive as frame head + rows + frame tail. Then zlib at ``ZIP_LEVEL``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from array import array
from collections.abc import Iterable
from contextlib import ExitStack
from typing import IO
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.compat.strings import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from zhenggai.core.text import is_xml_safe, xml_safe
from zhenggai.documents.xlsx.rows import COLUMNS, PROBLEM_FIELDS, LedgerRow

SHEET_TITLE = "整改台账"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
# column widths in Excel character units (a CJK character is about 2)
WIDTHS = (6, 12, 34, 44, 10, 12, 10, 14, 10, 40, 10, 14, 24, 16)
TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
# 序号, 问题类别, 反馈问题: one cell per problem, merged down over its measures
MERGED_COLUMNS = tuple(i for i, (name, _) in enumerate(COLUMNS, 1) if name in PROBLEM_FIELDS)
DATE_FIELDS = ("deadline", "closed_on")

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
    """Text Excel accepts: only what XML carries (``zhenggai.core.text``), at most 32,767 characters."""
    return xml_safe(value)[:_MAX_CELL]


def cell_set(cell: Cell, value) -> None:
    """Assign a value; text stays text (never a formula "=…" or an error code "#N/A"). Every
    spreadsheet the product writes sets its text cells through this."""
    if isinstance(value, str):
        value = xml_safe(str(value))  # a str subclass (SafeString…) would skip openpyxl's string checks
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
    cell_set(title_cell, title)
    sheet = _RowWriter(ws)
    sheet.append([title_cell])
    merges = array("L")  # (first_row, last_row) of each problem spanning two rows or more
    streamed = _stream_merges(ws, merges, f"A{TITLE_ROW}:{last_col}{TITLE_ROW}")

    header = []
    for column, (_, text) in enumerate(COLUMNS, 1):
        cell = _styled(
            ws,
            column,
            font=Font(name="黑体", size=11, bold=True),
            alignment=wrap_centre,
            border=border,
            fill=PatternFill("solid", fgColor="D9D9D9"),
        )
        cell.value = text
        header.append(cell)
    sheet.append(header)

    centred = {
        "problem_no",
        "category",
        "leader",
        "office",
        "person",
        "deadline",
        "kind",
        "status",
        "closed_on",
    }
    cells = [
        _styled(
            ws,
            column,
            font=body_font,
            alignment=wrap_centre if name in centred else wrap_left,
            border=border,
            number_format=DATE_FORMAT if name in DATE_FIELDS else None,
        )
        for column, (name, _) in enumerate(COLUMNS, 1)
    ]

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
            no, category, problem_title = row.problem_no, row.category, row.problem_title
        else:
            no = category = problem_title = None
        sheet.append_values(
            cells,
            (no, category, problem_title, row.measure_text, row.leader, row.office, row.person,
             row.deadline_text or row.deadline, row.kind, row.progress, row.status, row.closed_on,
             row.evidence, row.remarks),
        )  # fmt: skip
    if current is not None and row_idx > start:
        merges.extend((start, row_idx))
    sheet.close()

    if not streamed:  # an openpyxl laid out differently: the public (slower) way
        ws.merged_cells.add(f"A{TITLE_ROW}:{last_col}{TITLE_ROW}")
        for i in range(0, len(merges), 2):
            for col in MERGED_COLUMNS:
                letter = get_column_letter(col)
                ws.merged_cells.add(f"{letter}{merges[i]}:{letter}{merges[i + 1]}")

    try:
        save_workbook(wb, out, rows={ws.title: sheet.rows_file} if sheet.rows_file else None)
    finally:
        sheet.discard()
    return row_idx - FIRST_DATA_ROW + 1


# zlib level for the .xlsx archive. openpyxl's default (6) spends most of a large export deflating
# the sheet: a round's 160,000 measures, with ten progress lines each in Chinese, took about 70% of
# the export's time in zlib. Level 1 deflates several times faster for a file about 40% larger
# (measured on this kind of text: docs/benchmarks.md), still a fraction of the plain XML.
ZIP_LEVEL = 1


def save_workbook(wb: Workbook, out: str | IO[bytes], *, rows: dict[str, IO[bytes]] | None = None) -> None:
    """``wb.save(out)`` with a faster deflate (``ZIP_LEVEL``); ``rows`` maps a sheet title to the
    file of its rows' XML (``_RowWriter``), spliced in where the sheet's frame has ``ROWS_MARKER``."""
    wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=ZIP_LEVEL) as archive:
        _SplicingWriter(wb, archive, rows or {}).save()


ROWS_MARKER = "zhenggai-rows"
_MARKER_BYTES = f"<!--{ROWS_MARKER}-->".encode()


class _SplicingWriter(ExcelWriter):
    """openpyxl's workbook writer, except that a sheet whose rows were written apart is streamed
    into the archive as its frame's head, the rows, its frame's tail (one pass, no copy on disk)."""

    def __init__(self, workbook, archive, rows: dict[str, IO[bytes]]):
        super().__init__(workbook, archive)
        self._rows = rows

    def write_worksheet(self, ws):
        rows = self._rows.get(ws.title)
        if rows is None:
            return super().write_worksheet(ws)
        if not ws.closed:
            ws.close()
        writer = ws._writer  # noqa: SLF001
        with open(writer.out, "rb") as frame:
            head, marker, tail = frame.read().partition(_MARKER_BYTES)
        if not marker:
            raise RuntimeError("xlsx: the sheet's frame has no place for its rows")
        ws._drawing = SpreadsheetDrawing()  # noqa: SLF001 — as ExcelWriter.write_worksheet does
        ws._rels = writer._rels  # noqa: SLF001
        with self._archive.open(ws.path[1:], "w", force_zip64=True) as dest:
            dest.write(head)
            rows.seek(0)
            shutil.copyfileobj(rows, dest, 1 << 20)
            dest.write(tail)
        self.manifest.append(ws)
        writer.cleanup()


def _finished():
    """An exhausted row generator: ``ws.close()`` closes it instead of writing rows itself."""
    yield from ()


class _RowWriter:
    """Writes rows of ready-made styled cells for a write-only sheet, in order.

    ``ws.append`` first tries each value as a plain value (a ready-made Cell fails that check
    with an exception) and then allocates a fresh cell for the next value, and openpyxl then
    writes each cell through an lxml element context. Here openpyxl's sheet writer opens
    ``<sheetData>`` and gets a marker comment instead of rows; the rows' XML goes as text to
    ``rows_file``, spliced in at save (``_SplicingWriter``). If this openpyxl is laid out
    differently, ``append`` it is.
    """

    def __init__(self, ws):
        self.ws = ws
        self.index = 0
        self.direct = False
        self.rows_file: IO[bytes] | None = None
        self._elements = ExitStack()
        try:
            ws._get_writer()  # noqa: SLF001 — writes everything before <sheetData> (views, cols)
            writer = ws._writer  # noqa: SLF001
            if ws._rows is not None:  # noqa: SLF001 — rows already started the public way
                return
            xf = writer.xf.send(True)  # the open xmlfile, as openpyxl's own row writer gets it
        except (AttributeError, TypeError, StopIteration):
            return
        self._elements.enter_context(xf.element("sheetData"))
        xf.write(_marker())
        self._writer = writer
        self.rows_file = tempfile.TemporaryFile()  # noqa: SIM115 — closed by discard()
        self._out = self.rows_file.write
        self._heights = ws.row_dimensions
        self.direct = True

    def append(self, cells: list[Cell]) -> None:
        self.index += 1
        if not self.direct:
            self.ws.append(cells)
            return
        attrs = "".join(f' {k}="{v}"' for k, v in self._heights.get(self.index, {}))
        self._out(_row_xml(cells, [cell._value for cell in cells], self.index, attrs).encode())  # noqa: SLF001

    def append_values(self, cells: list[Cell], values: tuple) -> None:
        """A row of ``values`` in the styles of ``cells`` (one per column, reused for every row)."""
        if not self.direct:
            for cell, value in zip(cells, values, strict=True):
                cell_set(cell, value)
            self.append(cells)
            return
        self.index += 1
        self._out(_row_xml(cells, values, self.index).encode())

    def close(self) -> None:
        if self.direct:
            self._elements.close()  # </sheetData>
            self._writer.xf.send(None)  # hand control back to the writer's generator
            self.ws._rows = _finished()  # noqa: SLF001
            self.direct = False

    def discard(self) -> None:
        if self.rows_file is not None:
            self.rows_file.close()
            self.rows_file = None


def _marker():
    """The marker comment, made by the XML library openpyxl writes with."""
    from openpyxl.xml import LXML

    if LXML:
        from lxml.etree import Comment
    else:  # pragma: no cover - et_xmlfile
        from xml.etree.ElementTree import Comment
    return Comment(ROWS_MARKER)


def _text_xml(value: str) -> str:
    """Escaped as lxml escapes text (and ``\r`` as ``&#13;``, kept through XML's line-end rules)."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;") if "\r" in value else value


def _row_xml(cells: list[Cell], values, index: int, attrs: str = "") -> str:
    """``<row>`` of ``values`` in the styles of ``cells`` (one per column), as openpyxl's
    ``write_row``/``lxml_write_cell`` write it: every styled cell (blank ones too, for their
    borders), inline strings, dates as serial numbers. Text is cleaned as ``cell_set`` (through
    openpyxl) cleans it — control characters dropped, at most 32,767 characters, never a formula —
    and written as UTF-8 (openpyxl's lxml writes Chinese as ``&#…;`` references, twice the bytes;
    the sheet has no XML declaration, so UTF-8 it is)."""
    out = [f'<row r="{index}"{attrs}>']
    for cell, value in zip(cells, values, strict=True):
        ref = f"{cell.column_letter}{index}"
        style = f' s="{cell.style_id}"' if cell.has_style else ""
        if isinstance(value, str):
            if not is_xml_safe(value) or len(value) > _MAX_CELL:
                value = clean_text(value)
            if value:
                space = ' xml:space="preserve"' if value != value.strip() else ""
                out.append(f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_text_xml(value)}</t></is></c>')
                continue
            value = None
        if value is None:
            if style:
                out.append(f'<c r="{ref}"{style} t="n"/>')
        elif isinstance(value, dt.date):
            out.append(f'<c r="{ref}"{style} t="n"><v>{safe_string(to_excel(value))}</v></c>')
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out.append(f'<c r="{ref}"{style} t="n"><v>{safe_string(value)}</v></c>')
        else:
            raise TypeError(f"xlsx: unexpected cell value {type(value).__name__}")
    out.append("</row>")
    return "".join(out)


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
