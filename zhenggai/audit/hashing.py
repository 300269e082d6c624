"""The canonical form of an audit event and its SHA-256.

An event's hash covers every field a reader relies on plus the previous event's hash, so changing,
removing or reordering any row breaks the chain from that row on. The canonical form is compact
JSON with sorted keys (UTF-8, no ASCII escaping) of::

    seq, at (UTC, ISO 8601 with microseconds), actor_id, actor_label, action, object_type,
    object_id, object_repr, unit_path, problem_id, changes, reason, prev_hash

``actor_id`` is the id recorded at the time (``AuditEvent.actor_pk``), not the nullable foreign
key, so deleting a user does not break the chain. Changing this format invalidates every stored
hash: don't, or version it.
"""

import datetime as dt
import hashlib
import json
from typing import Any

from zhenggai.audit.models import GENESIS_HASH, AuditEvent

__all__ = ["GENESIS_HASH", "event_canonical", "event_hash", "event_hash_of"]


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
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def event_hash(**fields) -> str:
    """Hex SHA-256 of ``event_canonical(**fields)``."""
    return hashlib.sha256(event_canonical(**fields)).hexdigest()


def event_hash_of(event: AuditEvent) -> str:
    """Recompute a stored event's hash from its columns."""
    return event_hash(
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
