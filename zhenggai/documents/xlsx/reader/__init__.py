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
password-protected, too big) raises :class:`LedgerImportError` whose message says so in Chinese."""

from zhenggai.documents.xlsx.reader.archive import (
    _Merge,
    _merged_ranges,
    _open_archive,
    _read_bytes,
    _sheet_paths,
    _too_big,
)
from zhenggai.documents.xlsx.reader.header import (
    _header_key,
    _map_header,
    _problem_number,
    _split_marker,
    _text,
    match_header,
)
from zhenggai.documents.xlsx.reader.model import (
    _CFB_MAGIC,
    _CONTAINED,
    _EXACT,
    _NOTE_ROW,
    _NS,
    _PKG_REL_NS,
    _REL_NS,
    _TITLE_MARKER,
    FIELD_NAMES,
    HEADER_SCAN_ROWS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNCOMPRESSED,
    REQUIRED,
    SYNONYMS,
    ImportIssue,
    LedgerImportError,
    LedgerImportPreview,
    PreviewRow,
)
from zhenggai.documents.xlsx.reader.rows import (
    _find_header,
    _read,
    _read_rows,
    _renumber,
    read_ledger_xlsx,
    read_ledger_xlsx_bounded,
)

__all__ = [
    "FIELD_NAMES",
    "HEADER_SCAN_ROWS",
    "ImportIssue",
    "LedgerImportError",
    "LedgerImportPreview",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED",
    "PreviewRow",
    "REQUIRED",
    "SYNONYMS",
    "_CFB_MAGIC",
    "_CONTAINED",
    "_EXACT",
    "_Merge",
    "_NOTE_ROW",
    "_NS",
    "_PKG_REL_NS",
    "_REL_NS",
    "_TITLE_MARKER",
    "_find_header",
    "_header_key",
    "_map_header",
    "_merged_ranges",
    "_open_archive",
    "_problem_number",
    "_read",
    "_read_bytes",
    "_read_rows",
    "_renumber",
    "_sheet_paths",
    "_split_marker",
    "_text",
    "_too_big",
    "match_header",
    "read_ledger_xlsx",
    "read_ledger_xlsx_bounded",
]
