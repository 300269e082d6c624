"""Turn what a person pasted or uploaded into a ParsedNotice, or refuse it with a message they can act on."""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import PurePath

from django.utils.translation import gettext as _

from zhenggai.core.bounded import FileRefused
from zhenggai.intake import ParsedNotice, read_notice_bounded

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PASTE_CHARS = 1_000_000
KIND_BY_SUFFIX = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".docx": "docx"}
_HTML_START_RE = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype|html|head|body)", re.I)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


class UploadRefused(Exception):
    """The upload cannot be read; ``message`` says why and what to do, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def too_large_message() -> str:
    return _("文件超过%(limit)s MB,未读取。请删去附件、图片后另存,或直接粘贴通报文字。") % {
        "limit": MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    elif b"\x00" in data[:65536]:
        text = None
    else:
        text = None
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None or len(_CONTROL_RE.findall(text[:200_000])) > max(8, len(text[:200_000]) // 200):
        raise UploadRefused(
            _(
                "无法识别该文件的文字编码,它可能不是文本文件。请用记事本或 WPS 另存为 UTF-8 编码的 .txt 后再上传,"
                "或直接粘贴通报文字。"
            )
        )
    return text


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START_RE.match(text[:2000]))


def _read(text_or_bytes, kind: str) -> ParsedNotice:
    """The reader in a child process bounded in time and memory (ZHENGGAI_PARSE_*)."""
    try:
        return read_notice_bounded(text_or_bytes, source_kind=kind)
    except FileRefused as refused:  # a bomb, too many paragraphs, or out of time or memory
        raise UploadRefused(refused.message) from None
    except Exception as exc:  # the reader promises not to raise; if it does, say so instead of a 500
        log.exception("intake reader failed on a %s upload", kind)
        if kind == "docx":
            raise UploadRefused(
                _(
                    "无法读取该 Word 文件:文件已损坏或不是 .docx 格式。请在 Word 或 WPS 中打开后“另存为” .docx 再上传。"
                )
            ) from exc
        raise UploadRefused(
            _("读取通报时出错(%(error)s),请检查文件内容。") % {"error": type(exc).__name__}
        ) from exc


def _check_text(parsed: ParsedNotice) -> ParsedNotice:
    if not parsed.text.strip():
        raise UploadRefused(_("没有从中读出任何文字。请确认文件内容,或直接粘贴通报文字。"))
    return parsed


def read_pasted(text: str) -> tuple[ParsedNotice, str]:
    """Pasted text (or pasted page source) → (notice, source kind)."""
    if len(text) > MAX_PASTE_CHARS:
        raise UploadRefused(_("粘贴的文字过长(超过%(n)s字),请只粘贴通报正文。") % {"n": MAX_PASTE_CHARS})
    kind = "html" if looks_like_html(text) else "text"
    return _check_text(_read(text, kind)), kind


def read_uploaded(name: str, data: bytes) -> tuple[ParsedNotice, str]:
    """An uploaded file's bytes → (notice, source kind), by its suffix."""
    suffix = PurePath(name or "").suffix.lower()
    kind = KIND_BY_SUFFIX.get(suffix)
    if kind is None:
        if suffix in (".doc", ".wps", ".rtf"):
            raise UploadRefused(
                _("暂不支持旧版 Word / WPS 文件(%(suffix)s):请“另存为” .docx 后再上传,或直接粘贴通报文字。")
                % {"suffix": suffix}
            )
        raise UploadRefused(
            _("不支持“%(suffix)s”类型的文件。请上传 .txt、.html(.htm)或 .docx 文件,或直接粘贴通报文字。")
            % {"suffix": suffix or _("无扩展名")}
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(too_large_message())
    if not data.strip():
        raise UploadRefused(_("文件是空的。"))
    if kind == "docx":
        if not data.startswith(b"PK\x03\x04") or not _is_docx(data):
            raise UploadRefused(
                _(
                    "该文件不是有效的 Word(.docx)文件,可能已损坏或只是改了扩展名。请在 Word 或 WPS 中打开后“另存为” .docx 再上传。"
                )
            )
        return _check_text(_read(data, "docx")), "docx"
    text = decode_text(data)
    if kind == "text" and looks_like_html(text):
        kind = "html"
    return _check_text(_read(text, kind)), kind


def _is_docx(data: bytes) -> bool:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
        return False  # NotImplementedError: an unknown zip version (found by the fuzzer; a 500 before)
