"""Checking and storing evidence files (佐证材料): size and type limits, SHA-256 while streaming."""

import hashlib
import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from zhenggai.core.errors import ServiceError


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


def evidence_digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def evidence_content_type(upload: UploadedFile) -> str:
    guessed, _encoding = mimetypes.guess_type(upload.name or "")
    return guessed or "application/octet-stream"
