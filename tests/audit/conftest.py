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
    """Run SQL as a superuser would: with the audit table's append-only trigger out of the way for
    the statement (PostgreSQL: session_replication_role, which the grants in
    docs/security/audit-trail.md keep from the application's own role; MariaDB: root's
    @zhenggai_audit_repair, zhenggai.audit.append_only)."""
    superuser = "audit_auditevent" in sql and connection.vendor in ("postgresql", "mysql")
    off, on = {
        "postgresql": (
            "SET LOCAL session_replication_role = replica",
            "SET LOCAL session_replication_role = origin",
        ),
        "mysql": ("SET @zhenggai_audit_repair = 1", "SET @zhenggai_audit_repair = NULL"),
    }.get(connection.vendor, ("", ""))
    with connection.cursor() as cursor:
        if superuser:
            cursor.execute(off)
        try:
            cursor.execute(sql, params)
        except Exception:
            if superuser and connection.vendor == "mysql":  # the session outlives the test
                cursor.execute(on)
            raise  # PostgreSQL: the transaction is aborted and rolls back SET LOCAL with it
        rowcount = cursor.rowcount
        if superuser:
            cursor.execute(on)
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
