"""What a notice file must be before the reader opens it — one set of rules, and one Chinese message
for each refusal, for every way a file comes in: the upload page (``intake_ui.uploads``), the API
and the command line (``zhenggai intake FILE``, through ``sources.load_file``).

A file is refused (``FileRefused``, with the ``code`` in brackets) when its extension is not one
the reader takes (``type``), it is larger than ``MAX_FILE_BYTES`` (``size``: a 20 MB text once
took 46 s and 690 MB and made 10,000 "problems"), it is empty (``empty``), it is named .docx but is
not a Word document (``format``: plain text renamed, a damaged zip), or it is named as text but is
not text in an encoding the reader knows (``encoding``: binary bytes, UTF-16 without its mark)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from zhenggai.core.bounded import FileRefused, _  # gettext once Django is set up; Chinese in the bare CLI

MAX_FILE_BYTES = 5 * 1024 * 1024
KIND_BY_SUFFIX = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".shtml": "html",
                  ".xhtml": "html", ".docx": "docx"}  # fmt: skip
REFUSED_SUFFIXES = (".doc", ".wps", ".rtf")  # older formats: saved again as .docx, they are read
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def too_large_message() -> str:
    return _("文件超过%(limit)s MB,未读取。请删去附件、图片后另存,或直接粘贴通报文字。") % {
        "limit": MAX_FILE_BYTES // (1024 * 1024)
    }


def not_docx_message() -> str:
    return _(
        "该文件不是有效的 Word(.docx)文件,可能已损坏或只是改了扩展名。请在 Word 或 WPS 中打开后“另存为” .docx 再上传。"
    )


def file_kind(name: str, data: bytes) -> str:
    """The reader's kind for the file (text, html, docx), or FileRefused saying why it is not read."""
    suffix = PurePath(name or "").suffix.lower()
    kind = KIND_BY_SUFFIX.get(suffix)
    if kind is None:
        if suffix in REFUSED_SUFFIXES:
            raise FileRefused(
                _("暂不支持旧版 Word / WPS 文件(%(suffix)s):请“另存为” .docx 后再上传,或直接粘贴通报文字。")
                % {"suffix": suffix},
                code="type",
            )
        raise FileRefused(
            _("不支持“%(suffix)s”类型的文件。请上传 .txt、.html(.htm)或 .docx 文件,或直接粘贴通报文字。")
            % {"suffix": suffix or _("无扩展名")},
            code="type",
        )
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(too_large_message(), code="size")
    if not data.strip():
        raise FileRefused(_("文件是空的。"), code="empty")
    if kind == "docx" and not is_docx(data):
        raise FileRefused(not_docx_message(), code="format")
    return kind


def is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
        return False  # NotImplementedError: an unknown zip version (found by the fuzzer)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; anything else is refused."""
    text: str | None
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
        raise FileRefused(
            _(
                "无法识别该文件的文字编码,它可能不是文本文件。请用记事本或 WPS 另存为 UTF-8 编码的 .txt 后再上传,"
                "或直接粘贴通报文字。"
            ),
            code="encoding",
        )
    return text
