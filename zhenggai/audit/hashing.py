"""The canonical form of an audit event and its hash.

Two versions of the canonical form (``AuditEvent.canon``):

- **1** (the chain as first written, kept for old rows): the fields below, hashed with plain
  SHA-256. Anyone can recompute it, so verify accepts version-1 rows only up to the seq the
  signed chain head records (``ChainHead.legacy_until``, ADR 0003).
- **2**: the same fields plus ``canon``, ``algorithm`` and ``key_id``, hashed with the keyed HMAC
  named by ``algorithm`` (``audit.keys``).

An event's hash covers every field a reader relies on plus the previous event's hash, so changing,
removing or reordering any row breaks the chain from that row on. The canonical form is compact
JSON with sorted keys (UTF-8, no ASCII escaping) of::

    seq, at (UTC, ISO 8601 with microseconds), actor_id, actor_label, action, object_type,
    object_id, object_repr, unit_path, problem_id, changes, reason, prev_hash

``actor_id`` is the id recorded at the time (``AuditEvent.actor_pk``), not the nullable foreign
key, so deleting a user does not break the chain. Changing a format invalidates every stored
hash: add a version instead.
"""

import datetime as dt
import hashlib
import json
from typing import Any

from zhenggai.audit.keys import ALGORITHMS, LEGACY_ALGORITHM, AuditKey, audit_key
from zhenggai.audit.models import GENESIS_HASH, AuditEvent

__all__ = ["GENESIS_HASH", "CANON", "event_canonical", "event_hash", "event_hash_of", "head_message"]

CANON = 2  # the version new events are written in


def _utc_iso(at: dt.datetime) -> str:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_canonical(
    *,
    seq: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    unit_path: str,
    problem_id: int | None,
    changes: dict[str, Any],
    reason: str,
    prev_hash: str,
    canon: int = 1,
    algorithm: str = LEGACY_ALGORITHM,
    key_id: str = "",
) -> bytes:
    payload = {
        "seq": int(seq),
        "at": _utc_iso(at),
        "actor_id": None if actor_id is None else int(actor_id),
        "actor_label": str(actor_label),
        "action": str(action),
        "object_type": str(object_type),
        "object_id": str(object_id),
        "object_repr": str(object_repr),
        "unit_path": str(unit_path),
        "problem_id": None if problem_id is None else int(problem_id),
        "changes": changes,
        "reason": str(reason),
        "prev_hash": str(prev_hash),
    }
    if canon != 1:
        payload.update({"canon": int(canon), "algorithm": str(algorithm), "key_id": str(key_id)})
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def event_hash(*, key: AuditKey | None = None, **fields) -> str:
    """The hash of ``event_canonical(**fields)``: plain SHA-256 for version 1, else the keyed HMAC
    named by ``algorithm`` under ``key`` (default: the configured key)."""
    message = event_canonical(**fields)
    if fields.get("canon", 1) == 1:
        return hashlib.sha256(message).hexdigest()
    if fields.get("algorithm") not in ALGORITHMS:
        raise ValueError(f"unknown audit algorithm: {fields.get('algorithm')!r}")
    return (key or audit_key()).digest(message, fields["algorithm"])


def event_hash_of(event: AuditEvent, key: AuditKey | None = None) -> str:
    """Recompute a stored event's hash from its columns."""
    return event_hash(
        key=key,
        canon=event.canon,
        algorithm=event.algorithm,
        key_id=event.key_id,
        seq=event.seq,
        at=event.at,
        actor_id=event.actor_pk,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        unit_path=event.unit_path,
        problem_id=event.problem_id,
        changes=event.changes,
        reason=event.reason,
        prev_hash=event.prev_hash,
    )


def head_message(*, last_seq: int, last_hash: str, legacy_until: int, key_id: str) -> bytes:
    """What the chain head's ``mac`` signs: where the chain ends and where its unkeyed part ends."""
    return f"zhenggai audit head\n2\n{int(last_seq)}\n{last_hash}\n{int(legacy_until)}\n{key_id}".encode()
