"""Read a ledger spreadsheet (整改台账) into a preview of the rows it would create.

Tolerant of what units actually send: the header row anywhere in the first ten rows, found by
header names and their synonyms (问题/反馈问题/存在问题, 措施/整改措施, 时限/完成时限, 责任单位/
责任部门/责任股室 …); a two-row header; extra columns; blank lines; 序号 and 反馈问题 merged over
their measures or simply left blank below the first measure; group rows merged across the
table ("一、党的领导方面"); deadlines as dates, Excel serials or text ("2022年12月底", "2023.1.31",
"长期", "立行立改"); numbered problem titles ("1.关于……").

Nothing is written anywhere: :func:`read_ledger_xlsx` returns a :class:`LedgerImportPreview`
listing the rows it would create and, for every row it cannot read, the reason in Chinese with
the cell address ("C7: 整改措施为空"). A file it cannot open at all (not an xlsx, corrupt,
password-protected, too big) raises :class:`LedgerImportError` whose message says so in Chinese.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import posixpath
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from openpyxl.utils import get_column_letter, range_boundaries

from zhenggai.core.archives import check_archive
from zhenggai.core.bounded import FileRefused, run_bounded
from zhenggai.core.text import xml_safe
from zhenggai.documents.layout.model import parse_chinese_ordinal
from zhenggai.documents.xlsx.dates import normalise_kind, read_deadline
from zhenggai.documents.xlsx.rows import HEADERS, LedgerRow

MAX_BYTES = 20 * 1024 * 1024  # the upload itself
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all parts unpacked (zip bombs)
MAX_ROWS = 20_000  # data rows a preview will list
MAX_COLUMNS = 60
HEADER_SCAN_ROWS = 10

SYNONYMS: dict[str, tuple[str, ...]] = {
    "problem_no": ("序号", "编号", "问题序号", "问题编号", "问题号", "序", "NO", "No", "no"),
    "problem_title": (
        "反馈问题", "问题", "存在问题", "巡察反馈问题", "巡视反馈问题", "审计发现问题", "发现问题",
        "反馈意见", "问题描述", "主要问题", "具体问题", "问题清单", "问题表现", "问题名称", "突出问题",
        "问题及表现", "反馈问题及表现", "巡察反馈意见",
    ),
    "measure_text": (
        "整改措施", "措施", "具体措施", "整改任务", "整改举措", "主要措施", "任务", "整改措施及目标",
        "具体整改措施", "整改目标及措施",
    ),
    "leader": ("责任领导", "牵头领导", "分管领导", "领导", "责任领导人", "牵头领导/责任领导", "主要领导"),
    "office": (
        "责任股室", "责任单位", "责任部门", "责任科室", "责任处室", "牵头部门", "牵头单位", "牵头股室",
        "牵头科室", "责任主体", "承办单位", "承办部门",
    ),
    "person": ("责任人", "具体责任人", "直接责任人", "经办人", "承办人", "联系人"),
    "deadline": (
        "整改时限", "时限", "完成时限", "完成时间", "整改期限", "期限", "整改时间", "完成期限",
        "截止时间", "截止日期", "办结时限", "整改完成时限",
    ),
    "kind": ("整改类型", "类型", "整改方式", "类别", "整改分类", "整改性质", "问题类型"),
    "progress": (
        "整改进展", "进展", "进展情况", "整改进展情况", "整改落实情况", "推进情况", "落实情况", "整改情况",
        "工作进展", "整改进度",
    ),
    "status": ("完成情况", "状态", "整改状态", "完成状态", "是否完成", "整改结果", "办结情况", "是否办结"),
    "evidence": ("佐证材料", "佐证", "证明材料", "佐证资料", "附件", "佐证材料清单", "支撑材料", "印证材料"),
}  # fmt: skip
REQUIRED = ("problem_title", "measure_text")
FIELD_NAMES = {name: HEADERS[name] for name in SYNONYMS}
_EXACT = {_s: name for name, syns in SYNONYMS.items() for _s in syns}
_CONTAINED = sorted(((s, n) for s, n in _EXACT.items() if len(s) >= 3), key=lambda p: -len(p[0]))

_NOTE_ROW = re.compile(r"^(注|备注|说明|填表|制表|审核|审批|联系人|联系电话|合计|总计|小计)")
_TITLE_MARKER = re.compile(
    r"^\s*(?:问题)?(?:[（(](?P<a>[一二三四五六七八九十百]+|\d+)[)）]|(?P<b>[一二三四五六七八九十百]+|\d+)"
    r"(?:[、:：)）]|[.．](?!\d)))\s*"
)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class LedgerImportError(Exception):
    """The file cannot be read at all; ``message`` says why, in Chinese, for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """A problem with one cell ("C7") or one row ("第7行"), explained in Chinese."""

    where: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """A row that would be created, with the sheet row it comes from."""

    sheet_row: int
    row: LedgerRow


@dataclass
class LedgerImportPreview:
    """What importing the file would do: rows to create, rows refused (errors), and notes."""

    sheet: str
    header_row: int
    columns: dict[str, str]  # field → column letter
    ignored_columns: list[str] = field(default_factory=list)  # "L: 备注"
    items: list[PreviewRow] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    notes: list[ImportIssue] = field(default_factory=list)

    @property
    def rows(self) -> list[LedgerRow]:
        return [item.row for item in self.items]

    @property
    def problem_count(self) -> int:
        return len({(r.problem_no, r.problem_title) for r in self.rows})

    @property
    def ok(self) -> bool:
        """True when every data row was read."""
        return not self.errors


# --------------------------------------------------------------------------- opening the file


def _read_bytes(file: str | os.PathLike | bytes | IO[bytes], max_bytes: int) -> bytes:
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
    elif isinstance(file, str | os.PathLike):
        path = Path(file)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise LedgerImportError("找不到文件或无法读取。") from exc
        if size > max_bytes:
            raise LedgerImportError(_too_big(max_bytes))
        data = path.read_bytes()
    else:
        if hasattr(file, "seek"):
            with contextlib.suppress(OSError, ValueError):
                file.seek(0)
        data = file.read(max_bytes + 1)
        if isinstance(data, str):
            raise LedgerImportError("请以二进制方式提供文件。")
    if len(data) > max_bytes:
        raise LedgerImportError(_too_big(max_bytes))
    return data


def _too_big(max_bytes: int) -> str:
    return f"文件过大(超过 {max_bytes // (1024 * 1024)} MB),请拆分后分批导入。"


def _open_archive(data: bytes, max_uncompressed: int) -> zipfile.ZipFile:
    if not data:
        raise LedgerImportError("文件是空的。")
    if data.startswith(_CFB_MAGIC):
        if (
            "EncryptedPackage".encode("utf-16-le") in data[:2_000_000]
            or b"E\x00n\x00c\x00r\x00y\x00p\x00t" in data
        ):
            raise LedgerImportError(
                "文件设有打开密码(已加密),无法读取。请在 Excel 或 WPS 中取消密码并另存为 .xlsx 后再导入。"
            )
        raise LedgerImportError(
            "这是旧版 Excel 97-2003(.xls)或其他二进制格式的文件。请在 Excel 或 WPS 中另存为 .xlsx 后再导入。"
        )
    if data.startswith(b"%PDF"):
        raise LedgerImportError("这是 PDF 文件,不是 Excel 表格。请上传 .xlsx 格式的台账。")
    if not data.startswith(b"PK"):
        raise LedgerImportError(
            "不是 Excel 工作簿(.xlsx)。如为 CSV、WPS 表格(.et)等格式,请另存为 .xlsx 后再导入。"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        total = sum(info.file_size for info in archive.infolist())
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        ValueError,
        EOFError,
    ) as exc:
        # NotImplementedError: a zip "version needed" Python does not know (found by the fuzzer)
        raise LedgerImportError(
            "文件已损坏(不是完整的 .xlsx 压缩包),无法打开。请重新导出或另存后再试。"
        ) from exc
    if "word/document.xml" in names:
        raise LedgerImportError("这是 Word 文档,不是 Excel 表格。请上传 .xlsx 格式的台账。")
    if any(n.startswith("ppt/") for n in names):
        raise LedgerImportError("这是 PowerPoint 演示文稿,不是 Excel 表格。请上传 .xlsx 格式的台账。")
    if "xl/workbook.xml" not in names:
        if "EncryptedPackage" in names:
            raise LedgerImportError("文件设有打开密码(已加密),无法读取。请取消密码后再导入。")
        raise LedgerImportError("不是 Excel 工作簿(.xlsx),或文件已损坏。")
    if total > max_uncompressed:
        raise LedgerImportError(
            f"文件解压后过大(超过 {max_uncompressed // (1024 * 1024)} MB),请拆分后分批导入。"
        )
    try:  # each part's size and compression ratio, no DTD: the guard every OOXML reader shares
        check_archive(archive, max_total=max_uncompressed)
    except FileRefused as refused:
        raise LedgerImportError(refused.message) from None
    return archive


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part path, from workbook.xml and its relationships."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser)
    targets = {}
    for rel in rels.iter(f"{{{_PKG_REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        path = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
        targets[rel.get("Id")] = path
    book = etree.fromstring(archive.read("xl/workbook.xml"), parser)
    out = {}
    for sheet in book.iter(f"{{{_NS}}}sheet"):
        rid = sheet.get(f"{{{_REL_NS}}}id")
        if rid in targets:
            out[sheet.get("name")] = targets[rid]
    return out


@dataclass(slots=True)
class _Merge:
    min_col: int
    min_row: int
    max_col: int
    max_row: int
    value: object = None


def _merged_ranges(archive: zipfile.ZipFile, part: str) -> list[_Merge]:
    """Every ``<mergeCell>`` of a sheet, read in one streaming pass (rows are discarded)."""
    from lxml import etree

    merges: list[_Merge] = []
    if part not in archive.namelist():
        return merges
    with archive.open(part) as src:
        events = etree.iterparse(
            src,
            events=("end",),
            tag=(f"{{{_NS}}}row", f"{{{_NS}}}mergeCell"),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
        )
        for _, el in events:
            if el.tag == f"{{{_NS}}}mergeCell":
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(el.get("ref", ""))
                except (TypeError, ValueError):
                    continue
                if None not in (min_col, min_row, max_col, max_row):
                    merges.append(_Merge(min_col, min_row, max_col, max_row))
            el.clear()
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
    return merges


# --------------------------------------------------------------------------- header


def _header_key(value: object) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"[（(][^()（）]*[)）]", "", text)  # "整改时限(年月日)"
    text = re.sub(r"[\s*＊:：]", "", text)
    return text


def match_header(value: object) -> str | None:
    """The field a header cell names, by synonym ("责任单位" → office), or None."""
    key = _header_key(value)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    for synonym, name in _CONTAINED:
        if synonym in key:
            return name
    return None


def _map_header(values: tuple) -> tuple[dict[str, int], list[tuple[int, str]]]:
    mapping: dict[str, int] = {}
    ignored: list[tuple[int, str]] = []
    for col, value in enumerate(values, 1):
        name = match_header(value)
        if name and name not in mapping:
            mapping[name] = col
        elif value not in (None, ""):
            ignored.append((col, str(value).strip()))
    return mapping, ignored


# --------------------------------------------------------------------------- values


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _problem_number(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value > 0 else None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = re.sub(r"^(问题|第)", "", text)
    text = re.sub(r"[、.:)\]个项条]$", "", text).strip("()[] ")
    if text.isdigit():
        return int(text) or None
    return parse_chinese_ordinal(text)


def _split_marker(title: str) -> tuple[int | None, str]:
    """Split a numbered title: "1.关于……" → (1, "关于……"), "（二）关于……" → (2, …), else (None, title)."""
    m = _TITLE_MARKER.match(title)
    if not m:
        return None, title
    token = m.group("a") or m.group("b")
    number = int(token) if token.isdigit() else parse_chinese_ordinal(token)
    rest = title[m.end() :].strip()
    if not number or not rest:
        return None, title
    return number, rest


# --------------------------------------------------------------------------- reading


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
