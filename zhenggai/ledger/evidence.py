"""Checking and storing evidence files (佐证材料): size and type limits, the bytes matching the
extension, an antivirus scan when clamd is configured, SHA-256 while streaming."""

import hashlib
import logging
import mimetypes
import re
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from zhenggai.core.clamd import ScannerUnavailable, clamd_instream
from zhenggai.core.errors import ServiceError

log = logging.getLogger(__name__)


def evidence_validate(upload: UploadedFile) -> None:
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    allowed = [e.strip().lower() for e in settings.EVIDENCE_ALLOWED_EXTENSIONS if e.strip()]
    if extension not in allowed:
        raise ServiceError(
            _("文件“%(name)s”的类型不允许上传。允许的类型:%(allowed)s。")
            % {"name": name, "allowed": "、".join(allowed)},
            code="evidence_type",
        )
    if upload.size is not None and upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ServiceError(
            _("文件“%(name)s”大小为%(size)s,超过上限%(limit)s。")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
            },
            code="evidence_size",
        )
    if upload.size == 0:
        raise ServiceError(_("文件“%(name)s”是空文件。") % {"name": name}, code="evidence_empty")
    evidence_check_content(upload, name=name, extension=extension)


def evidence_digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def evidence_content_type(upload: UploadedFile) -> str:
    guessed, _encoding = mimetypes.guess_type(upload.name or "")
    return guessed or "application/octet-stream"


# Content checks: the bytes must be what the extension says -----------------------------------

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: .doc .xls .ppt, WPS .wps .et
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_MAGIC: dict[str, tuple[bytes, ...]] = {
    "doc": (_CFB, b"{\\rtf"),  # Word also names RTF .doc
    "xls": (_CFB,),
    "ppt": (_CFB,),
    "wps": (_CFB, *_ZIP),
    "et": (_CFB, *_ZIP),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "ofd": _ZIP,
    "zip": _ZIP,
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "bmp": (b"BM",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "rar": (b"Rar!\x1a\x07",),
    "7z": (b"7z\xbc\xaf\x27\x1c",),
}
_ZIP_MEMBER = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/", "ofd": "OFD.xml"}
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype|html|head|body|script|iframe|svg)", re.I)
_SNIFF = 8192


def _looks_like(head: bytes) -> str:
    """What the bytes are, in words for the message."""
    if _HTML_START.match(head) or b"<script" in head[:1024].lower():
        return _("网页(HTML)")
    if b"%PDF" in head[:1024]:
        return "PDF"
    if head.startswith(_ZIP):
        return _("压缩包(ZIP)")
    if head.startswith(_CFB):
        return _("旧版 Office 文件")
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG", b"GIF8")):
        return _("图片")
    if head.startswith((b"MZ", b"\x7fELF")):
        return _("可执行程序")
    return _("其他格式")


def _content_matches(extension: str, head: bytes, upload: UploadedFile) -> bool:
    if extension == "pdf":
        return b"%PDF" in head[:1024]  # the header may follow a little junk
    if extension == "txt":
        return b"\x00" not in head and not _HTML_START.match(head) and b"<script" not in head.lower()
    magic = _MAGIC.get(extension)
    if magic is None:
        return True  # a type the operator added without a known signature: the extension decides
    if not head.startswith(magic):
        return False
    member = _ZIP_MEMBER.get(extension)
    if member is None:
        return True
    try:
        with zipfile.ZipFile(upload) as archive:
            return any(name.startswith(member) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)


def evidence_check_content(upload: UploadedFile, *, name: str, extension: str) -> None:
    """Refuse a file whose first bytes do not match its extension (HTML named .pdf, a program
    named .jpg): the browser that later opens it goes by the bytes, not the name."""
    upload.seek(0)
    head = upload.read(_SNIFF)
    upload.seek(0)
    if not _content_matches(extension, head, upload):
        raise ServiceError(
            _("文件“%(name)s”的内容与扩展名“.%(extension)s”不符(看起来是%(actual)s),未上传。请上传原始文件。")
            % {"name": name, "extension": extension, "actual": _looks_like(head)},
            code="evidence_content",
        )


# Antivirus: clamd, when the operator switches it on ---------------------------------------


def evidence_scan(upload: UploadedFile) -> str | None:
    """The signature clamd found in the file, or None (clean, or scanning off).

    Raises ServiceError when scanning is on but clamd cannot give a verdict: fail closed."""
    address = settings.ZHENGGAI_CLAMD
    if not address:
        return None
    name = PurePath(upload.name or "").name
    try:
        upload.seek(0)
        found = clamd_instream(upload.chunks(), address=address, timeout=settings.ZHENGGAI_CLAMD_TIMEOUT)
    except ScannerUnavailable:
        log.exception("antivirus scan of %s failed", name)
        raise ServiceError(
            _("病毒扫描服务暂不可用,文件“%(name)s”未上传。请稍后再试,或联系系统管理员。") % {"name": name},
            code="evidence_scanner_down",
        ) from None
    finally:
        upload.seek(0)
    return found


def evidence_screen(files, *, actor, obj) -> None:
    """Scan every file before the write's transaction opens; an infected file is refused and
    the refusal recorded in the trail in its own transaction, so it survives the refusal."""
    from zhenggai.audit.models import AuditAction
    from zhenggai.ledger.trail import record

    for upload in files:
        signature = evidence_scan(upload)
        if signature is None:
            continue
        name = PurePath(upload.name or "").name
        message = _("文件“%(name)s”未通过病毒扫描(%(signature)s),已拒绝上传。") % {
            "name": name,
            "signature": signature,
        }
        with transaction.atomic():
            record(
                actor=actor,
                action=AuditAction.OTHER,
                obj=obj,
                changes={"refused_file": [None, name], "virus": [None, signature]},
                reason=str(message),
            )
        raise ServiceError(message, code="evidence_infected")
