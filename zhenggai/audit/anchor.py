"""Anchors: signed copies of the chain head kept outside the database (docs/security/audit-trail.md).

An anchor file is a small JSON object::

    {"format": "zhenggai-audit-anchor", "version": 1, "seq": 1234, "hash": "…", "at": "…",
     "algorithm": "hmac-sha256", "key_id": "…", "mac": "…"}

``mac`` is the keyed hash of the other fields (sorted, compact JSON). The head row in the database
is signed too, but someone who kept an old copy of it can put it back after deleting the newest
events; an anchor written later, somewhere the database's owner cannot rewrite, shows that the
chain once reached further. ``zhenggai verify --anchor FILE`` fails when the anchor's signature is
wrong or the chain no longer holds that seq with that hash.

Written by ``zhenggai audit anchor FILE`` (or ``zhenggai verify --write-anchor FILE``), and every day
by the reminders run into ``ZHENGGAI_AUDIT_ANCHOR_DIR`` (one file a day, ``audit-anchor-YYYY-MM-DD.json``).
"""

import hmac
import json
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.audit.keys import ALGORITHMS, AuditKey, audit_key
from zhenggai.audit.models import AuditEvent
from zhenggai.audit.selectors import audit_head

FORMAT = "zhenggai-audit-anchor"
_SIGNED = ("format", "version", "seq", "hash", "at", "algorithm", "key_id")
logger = logging.getLogger("zhenggai.audit")


def _signed_bytes(anchor: dict) -> bytes:
    body = {name: anchor.get(name) for name in _SIGNED}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def anchor_make(key: AuditKey | None = None) -> dict:
    """The current head as a signed anchor."""
    key = key or audit_key()
    seq, last_hash = audit_head()
    anchor = {
        "format": FORMAT,
        "version": 1,
        "seq": seq,
        "hash": last_hash,
        "at": timezone.now().isoformat(timespec="seconds"),
        "algorithm": key.algorithm,
        "key_id": key.key_id,
    }
    anchor["mac"] = key.digest(_signed_bytes(anchor))
    return anchor


def anchor_write(path: str | Path) -> dict:
    """Write the signed head to ``path`` (atomically: a reader never sees half a file)."""
    path = Path(path)
    anchor = anchor_make()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".anchor-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(anchor, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return anchor


def anchor_write_scheduled(today=None) -> Path | None:
    """The daily anchor, into ``ZHENGGAI_AUDIT_ANCHOR_DIR`` (None when that is empty: switched off)."""
    folder = settings.ZHENGGAI_AUDIT_ANCHOR_DIR
    if not folder:
        return None
    day = today or timezone.localdate()
    path = Path(folder) / f"audit-anchor-{day.isoformat()}.json"
    anchor_write(path)
    return path


def anchor_files(path: Path) -> list[Path]:
    """A file, or every anchor in a folder."""
    if path.is_dir():
        return sorted(path.glob("audit-anchor-*.json")) or sorted(path.glob("*.json"))
    return [path]


def _read(path: Path) -> tuple[dict | None, str | None]:
    try:
        anchor = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        return None, _("无法读取锚点文件 %(path)s:%(error)s。") % {"path": path, "error": error.strerror}
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, _("锚点文件 %(path)s 不是有效的锚点(JSON 格式错误)。") % {"path": path}
    if not isinstance(anchor, dict) or anchor.get("format") != FORMAT:
        return None, _("锚点文件 %(path)s 不是审计链锚点。") % {"path": path}
    return anchor, None


def _check_one(path: Path, key: AuditKey) -> str | None:
    anchor, error = _read(path)
    if error:
        return error
    values = {"path": path, "seq": anchor.get("seq"), "key": anchor.get("key_id"), "ours": key.key_id}
    if anchor.get("key_id") != key.key_id:
        return (
            _("锚点文件 %(path)s 由另一把密钥(编号 %(key)s)签名,当前密钥编号为 %(ours)s:无法核对。") % values
        )
    algorithm = anchor.get("algorithm")
    mac = anchor.get("mac")
    if algorithm not in ALGORITHMS or not isinstance(mac, str):
        return _("锚点文件 %(path)s 的签名不符:锚点被改动。") % values
    if not hmac.compare_digest(key.digest(_signed_bytes(anchor), algorithm), mac):
        return _("锚点文件 %(path)s 的签名不符:锚点被改动。") % values
    seq = anchor.get("seq")
    if not isinstance(seq, int) or seq < 0:
        return _("锚点文件 %(path)s 的签名不符:锚点被改动。") % values
    if seq == 0:
        return None
    event = AuditEvent.objects.filter(seq=seq).only("hash").first()
    if event is None:
        return (
            _(
                "审计链中已没有锚点文件 %(path)s 记录的第 %(seq)s 条:"
                "该锚点写入之后,审计记录被删除或整条链被截短。"
            )
            % values
        )
    if event.hash != anchor.get("hash"):
        return _("审计链第 %(seq)s 条的哈希与锚点文件 %(path)s 不符:该锚点写入之后,审计链被改写。") % values
    return None


def anchor_findings(path: Path, key: AuditKey) -> list[str]:
    """What is wrong with the anchor(s) at ``path`` against the chain (empty when they hold)."""
    files = anchor_files(path)
    if not files:
        return [_("锚点文件夹 %(path)s 中没有锚点文件。") % {"path": path}]
    return [problem for problem in (_check_one(file, key) for file in files) if problem]
