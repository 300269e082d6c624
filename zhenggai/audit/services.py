"""Appending to the audit trail, and the helpers that turn a write into ``changes``.

Call ``audit_record`` from inside the service's transaction, as its last step: the event commits
or rolls back with the write, and the chain-head lock (held until the caller's transaction ends on
PostgreSQL) is held as briefly as possible. Typical use::

    before = snapshot(measure, MEASURE_EDITABLE_FIELDS)
    ... save ...
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=measure,
        unit_path=measure.problem.inspection.unit.path,
        problem_id=measure.problem_id,
        changes=diff(before, snapshot(measure, MEASURE_EDITABLE_FIELDS)),
    )

For a new object, ``diff({}, snapshot(obj, fields))`` gives ``{field: [None, value]}``.
"""

import datetime as dt
import enum
import math
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from zhenggai.audit.hashing import CANON, event_hash, head_message
from zhenggai.audit.keys import AuditKey, audit_key
from zhenggai.audit.models import GENESIS_HASH, AuditAction, AuditEvent, ChainHead
from zhenggai.core.types import Actor

_REPR_MAX = AuditEvent._meta.get_field("object_repr").max_length


class AuditChainError(RuntimeError):
    """The chain cannot be extended safely (its head row is gone while events exist)."""


# JSON-safe values -----------------------------------------------------------------------------


def json_safe(value: Any) -> Any:
    """A value that survives a JSON round trip through SQLite and PostgreSQL (jsonb) unchanged.

    Dates and times → ISO strings (aware datetimes in UTC), Decimals → strings, model instances →
    pk, files → name, enums → value, sets → sorted lists, floats with no fractional part → int
    (jsonb would return them as ints), NaN/±inf → strings. Anything else raises ``TypeError``.
    """
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, enum.Enum):
        return json_safe(value.value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return int(value) if value.is_integer() else value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, models.Model):
        return json_safe(value.pk)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((json_safe(item) for item in value), key=repr)
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    raise TypeError(f"cannot record a {type(value).__name__} in the audit trail: {value!r}")


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields' current values, JSON-safe. Foreign keys give the id (no query)."""
    result = {}
    for name in fields:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:  # a property or plain attribute
            field = None
        attribute = field.attname if isinstance(field, models.ForeignKey) else name
        result[name] = json_safe(getattr(obj, attribute))
    return result


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields whose JSON-safe values differ (missing = None)."""
    changes = {}
    for name in sorted(set(before) | set(after), key=str):
        old, new = json_safe(before.get(name)), json_safe(after.get(name))
        if old != new or type(old) is not type(new):
            changes[str(name)] = [old, new]
    return changes


# Recording ------------------------------------------------------------------------------------


def _head_locked() -> ChainHead:
    try:
        return ChainHead.objects.select_for_update().get(pk=1)
    except ChainHead.DoesNotExist:
        pass
    # First event ever (or a freshly flushed database). Concurrent first writers race on the
    # primary key; get_or_create resolves that, then we take the lock like everyone else.
    if AuditEvent.objects.exists():
        raise AuditChainError(_("审计链头记录丢失,不能继续记录。请运行“zhenggai verify”检查审计链。"))
    if connection.vendor == "mysql":
        # InnoDB: writers whose insert of the head failed hold shared locks on it, and each then
        # asks for the exclusive one: a deadlock. One at a time, each either waits on the row
        # another has inserted (a locking read) or inserts it; no shared lock is taken.
        with connection.cursor() as cursor:
            cursor.execute("SELECT GET_LOCK('zhenggai_audit_head', 30)")
            try:
                if ChainHead.objects.select_for_update().filter(pk=1).first() is None:
                    ChainHead.objects.create(pk=1, last_seq=0, last_hash=GENESIS_HASH)
            finally:
                cursor.execute("SELECT RELEASE_LOCK('zhenggai_audit_head')")
    else:
        ChainHead.objects.get_or_create(pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH})
    return ChainHead.objects.select_for_update().get(pk=1)


def _actor_of(actor: Actor) -> tuple[Any, int | None, str]:
    if actor is None or getattr(actor, "pk", None) is None:  # system, or AnonymousUser
        return None, None, ""
    return actor, actor.pk, actor.get_username()


def audit_record(
    *,
    actor: Actor,
    action: AuditAction | str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_repr: str | None = None,
    unit_path: str = "",
    problem_id: int | None = None,
    changes: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction.

    ``obj`` fills ``object_type`` ("app_label.model"), ``object_id`` and ``object_repr`` unless
    they are given. ``unit_path`` is the path of the unit the object belongs to ("/1/3/"), which
    decides who may read the event; ``problem_id`` puts it on that problem's timeline.
    """
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action: {action!r}")
    if unit_path and not (unit_path.startswith("/") and unit_path.endswith("/")):
        raise ValueError(f"unit_path must look like '/1/3/': {unit_path!r}")
    if obj is not None:
        object_type = obj._meta.label_lower if object_type is None else object_type
        object_id = obj.pk if object_id is None else object_id
        object_repr = str(obj) if object_repr is None else object_repr
    actor, actor_pk, actor_label = _actor_of(actor)
    fields = {
        "actor_label": actor_label,
        "action": str(AuditAction(action).value),
        "object_type": object_type or "",
        "object_id": "" if object_id is None else str(object_id),
        "object_repr": (object_repr or "")[:_REPR_MAX],
        "unit_path": unit_path,
        "problem_id": None if problem_id is None else int(problem_id),
        "changes": json_safe(dict(changes or {})),
        "reason": reason or "",
    }

    key = audit_key()  # no key, no event: production without one refuses to write
    fields.update({"canon": CANON, "algorithm": key.algorithm, "key_id": key.key_id})

    with transaction.atomic():
        head = _head_locked()
        seq = head.last_seq + 1
        at = timezone.now()
        digest = event_hash(key=key, seq=seq, at=at, actor_id=actor_pk, prev_hash=head.last_hash, **fields)
        event = AuditEvent.objects.create(
            seq=seq, at=at, actor=actor, actor_pk=actor_pk, prev_hash=head.last_hash, hash=digest, **fields
        )
        ChainHead.objects.filter(pk=head.pk).update(**head_fields(key, seq, digest, head.legacy_until))
    return event


def head_fields(key: AuditKey, last_seq: int, last_hash: str, legacy_until: int) -> dict[str, Any]:
    """The chain head's columns for a chain ending at (last_seq, last_hash), signed under ``key``."""
    message = head_message(
        last_seq=last_seq, last_hash=last_hash, legacy_until=legacy_until, key_id=key.key_id
    )
    return {
        "last_seq": last_seq,
        "last_hash": last_hash,
        "legacy_until": legacy_until,
        "algorithm": key.algorithm,
        "key_id": key.key_id,
        "mac": key.digest(message),
    }
