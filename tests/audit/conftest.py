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
    """Run SQL as the tables' owner would: on PostgreSQL with the audit table's append-only trigger
    switched off for the statement (an owner can do that; the grants in docs/security/trail.md keep
    the application's own role from it)."""
    owner = connection.vendor == "postgresql" and "audit_auditevent" in sql
    with connection.cursor() as cursor:
        if owner:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute(sql, params)
        rowcount = cursor.rowcount
        if owner:
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
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
