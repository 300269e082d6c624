"""On PostgreSQL the audit table itself refuses UPDATE and DELETE (migration audit 0002).

The ORM already refuses (``AppendOnlyError``); this stops raw SQL from the application's own
connection too. One change is let through: setting ``actor_id`` to NULL with every other column
unchanged, which is what ``on_delete=SET_NULL`` does when a user is deleted (the hash covers
``actor_pk``, the id as recorded, so the row stays valid).

TRUNCATE is left to the privileges: a TRUNCATE trigger would also stop the test suite's flushes, and
only the table's owner may truncate anyway. docs/security/audit-trail.md gives the operator the grants
for an application role that may only SELECT and INSERT on the audit table. The chain head
(``audit_chainhead``) stays updatable: every event moves it.

MySQL/MariaDB: two BEFORE triggers raising SQLSTATE 45000 (``SIGNAL``); the UPDATE one compares
every column but ``actor_id`` with ``<=>``, from the table as it is, so ``install`` runs again after
every ``migrate`` (``AuditConfig``). A flush empties the table with TRUNCATE, which fires no trigger
(``zhenggai.core.mysql``). The server's ``root`` may correct a row after ``SET @zhenggai_audit_repair
= 1`` in its session, as a PostgreSQL superuser may with ``session_replication_role = replica``;
the application's own user may not, whatever it sets.

On SQLite there is no trigger: Django's flush there is DELETE, which the test suite runs between
transactional tests; a SQLite file is as writable as its owner's permissions allow anyway.
"""

POSTGRESQL_INSTALL = [
    """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
           AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
            RETURN NEW;  -- the user was deleted (SET_NULL); the recorded actor_pk stays
        END IF;
        RAISE EXCEPTION 'audit events are append-only: % refused on audit_auditevent', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$""",
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]

TABLE = "audit_auditevent"
_REFUSE = "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit events are append-only: {op} refused on audit_auditevent'"
_MYSQL_REFUSES = "NOT (COALESCE(@zhenggai_audit_repair, 0) = 1 AND SUBSTRING_INDEX(USER(), '@', 1) = 'root')"
MYSQL_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_append_only_update",
    "DROP TRIGGER IF EXISTS audit_event_append_only_delete",
]


def mysql_install(columns: list[str]) -> list[str]:
    unchanged = " AND ".join(f"OLD.`{c}` <=> NEW.`{c}`" for c in columns if c != "actor_id")
    return [
        *MYSQL_DROP,
        f"""CREATE TRIGGER audit_event_append_only_update BEFORE UPDATE ON {TABLE} FOR EACH ROW
            IF {_MYSQL_REFUSES} AND NOT (NEW.actor_id IS NULL AND {unchanged}) THEN
            {_REFUSE.format(op="UPDATE")}; END IF""",
        f"""CREATE TRIGGER audit_event_append_only_delete BEFORE DELETE ON {TABLE} FOR EACH ROW
            IF {_MYSQL_REFUSES} THEN {_REFUSE.format(op="DELETE")}; END IF""",
    ]


def install(connection) -> None:
    """Create the triggers for this database (PostgreSQL, MySQL/MariaDB; nothing on SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            statements = POSTGRESQL_INSTALL
        elif connection.vendor == "mysql" and TABLE in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, TABLE)]
            statements = mysql_install(columns)
        else:
            return
        for sql in statements:
            cursor.execute(sql)


def uninstall(connection) -> None:
    statements = {"postgresql": POSTGRESQL_DROP, "mysql": MYSQL_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
