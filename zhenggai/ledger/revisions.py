"""Revisions kept by the database: a number per inspection that moves whenever anything shown on the
inspection's pages changes, whoever writes the rows (the services, imports, the admin, raw SQL).

``ledger_inspectionrevision`` holds one row per inspection that has changed since its rows were
loaded, plus row 0 for what every page shows (units and offices, people's names, rounds and groups,
supervision policies, memberships, and which inspections there are: their rounds, groups and units). Triggers on each table resolve a changed row to its inspection
and add one to that inspection's revision; cached responses (``zhenggai.ledger.response_cache``) are
keyed by the revisions they were made from, so a change retires them without anyone deleting a
cache entry, and a table without a trigger cannot leave one stale unnoticed: ``TABLES`` must name
every table of the project, and a test checks it does.

PostgreSQL runs the triggers as deferred constraint triggers: the revision row is updated when the
transaction commits, after every other lock it takes, so writers of one inspection queue there
briefly instead of deadlocking against the count triggers (``ledger.counts``). SQLite writes one
transaction at a time and runs them at once. Rows are never deleted, so an id SQLite hands out again
after a deletion continues from the old revision. A bulk load that sets ``counts.BULK_LOAD`` for its
transaction skips them (pages of rows loaded that way start at revision 0).
"""

from django.db.backends.base.base import BaseDatabaseWrapper

from zhenggai.ledger.counts import BULK_LOAD

REVISION = "ledger_inspectionrevision"
EVERYTHING = 0  # the row for what every page shows

_MEASURE = "(SELECT inspection_id FROM ledger_problem WHERE id = {row}.{column})"
_VIA_MEASURE = (
    "(SELECT p.inspection_id FROM ledger_measure m JOIN ledger_problem p ON p.id = m.problem_id "
    "WHERE m.id = {row}.{column})"
)
_VIA_ENTRY = (
    "(SELECT p.inspection_id FROM ledger_progressentry e JOIN ledger_measure m ON m.id = e.measure_id "
    "JOIN ledger_problem p ON p.id = m.problem_id WHERE e.id = {row}.{column})"
)

# table → SQL giving the inspection a row belongs to ({row} is NEW or OLD), or EVERYTHING.
TABLES: dict[str, str | int] = {
    "inspections_inspection": "{row}.id",
    "inspections_rectificationplan": "{row}.inspection_id",
    "inspections_leadinggroupmember": "(SELECT inspection_id FROM inspections_rectificationplan WHERE id = {row}.plan_id)",
    "inspections_meeting": "{row}.inspection_id",
    "ledger_problemgroup": "{row}.inspection_id",
    "ledger_problem": "{row}.inspection_id",
    "ledger_measure": _MEASURE.format(row="{row}", column="problem_id"),
    "ledger_progressentry": _VIA_MEASURE.format(row="{row}", column="measure_id"),
    "ledger_measuretransition": _VIA_MEASURE.format(row="{row}", column="measure_id"),
    "ledger_progressfigure": _VIA_ENTRY.format(row="{row}", column="entry_id"),
    "ledger_evidence": _VIA_ENTRY.format(row="{row}", column="entry_id"),
    "ledger_lookbackreview": _MEASURE.format(row="{row}", column="problem_id"),
    "supervision_supervisionnotice": _MEASURE.format(row="{row}", column="problem_id"),
    "notices_progressnotice": "{row}.inspection_id",
    "notices_outlookitem": "(SELECT inspection_id FROM notices_progressnotice WHERE id = {row}.notice_id)",
    "public_feedback": "COALESCE("
    + _MEASURE.format(row="{row}", column="problem_id")
    + ", "
    + _VIA_MEASURE.format(row="{row}", column="measure_id")
    + ", (SELECT inspection_id FROM notices_progressnotice WHERE id = {row}.notice_id))",
    # a problem's page lists the audit events recorded under it
    "audit_auditevent": _MEASURE.format(row="{row}", column="problem_id"),
    "accounts_unit": EVERYTHING,
    "accounts_contactchannel": EVERYTHING,
    "accounts_membership": EVERYTHING,
    "accounts_supervisionpolicy": EVERYTHING,
    "auth_user": EVERYTHING,
    "inspections_round": EVERYTHING,
    "inspections_inspectiongroup": EVERYTHING,
    "inspections_inspectiongroupmember": EVERYTHING,
}
# Tables whose rows no cached response shows (a test checks every table is here or in TABLES).
NOT_SHOWN = {
    REVISION: "the revisions themselves",
    "ledger_inspectiontally": "counts derived from the problems, which have their own trigger",
    "audit_chainhead": "the audit chain's head; the events have their own trigger",
    "jobs_job": "export jobs, on their own page",
    "public_ratecounter": "the public site's rate limits",
    "intake_ui_intakedraft": "spreadsheet drafts before import; an import writes the ledger tables",
    "supervision_reminderrun": "the reminder schedule's bookkeeping",
    "supervision_reminderlog": "who was reminded of what: the reminder pages",
    "supervision_webhookendpoint": "where reminders are sent",
    "supervision_notification": "the unread count is part of every cached page's key",
    "api_apitoken": "API tokens",
}
# Which inspections there are, and where, is part of what every page shows (the lists' filters).
INSPECTION_PLACE = ("round_id", "unit_id", "group_id")
# Columns of auth_user that pages show; log-ins (last_login) and password changes retire nothing.
USER_COLUMNS = ("username", "first_name", "last_name", "is_active", "is_staff", "is_superuser")


def _expression(table: str, row: str) -> str:
    target = TABLES[table]
    return str(target) if target == EVERYTHING else str(target).format(row=row)


def _postgresql(table: str) -> list[str]:
    name = f"zg_rev_{table}"
    new, old = _expression(table, "NEW"), _expression(table, "OLD")
    columns = f" OF {', '.join(USER_COLUMNS)}" if table == "auth_user" else ""
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE before bigint; after bigint;
        BEGIN
            IF TG_OP <> 'INSERT' THEN before := {old}; END IF;
            IF TG_OP <> 'DELETE' THEN after := {new}; END IF;
            PERFORM zg_revision_bump(after);
            IF before IS DISTINCT FROM after THEN PERFORM zg_revision_bump(before); END IF;
            RETURN NULL;
        END $$""",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"""CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE{columns} ON {table}
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
            WHEN (current_setting('{BULK_LOAD}', true) IS DISTINCT FROM 'on')
            EXECUTE FUNCTION {name}()""",
    ]


POSTGRESQL_PLACE = [
    """CREATE OR REPLACE FUNCTION zg_rev_inspection_place() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM zg_revision_bump(0);
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS zg_rev_inspection_place ON inspections_inspection",
    f"""CREATE CONSTRAINT TRIGGER zg_rev_inspection_place
        AFTER INSERT OR DELETE OR UPDATE OF {", ".join(INSPECTION_PLACE)} ON inspections_inspection
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
        WHEN (current_setting('{BULK_LOAD}', true) IS DISTINCT FROM 'on')
        EXECUTE FUNCTION zg_rev_inspection_place()""",
]
SQLITE_PLACE = [
    sql
    for event in ("INSERT", "DELETE", f"UPDATE OF {', '.join(INSPECTION_PLACE)}")
    for sql in (
        f"DROP TRIGGER IF EXISTS zg_rev_inspection_place_{event.split()[0].lower()}",
        f"CREATE TRIGGER zg_rev_inspection_place_{event.split()[0].lower()} AFTER {event} ON inspections_inspection "
        f"BEGIN INSERT INTO ledger_inspectionrevision (inspection_id, revision) VALUES (0, 1) "
        f"ON CONFLICT (inspection_id) DO UPDATE SET revision = revision + 1; END",
    )
]
POSTGRESQL_BUMP = f"""CREATE OR REPLACE FUNCTION zg_revision_bump(target bigint) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        IF target IS NOT NULL THEN
            INSERT INTO {REVISION} (inspection_id, revision) VALUES (target, 1)
            ON CONFLICT (inspection_id) DO UPDATE SET revision = {REVISION}.revision + 1;
        END IF;
    END $$"""


def _sqlite_bump(expression: str) -> str:
    return (
        f"INSERT INTO {REVISION} (inspection_id, revision) SELECT target, 1 FROM (SELECT {expression} AS target) "
        f"WHERE target IS NOT NULL ON CONFLICT (inspection_id) DO UPDATE SET revision = revision + 1;"
    )


def _sqlite(table: str) -> list[str]:
    statements = []
    for event, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("NEW", "OLD"))):
        name = f"zg_rev_{table}_{event.lower()}"
        columns = f" OF {', '.join(USER_COLUMNS)}" if table == "auth_user" and event == "UPDATE" else ""
        bumps = [_sqlite_bump(_expression(table, rows[0]))]
        if len(rows) == 2 and TABLES[table] != EVERYTHING:  # moved to another inspection
            old, new = _expression(table, "OLD"), _expression(table, "NEW")
            bumps.append(_sqlite_bump(f"CASE WHEN {old} IS NOT {new} THEN {old} END"))
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} AFTER {event}{columns} ON {table} BEGIN {' '.join(bumps)} END",
        ]
    return statements


def install(connection: BaseDatabaseWrapper) -> None:
    """(Re)create the triggers of every table in ``TABLES`` that exists; idempotent."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if REVISION not in existing:
            return
        if connection.vendor == "postgresql":
            statements = [POSTGRESQL_BUMP]
            for table in TABLES:
                if table in existing:
                    statements += _postgresql(table)
            statements += POSTGRESQL_PLACE
        elif connection.vendor == "sqlite":
            statements = [sql for table in TABLES if table in existing for sql in _sqlite(table)]
            statements += SQLITE_PLACE
        else:
            return
        for sql in statements:
            cursor.execute(sql)


def revision_of_everything(connection: BaseDatabaseWrapper) -> int:
    """The revision of what every page shows, including which inspections there are and where."""
    return revisions(connection, EVERYTHING)[1]


def revisions(connection: BaseDatabaseWrapper, inspection_id: int) -> tuple[int, int]:
    """(the inspection's revision, the revision of what every page shows), 0 for a row not yet made."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT inspection_id, revision FROM {REVISION} WHERE inspection_id IN (%s, %s)",
            [inspection_id, EVERYTHING],
        )
        found = dict(cursor.fetchall())
    return found.get(inspection_id, 0), found.get(EVERYTHING, 0)
