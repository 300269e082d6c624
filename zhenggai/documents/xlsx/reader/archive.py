"""Opening the workbook safely: size and archive checks, its sheets, and their merged cells."""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from openpyxl.utils import range_boundaries

from zhenggai.core.archives import check_archive
from zhenggai.core.bounded import FileRefused
from zhenggai.documents.xlsx.reader.model import _CFB_MAGIC, _NS, _PKG_REL_NS, _REL_NS, LedgerImportError


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
