"""Reads of the audit trail. Who may read which events is the ledger's rule
(``ledger.permissions.visible_events``, scoped in SQL by the event's unit path, ADR 0002)."""

from django.db import models
from django.db.models import QuerySet

from zhenggai.audit.models import GENESIS_HASH, AuditEvent, ChainHead


def events_for_problem(problem_id: int) -> QuerySet[AuditEvent]:
    """Everything recorded under one problem (itself, its measures, progress, evidence), oldest first.

    Not scoped: load the problem with ``get_problem_for_user`` first, or chain
    ``ledger.permissions.visible_events(user)`` with ``.filter(problem_id=…)``.
    """
    return AuditEvent.objects.filter(problem_id=problem_id).order_by("seq")


def events_for_object(obj: models.Model) -> QuerySet[AuditEvent]:
    """The events recorded for one object, oldest first. Not scoped, like ``events_for_problem``."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("seq")


def audit_head() -> tuple[int, str]:
    """(last seq, last hash): what to copy to a second place (e.g. the daily digest) as an anchor."""
    head = ChainHead.objects.filter(pk=1).first()
    return (head.last_seq, head.last_hash) if head is not None else (0, GENESIS_HASH)
