"""Helpers for the audit tests: a short chain, and raw SQL that goes behind the ORM's back."""

import json

import pytest
from django.db import connection

from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record


def record(n: int = 1, **overrides):
    """Append ``n`` events about a made-up object, returning them."""
    events = []
    for _ in range(n):
        fields = {
            "actor": None,
            "action": AuditAction.UPDATE,
            "object_type": "tests.thing",
            "object_id": "7",
            "object_repr": "测试对象",
            "unit_path": "/1/3/",
            "changes": {"title": ["旧标题", "新标题"]},
            "reason": "",
        }
        fields.update(overrides)
        events.append(audit_record(**fields))
    return events


def raw_sql(sql: str, params=()) -> int:
    """Run SQL as a superuser would: on PostgreSQL with the audit table's append-only trigger out of
    the way for the statement (session_replication_role; the grants in docs/security/audit-trail.md keep
    the application's own role from that and from disabling the trigger)."""
    superuser = connection.vendor == "postgresql" and "audit_auditevent" in sql
    with connection.cursor() as cursor:
        if superuser:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        rowcount = cursor.rowcount
        if superuser:
            cursor.execute("SET LOCAL session_replication_role = origin")
        return rowcount


def raw_set_changes(seq: int, changes) -> None:
    cast = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    assert (
        raw_sql(f"UPDATE audit_auditevent SET changes = {cast} WHERE seq = %s", [json.dumps(changes), seq])
        == 1
    )


@pytest.fixture
def chain(db):
    """Five events: seqs 1..5 on an empty trail."""
    return record(5)
