"""The rectification ledger (整改台账) as .xlsx: streaming export and tolerant import preview."""

from zhenggai.documents.xlsx.reader import (
    ImportIssue,
    LedgerImportError,
    LedgerImportPreview,
    PreviewRow,
    read_ledger_xlsx,
    read_ledger_xlsx_bounded,
)
from zhenggai.documents.xlsx.rows import COLUMNS, KINDS, LedgerRow
from zhenggai.documents.xlsx.writer import ledger_filename, write_ledger_xlsx

__all__ = [
    "COLUMNS",
    "KINDS",
    "ImportIssue",
    "LedgerImportError",
    "LedgerImportPreview",
    "LedgerRow",
    "PreviewRow",
    "ledger_filename",
    "read_ledger_xlsx",
    "read_ledger_xlsx_bounded",
    "write_ledger_xlsx",
]
