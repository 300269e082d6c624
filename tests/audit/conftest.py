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
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


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
