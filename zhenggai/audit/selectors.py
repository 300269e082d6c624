"""Reads of the audit trail. Lists are scoped in SQL by the event's unit path (ADR 0002)."""

from django.db import models
from django.db.models import Q, QuerySet

from zhenggai.accounts.scope import path_q, scope_for
from zhenggai.audit.models import GENESIS_HASH, AuditEvent, ChainHead


def visible_events(user) -> QuerySet[AuditEvent]:
    """Events of the units whose ledger the user keeps, leads or supervises (all for superusers),
    plus the events of every problem the user can see (clerks, 班子成员, inspection groups).

    Events with no unit path (system events) are visible only to superusers.
    """
    from zhenggai.ledger.permissions import visible_problems  # the ledger sits above the trail

    scope = scope_for(user)
    qs = AuditEvent.objects.order_by("seq")
    if scope.everything:
        return qs
    if scope.is_empty:
        return qs.none()
    return qs.filter(
        path_q("unit_path", scope.ledger_prefixes) | Q(problem_id__in=visible_problems(user).values("pk"))
    )


def events_for_problem(problem_id: int) -> QuerySet[AuditEvent]:
    """Everything recorded under one problem (itself, its measures, progress, evidence), oldest first.

    Not scoped: load the problem with ``get_problem_for_user`` first, or chain
    ``visible_events(user)`` with ``.filter(problem_id=…)``.
    """
    return AuditEvent.objects.filter(problem_id=problem_id).order_by("seq")


def events_for_object(obj: models.Model) -> QuerySet[AuditEvent]:
    """The events recorded for one object, oldest first. Not scoped, like ``events_for_problem``."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("seq")


def audit_head() -> tuple[int, str]:
    """(last seq, last hash): what to copy to a second place (e.g. the daily digest) as an anchor."""
    head = ChainHead.objects.filter(pk=1).first()
    return (head.last_seq, head.last_hash) if head is not None else (0, GENESIS_HASH)
