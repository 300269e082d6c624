"""Checks on a zip-based office file (DOCX, XLSX) before anything inside it is unpacked.

One guard for every reader of OOXML: the number of members, each member's unpacked size and
compression ratio, the unpacked total, and no document type declaration (DTD) in any XML part.
OOXML never carries a DTD, and refusing it is what keeps entity expansion ("billion laughs",
external entities) away from every XML parser behind this check — lxml, python-docx and
openpyxl's ElementTree alike.

The sizes are the ones the zip's directory declares; Python's zipfile never unpacks a member past
its declared size (the CRC check fails instead), so a lying header cannot unpack more than it
declared here.
"""

from __future__ import annotations

import re
import zipfile
import zlib

from zhenggai.core.bounded import FileRefused, _
from zhenggai.core.env import env_int

MAX_MEMBERS = 5_000
RATIO_FLOOR = 1024 * 1024  # members smaller than this may compress as well as they like
DEFAULT_MAX_RATIO = 200  # a normal sheet or document.xml compresses 5–50 times; the 220 KB bomb, 270
_PROLOG_BYTES = 64 * 1024
_ROOT = re.compile(rb"<[A-Za-z_]")
_COMMENT = re.compile(rb"<!--.*?-->", re.S)


def max_ratio() -> int:
    from django.conf import settings

    if settings.configured:
        return int(getattr(settings, "ZHENGGAI_ARCHIVE_MAX_RATIO", DEFAULT_MAX_RATIO))
    return env_int("ZHENGGAI_ARCHIVE_MAX_RATIO", DEFAULT_MAX_RATIO)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}"


def check_archive(
    archive: zipfile.ZipFile,
    *,
    max_total: int,
    max_member: int | None = None,
    ratio: int | None = None,
    max_members: int = MAX_MEMBERS,
) -> None:
    """Raise :class:`FileRefused` (Chinese) when the archive would unpack to too much."""
    infos = archive.infolist()
    if len(infos) > max_members:
        raise FileRefused(
            _("文件内部包含%(n)s个部件,超过上限%(limit)s个,未读取。")
            % {"n": len(infos), "limit": max_members},
            "archive_members",
        )
    ratio = max_ratio() if ratio is None else ratio
    max_member = max_total if max_member is None else max_member
    total = 0
    for info in infos:
        total += info.file_size
        if ratio and info.file_size > RATIO_FLOOR and info.file_size > ratio * max(info.compress_size, 1):
            raise FileRefused(
                _(
                    "文件内部的“%(part)s”压缩比异常(%(size)s MB 压缩为 %(packed)s KB,超过%(ratio)s倍),"
                    "疑似“压缩炸弹”,未读取。"
                )
                % {
                    "part": info.filename,
                    "size": _mb(info.file_size),
                    "packed": f"{info.compress_size / 1024:.0f}",
                    "ratio": ratio,
                },
                "archive_ratio",
            )
        if info.file_size > max_member:
            raise FileRefused(
                _("文件内部的“%(part)s”解压后为%(size)s MB,超过上限%(limit)s MB,未读取。")
                % {"part": info.filename, "size": _mb(info.file_size), "limit": _mb(max_member)},
                "archive_member_size",
            )
    if total > max_total:
        raise FileRefused(
            _("文件解压后共%(size)s MB,超过上限%(limit)s MB,未读取。请拆分后再试。")
            % {"size": _mb(total), "limit": _mb(max_total)},
            "archive_total",
        )
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels", ".vml")) and _declares_dtd(archive, info):
            raise FileRefused(
                _("文件内部的“%(part)s”含有文档类型声明(DTD/实体),正常的 Office 文件不会有,未读取。")
                % {"part": info.filename},
                "archive_dtd",
            )


def _declares_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """A DTD can only stand in the prolog, before the root element: read only that far."""
    try:
        with archive.open(info) as member:
            head = member.read(_PROLOG_BYTES)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return False  # damaged (found by the fuzzer: zlib.error): the parser will say so
    data = _COMMENT.sub(b"", head.replace(b"\x00", b""))  # UTF-16 markup reads as ASCII without NULs
    root = _ROOT.search(data)
    prolog = (data[: root.start()] if root else data).upper()
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        return True
    return root is None and len(head) >= _PROLOG_BYTES  # 64 KB of prolog and no root: refuse it too
