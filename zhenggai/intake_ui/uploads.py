"""Turn what a person pasted or uploaded into a ParsedNotice, or refuse it with a message they can act on."""

from __future__ import annotations

import logging
import re

from django.utils.translation import gettext as _

from zhenggai.core.bounded import FileRefused
from zhenggai.intake import ParsedNotice, read_notice_bounded
from zhenggai.intake.files import MAX_FILE_BYTES, file_kind, too_large_message  # noqa: F401 (the form's)
from zhenggai.intake.files import decode_text as _decode_text

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = MAX_FILE_BYTES
MAX_PASTE_CHARS = 1_000_000
_HTML_START_RE = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype|html|head|body)", re.I)


class UploadRefused(Exception):
    """The upload cannot be read; ``message`` says why and what to do, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def decode_text(data: bytes) -> str:
    """``intake.files.decode_text``, its refusal as an UploadRefused."""
    try:
        return _decode_text(data)
    except FileRefused as refused:
        raise UploadRefused(refused.message) from None


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
    try:
        kind = file_kind(name, data)  # the rules every entry point shares (intake/files.py)
    except FileRefused as refused:
        raise UploadRefused(refused.message) from None
    if kind == "docx":
        return _check_text(_read(data, "docx")), "docx"
    text = decode_text(data)
    if kind == "text" and looks_like_html(text):
        kind = "html"
    return _check_text(_read(text, kind)), kind
