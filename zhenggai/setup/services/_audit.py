"""The audit of set-up writes: one helper for "what changed", as every other write records it."""

from collections.abc import Iterable
from typing import Any

from django.db import models

from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record, diff, snapshot
from zhenggai.core.types import Actor


def saved(
    obj: models.Model,
    *,
    before: dict[str, Any] | None,
    fields: Iterable[str],
    actor: Actor,
    unit_path: str,
    reason: str = "",
) -> None:
    """A create (``before`` None) or an update; an update that changed nothing records nothing."""
    after = snapshot(obj, fields)
    changes = diff(before or {}, after)
    if before is not None and not changes:
        return
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=obj,
        unit_path=unit_path,
        changes=changes,
        reason=reason,
    )
