"""Ledger import previews (导入预览) kept on disk between the upload and the confirmation.

The uploaded workbook waits in MEDIA_ROOT/imports/<token>.xlsx until it is confirmed (the import
job removes it) or abandoned. An abandoned one expires after ZHENGGAI_IMPORT_PREVIEW_HOURS: a
confirmation after that is refused, and the daily run (``zhenggai remind``, the demo server's
reminder thread, Celery beat) or ``zhenggai expire_imports`` deletes it.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

IMPORT_DIR = "imports"


def import_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / IMPORT_DIR


def import_path(token: str) -> Path:
    return import_dir() / f"{token}.xlsx"


def expired_message() -> str:
    return _("导入预览已过期(超过%(hours)s小时)或已使用,请重新上传。") % {
        "hours": settings.ZHENGGAI_IMPORT_PREVIEW_HOURS
    }


def preview_ttl() -> dt.timedelta:
    return dt.timedelta(hours=settings.ZHENGGAI_IMPORT_PREVIEW_HOURS)


def _expired(path: Path, now: dt.datetime) -> bool:
    saved = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    return now - saved > preview_ttl()


def import_preview_available(token: str, *, now: dt.datetime | None = None) -> bool:
    """The preview's file is there and younger than the TTL (an expired one is removed now)."""
    path = import_path(token)
    try:
        if not _expired(path, now or timezone.now()):
            return True
    except FileNotFoundError:
        return False
    path.unlink(missing_ok=True)
    return False


def import_previews_expire(*, now: dt.datetime | None = None) -> int:
    """Delete every preview older than the TTL; returns how many were removed."""
    now = now or timezone.now()
    removed = 0
    folder = import_dir()
    if not folder.is_dir():
        return 0
    for path in folder.glob("*.xlsx"):
        try:
            if _expired(path, now):
                path.unlink()
                removed += 1
        except FileNotFoundError:  # confirmed (or removed) meanwhile
            continue
    if removed:
        log.info("removed %s expired ledger import previews", removed)
    return removed
