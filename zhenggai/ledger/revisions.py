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
transaction at a time and runs them at once; MySQL/MariaDB have no deferred triggers and run them at
once too (InnoDB's deadlock detection refuses one of two writers that cross, docs/databases.md). Rows are never deleted, so an id SQLite hands out again
after a deletion continues from the old revision. A bulk load that sets ``counts.BULK_LOAD`` for its
transaction skips them (pages of rows loaded that way start at revision 0).
"""

from django.db.backends.base.base import BaseDatabaseWrapper

from zhenggai.ledger.counts import BULK_LOAD, MYSQL_BULK_LOAD

REVISION = "ledger_inspectionrevision"
EVERYTHING = 0  # the row for what every page shows


def _via_problem(column: str) -> str:
    return f"(SELECT inspection_id FROM ledger_problem WHERE id = {{row}}.{column})"


def _via_measure(column: str) -> str:
    return (
        "(SELECT p.inspection_id FROM ledger_measure m JOIN ledger_problem p ON p.id = m.problem_id "
        f"WHERE m.id = {{row}}.{column})"
    )


def _via_entry(column: str) -> str:
    return (
        "(SELECT p.inspection_id FROM ledger_progressentry e JOIN ledger_measure m ON m.id = e.measure_id "
        f"JOIN ledger_problem p ON p.id = m.problem_id WHERE e.id = {{row}}.{column})"
    )


def _via_notice(column: str) -> str:
    return f"(SELECT inspection_id FROM notices_progressnotice WHERE id = {{row}}.{column})"


# table → SQL giving the inspection a row belongs to ({row} is NEW or OLD), or EVERYTHING.
TABLES: dict[str, str | int] = {
    "inspections_inspection": "{row}.id",
    "inspections_rectificationplan": "{row}.inspection_id",
    "inspections_leadinggroupmember": "(SELECT inspection_id FROM inspections_rectificationplan WHERE id = {row}.plan_id)",
    "inspections_meeting": "{row}.inspection_id",
    "ledger_problemgroup": "{row}.inspection_id",
    "ledger_problem": "{row}.inspection_id",
    "ledger_measure": _via_problem("problem_id"),
    "ledger_progressentry": _via_measure("measure_id"),
    "ledger_measuretransition": _via_measure("measure_id"),
    "ledger_progressfigure": _via_entry("entry_id"),
    "ledger_evidence": _via_entry("entry_id"),
    "ledger_lookbackreview": _via_problem("problem_id"),
    "supervision_supervisionnotice": _via_problem("problem_id"),
    "notices_progressnotice": "{row}.inspection_id",
    "notices_outlookitem": _via_notice("notice_id"),
    "public_feedback": (
        f"COALESCE({_via_problem('problem_id')}, {_via_measure('measure_id')}, {_via_notice('notice_id')})"
    ),
    # a problem's page lists the audit events recorded under it
    "audit_auditevent": _via_problem("problem_id"),
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
    "supervision_notificationpreference": "how a person gets close-out mail: their settings page",
    "api_apitoken": "API tokens",
    "signin_accountstate": "whether an account must change its password: the sign-in pages",
    "signin_directorygrant": "which memberships the directory gave: sign-in only (the memberships are counted)",
    "signin_oidc_identity": "which provider account (issuer, sub) an account is: sign-in only",
    "signin_usersession": "one's signed-in sessions: the sessions page",
}
# Which inspections there are, and where, is part of what every page shows (the lists' filters).
# …and who sees them: a group confirmed for an imported inspection (docs/intake.md).
INSPECTION_PLACE = ("round_id", "unit_id", "group_id", "group_confirmed")
# Columns of auth_user that pages show; log-ins (last_login) and password changes retire nothing.
USER_COLUMNS = ("username", "first_name", "last_name", "is_active", "is_staff", "is_superuser")


def _watches() -> list[tuple[str, str, str | int, tuple[str, ...]]]:
    """(trigger name, table, target, columns whose update counts: all when empty) for every trigger:
    one per table in ``TABLES``, and the inspections' place for what every page shows."""
    watches = [
        (f"zg_rev_{table}", table, target, USER_COLUMNS if table == "auth_user" else ())
        for table, target in TABLES.items()
    ]
    watches.append(("zg_rev_inspection_place", "inspections_inspection", EVERYTHING, INSPECTION_PLACE))
    return watches


def _expression(target: str | int, row: str) -> str:
    return str(target) if target == EVERYTHING else str(target).format(row=row)


def _update_of(columns: tuple[str, ...]) -> str:
    return f" OF {', '.join(columns)}" if columns else ""


def _postgresql(name: str, table: str, target: str | int, columns: tuple[str, ...]) -> list[str]:
    new, old = _expression(target, "NEW"), _expression(target, "OLD")
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
        f"""CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE{_update_of(columns)} ON {table}
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
            WHEN (current_setting('{BULK_LOAD}', true) IS DISTINCT FROM 'on')
            EXECUTE FUNCTION {name}()""",
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


def _sqlite(name: str, table: str, target: str | int, columns: tuple[str, ...]) -> list[str]:
    statements = []
    for event, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("NEW", "OLD"))):
        trigger = f"{name}_{event.lower()}"
        bumps = [_sqlite_bump(_expression(target, rows[0]))]
        if len(rows) == 2 and target != EVERYTHING:  # moved to another inspection
            old, new = _expression(target, "OLD"), _expression(target, "NEW")
            bumps.append(_sqlite_bump(f"CASE WHEN {old} IS NOT {new} THEN {old} END"))
        of = _update_of(columns) if event == "UPDATE" else ""
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger}",
            f"CREATE TRIGGER {trigger} AFTER {event}{of} ON {table} BEGIN {' '.join(bumps)} END",
        ]
    return statements


def _mysql_bump(variable: str) -> str:
    return (
        f"IF {variable} IS NOT NULL THEN INSERT INTO {REVISION} (inspection_id, revision) VALUES ({variable}, 1) "
        f"ON DUPLICATE KEY UPDATE revision = revision + 1; END IF;"
    )


def _mysql(
    name: str, table: str, target: str | int, columns: tuple[str, ...], every: tuple[str, ...] = ()
) -> list[str]:
    """One trigger per event. There is no ``UPDATE OF``: an update counts when a watched column
    changed, or when no column did (``SET first_name = first_name``, which ``UPDATE OF`` counts)."""
    statements = []
    for event, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("NEW", "OLD"))):
        trigger = f"{name}_{event.lower()}"
        body = f"SET after_ = {_expression(target, rows[0])}; {_mysql_bump('after_')}"
        if len(rows) == 2 and target != EVERYTHING:  # moved to another inspection
            body += f" SET before_ = {_expression(target, 'OLD')}; IF NOT (before_ <=> after_) THEN "
            body += f"{_mysql_bump('before_')} END IF;"
        condition = f"COALESCE({MYSQL_BULK_LOAD}, 0) = 0"
        if event == "UPDATE" and columns:
            changed = " OR ".join(f"NOT (OLD.{c} <=> NEW.{c})" for c in columns)
            unchanged = " AND ".join(f"OLD.{c} <=> NEW.{c}" for c in every)
            condition += f" AND ({changed}{f' OR ({unchanged})' if unchanged else ''})"
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger}",
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW BEGIN "
            f"DECLARE after_, before_ BIGINT; IF {condition} THEN {body} END IF; END",
        ]
    return statements


def install(connection: BaseDatabaseWrapper) -> None:
    """(Re)create the triggers of every watched table that exists; idempotent."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if REVISION not in existing:
            return
        if connection.vendor == "postgresql":
            statements, triggers = [POSTGRESQL_BUMP], _postgresql
        elif connection.vendor == "sqlite":
            statements, triggers = [], _sqlite
        elif connection.vendor == "mysql":
            statements, triggers = [], _mysql
        else:
            return
        for name, table, target, columns in _watches():
            if table in existing:
                if triggers is _mysql and columns:
                    every = tuple(
                        c.name for c in connection.introspection.get_table_description(cursor, table)
                    )
                    statements += _mysql(name, table, target, columns, every)
                else:
                    statements += triggers(name, table, target, columns)
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
