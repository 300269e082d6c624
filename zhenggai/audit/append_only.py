"""On PostgreSQL the audit table itself refuses UPDATE and DELETE (migration audit 0002).

The ORM already refuses (``AppendOnlyError``); this stops raw SQL from the application's own
connection too. One change is let through: setting ``actor_id`` to NULL with every other column
unchanged, which is what ``on_delete=SET_NULL`` does when a user is deleted (the hash covers
``actor_pk``, the id as recorded, so the row stays valid).

TRUNCATE is left to the privileges: a TRUNCATE trigger would also stop the test suite's flushes, and
only the table's owner may truncate anyway. docs/security/audit-trail.md gives the operator the grants
for an application role that may only SELECT and INSERT on the audit table. The chain head
(``audit_chainhead``) stays updatable: every event moves it.

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
