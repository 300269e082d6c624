"""On PostgreSQL and MySQL/MariaDB the audit table refuses UPDATE and DELETE by itself (a trigger),
and on PostgreSQL the grants in docs/security/audit-trail.md leave the application's role unable to
UPDATE, DELETE or TRUNCATE it."""

import re
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from tests.audit.conftest import record
from zhenggai.audit.models import AuditEvent
from zhenggai.audit.verify import audit_verify

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has no roles or trigger"),
]

DOC = Path(__file__).resolve().parents[2] / "docs" / "security" / "audit-trail.md"


def _refused(sql: str, params=()) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(caught.value)


def test_update_and_delete_are_refused_by_the_trigger(chain):
    assert "append-only" in _refused("UPDATE audit_auditevent SET reason = 'x' WHERE seq = 2")
    assert "append-only" in _refused(
        "UPDATE audit_auditevent SET actor_id = NULL, reason = 'x' WHERE seq = 2"
    )
    assert "append-only" in _refused("DELETE FROM audit_auditevent WHERE seq = 5")
    assert AuditEvent.objects.count() == 5 and audit_verify().ok


def test_deleting_a_user_still_clears_the_actor(chain):
    user = get_user_model().objects.create_user(username="wangwu")
    event = record(1, actor=user)[0]
    user.delete()  # SET_NULL: the one UPDATE the trigger lets through
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_id is None and stored.actor_pk == event.actor_pk
    assert audit_verify().ok


def _documented_grants(role: str) -> list[str]:
    """The SQL block of docs/security/audit-trail.md under "Grants", with the role's name put in."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- grants -->\s*```sql\n(.*?)```", text, re.S).group(1)
    lines = [line for line in block.splitlines() if not line.strip().startswith("--")]
    statements = [s.strip() for s in "\n".join(lines).replace("zhenggai_app", role).split(";") if s.strip()]
    return [s for s in statements if "CREATE ROLE" not in s]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the documented grants are PostgreSQL's")
def test_the_documented_grants_leave_the_app_role_insert_and_select_only(chain):
    role = f"zg_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        try:
            for statement in _documented_grants(role):
                cursor.execute(statement)
            cursor.execute(f"SET ROLE {role}")
            try:
                # what the application does: read, append an event, move the head, clear an actor
                cursor.execute("SELECT COUNT(*) FROM audit_auditevent")
                assert cursor.fetchone()[0] == 5
                with transaction.atomic():
                    record(1)
                cursor.execute("UPDATE audit_auditevent SET actor_id = NULL WHERE seq = 1")
                for sql in (
                    "UPDATE audit_auditevent SET reason = 'x' WHERE seq = 2",
                    "DELETE FROM audit_auditevent WHERE seq = 6",
                    "TRUNCATE audit_auditevent",
                    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only",
                ):
                    message = _refused(sql)
                    assert "permission denied" in message or "must be owner" in message, (sql, message)
            finally:
                cursor.execute("RESET ROLE")
        finally:
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")
    assert audit_verify().ok
