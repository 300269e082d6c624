"""Counts kept by the database itself, whoever writes the rows (the services, the spreadsheet import,
``bulk_create`` in tests, raw SQL):

* ``Problem.measures_<status>``: a problem's live measures by status (triggers on the measure table);
* ``InspectionTally``: an inspection's live problems by status and the sum of their measure counts
  (triggers on the problem table, which also fire when the measure triggers update a problem; a
  tally row is made and removed with its inspection, and problems only ever update it).

A province's dashboard then reads 5,000 inspection rows instead of joining 160,000 measures (or
40,000 problems) to the unit tree.

A bulk load that writes the counts itself may switch the triggers off for its transaction
(``BULK_LOAD``). ``install`` is idempotent; it runs in migration 0002 and again after every ``migrate``
(``LedgerConfig.ready``), because SQLite loses a table's triggers when a later migration rebuilds
the table. ``recount`` sets every count from the rows.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

STATUSES = ("not_started", "in_progress", "submitted", "confirmed", "closed")
FIELDS = tuple(f"measures_{status}" for status in STATUSES)
PROBLEM_STATUSES = ("open", "in_progress", "completed", "long_term")
TALLY = "ledger_inspectiontally"
TALLY_FIELDS = tuple(f"problems_{s}" for s in PROBLEM_STATUSES) + FIELDS
# ``SET LOCAL zhenggai.measure_counts_bulk_load = on`` (PostgreSQL; ``SET @zhenggai_measure_counts_bulk_load
# = 1`` for the session on MySQL/MariaDB): the triggers stand aside.
BULK_LOAD = "zhenggai.measure_counts_bulk_load"


def _shift(row: str, sign: str, cast: str) -> str:
    """``measures_x = measures_x ± (row.status = 'x')`` for every status."""
    return ", ".join(f"measures_{s} = measures_{s} {sign} ({row}.status = '{s}'){cast}" for s in STATUSES)


_CHANGED = "(OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) OR OLD.problem_id <> NEW.problem_id"

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION ledger_measure_counts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('{BULK_LOAD}', true) = 'on' THEN
            RETURN NULL;  -- a bulk load that writes the counts itself (zhenggai synth)
        END IF;
        IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
            UPDATE ledger_problem SET {_shift("OLD", "-", "::int")} WHERE id = OLD.problem_id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
            UPDATE ledger_problem SET {_shift("NEW", "+", "::int")} WHERE id = NEW.problem_id;
        END IF;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_insert_delete ON ledger_measure",
    """CREATE TRIGGER ledger_measure_counts_insert_delete AFTER INSERT OR DELETE ON ledger_measure
       FOR EACH ROW EXECUTE FUNCTION ledger_measure_counts()""",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_update ON ledger_measure",
    f"""CREATE TRIGGER ledger_measure_counts_update AFTER UPDATE OF status, deleted_at, problem_id
       ON ledger_measure FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR {_CHANGED})
       EXECUTE FUNCTION ledger_measure_counts()""",
]


def _tally_shift(row: str, sign: str, cast: str) -> str:
    """``problems_x = problems_x ± (row.status = 'x'), measures_y = measures_y ± row.measures_y``."""
    problems = [f"problems_{s} = problems_{s} {sign} ({row}.status = '{s}'){cast}" for s in PROBLEM_STATUSES]
    measures = [f"measures_{s} = measures_{s} {sign} {row}.measures_{s}" for s in STATUSES]
    return ", ".join(problems + measures)


# Tally rows come and go with their inspections; problems only ever update them, so that deleting
# everything (a test's flush) never brings a row back.
_TALLY_NEW = f"INSERT INTO {TALLY} (inspection_id, {', '.join(TALLY_FIELDS)}) VALUES (NEW.id{', 0' * len(TALLY_FIELDS)})"
_PROBLEM_CHANGED = (
    "OLD.status IS DISTINCT FROM NEW.status OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) "
    "OR OLD.inspection_id <> NEW.inspection_id OR "
    + " OR ".join(f"OLD.measures_{s} <> NEW.measures_{s}" for s in STATUSES)
)
POSTGRESQL_TALLY = [
    f"""CREATE OR REPLACE FUNCTION ledger_problem_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('{BULK_LOAD}', true) = 'on' THEN
            RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
            UPDATE {TALLY} SET {_tally_shift("OLD", "-", "::int")} WHERE inspection_id = OLD.inspection_id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
            UPDATE {TALLY} SET {_tally_shift("NEW", "+", "::int")} WHERE inspection_id = NEW.inspection_id;
        END IF;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS ledger_problem_tally_insert_delete ON ledger_problem",
    """CREATE TRIGGER ledger_problem_tally_insert_delete AFTER INSERT OR DELETE ON ledger_problem
       FOR EACH ROW EXECUTE FUNCTION ledger_problem_tally()""",
    "DROP TRIGGER IF EXISTS ledger_problem_tally_update ON ledger_problem",
    f"""CREATE TRIGGER ledger_problem_tally_update AFTER UPDATE ON ledger_problem
       FOR EACH ROW WHEN ({_PROBLEM_CHANGED}) EXECUTE FUNCTION ledger_problem_tally()""",
    f"""CREATE OR REPLACE FUNCTION ledger_inspection_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            {_TALLY_NEW} ON CONFLICT (inspection_id) DO NOTHING;
        ELSE
            DELETE FROM {TALLY} WHERE inspection_id = OLD.id;
        END IF;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS ledger_inspection_tally ON inspections_inspection",
    """CREATE TRIGGER ledger_inspection_tally AFTER INSERT OR DELETE ON inspections_inspection
       FOR EACH ROW EXECUTE FUNCTION ledger_inspection_tally()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS ledger_inspection_tally ON inspections_inspection",
    "DROP FUNCTION IF EXISTS ledger_inspection_tally()",
    "DROP TRIGGER IF EXISTS ledger_problem_tally_update ON ledger_problem",
    "DROP TRIGGER IF EXISTS ledger_problem_tally_insert_delete ON ledger_problem",
    "DROP FUNCTION IF EXISTS ledger_problem_tally()",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_update ON ledger_measure",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_insert_delete ON ledger_measure",
    "DROP FUNCTION IF EXISTS ledger_measure_counts()",
]
SQLITE = [
    "DROP TRIGGER IF EXISTS ledger_measure_counts_insert",
    f"""CREATE TRIGGER ledger_measure_counts_insert AFTER INSERT ON ledger_measure
        WHEN NEW.deleted_at IS NULL BEGIN
        UPDATE ledger_problem SET {_shift("NEW", "+", "")} WHERE id = NEW.problem_id; END""",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_delete",
    f"""CREATE TRIGGER ledger_measure_counts_delete AFTER DELETE ON ledger_measure
        WHEN OLD.deleted_at IS NULL BEGIN
        UPDATE ledger_problem SET {_shift("OLD", "-", "")} WHERE id = OLD.problem_id; END""",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_update",
    f"""CREATE TRIGGER ledger_measure_counts_update AFTER UPDATE OF status, deleted_at, problem_id
        ON ledger_measure WHEN OLD.status IS NOT NEW.status OR {_CHANGED} BEGIN
        UPDATE ledger_problem SET {_shift("OLD", "-", "")} WHERE id = OLD.problem_id AND OLD.deleted_at IS NULL;
        UPDATE ledger_problem SET {_shift("NEW", "+", "")} WHERE id = NEW.problem_id AND NEW.deleted_at IS NULL;
        END""",
]
SQLITE_TALLY = [
    "DROP TRIGGER IF EXISTS ledger_problem_tally_insert",
    f"""CREATE TRIGGER ledger_problem_tally_insert AFTER INSERT ON ledger_problem
        WHEN NEW.deleted_at IS NULL BEGIN
        UPDATE {TALLY} SET {_tally_shift("NEW", "+", "")} WHERE inspection_id = NEW.inspection_id; END""",
    "DROP TRIGGER IF EXISTS ledger_problem_tally_delete",
    f"""CREATE TRIGGER ledger_problem_tally_delete AFTER DELETE ON ledger_problem
        WHEN OLD.deleted_at IS NULL BEGIN
        UPDATE {TALLY} SET {_tally_shift("OLD", "-", "")} WHERE inspection_id = OLD.inspection_id; END""",
    "DROP TRIGGER IF EXISTS ledger_problem_tally_update",
    f"""CREATE TRIGGER ledger_problem_tally_update AFTER UPDATE ON ledger_problem
        WHEN {_PROBLEM_CHANGED.replace("IS DISTINCT FROM", "IS NOT")} BEGIN
        UPDATE {TALLY} SET {_tally_shift("OLD", "-", "")}
            WHERE inspection_id = OLD.inspection_id AND OLD.deleted_at IS NULL;
        UPDATE {TALLY} SET {_tally_shift("NEW", "+", "")}
            WHERE inspection_id = NEW.inspection_id AND NEW.deleted_at IS NULL;
        END""",
    "DROP TRIGGER IF EXISTS ledger_inspection_tally_insert",
    f"""CREATE TRIGGER ledger_inspection_tally_insert AFTER INSERT ON inspections_inspection BEGIN
        {_TALLY_NEW} ON CONFLICT (inspection_id) DO NOTHING; END""",
    "DROP TRIGGER IF EXISTS ledger_inspection_tally_delete",
    f"""CREATE TRIGGER ledger_inspection_tally_delete AFTER DELETE ON inspections_inspection BEGIN
        DELETE FROM {TALLY} WHERE inspection_id = OLD.id; END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS ledger_inspection_tally_insert",
    "DROP TRIGGER IF EXISTS ledger_inspection_tally_delete",
    "DROP TRIGGER IF EXISTS ledger_problem_tally_insert",
    "DROP TRIGGER IF EXISTS ledger_problem_tally_delete",
    "DROP TRIGGER IF EXISTS ledger_problem_tally_update",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_insert",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_delete",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_update",
]
# MySQL/MariaDB: one trigger per event, no WHEN clause (the condition is an IF inside), ``<=>``
# for IS NOT DISTINCT FROM, a user variable for the bulk-load switch (``SET @…``), and
# ``ON DUPLICATE KEY UPDATE`` for ON CONFLICT DO NOTHING.
MYSQL_BULK_LOAD = "@zhenggai_measure_counts_bulk_load"
_MYSQL_ON = f"COALESCE({MYSQL_BULK_LOAD}, 0) = 0"  # a number: no collation to mix with the columns'

MYSQL = [
    "DROP TRIGGER IF EXISTS ledger_measure_counts_insert",
    f"""CREATE TRIGGER ledger_measure_counts_insert AFTER INSERT ON ledger_measure FOR EACH ROW
        IF NEW.deleted_at IS NULL AND {_MYSQL_ON} THEN
        UPDATE ledger_problem SET {_shift("NEW", "+", "")} WHERE id = NEW.problem_id; END IF""",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_delete",
    f"""CREATE TRIGGER ledger_measure_counts_delete AFTER DELETE ON ledger_measure FOR EACH ROW
        IF OLD.deleted_at IS NULL AND {_MYSQL_ON} THEN
        UPDATE ledger_problem SET {_shift("OLD", "-", "")} WHERE id = OLD.problem_id; END IF""",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_update",
    f"""CREATE TRIGGER ledger_measure_counts_update AFTER UPDATE ON ledger_measure FOR EACH ROW
        IF (NOT (OLD.status <=> NEW.status) OR {_CHANGED}) AND {_MYSQL_ON} THEN
        IF OLD.deleted_at IS NULL THEN
            UPDATE ledger_problem SET {_shift("OLD", "-", "")} WHERE id = OLD.problem_id;
        END IF;
        IF NEW.deleted_at IS NULL THEN
            UPDATE ledger_problem SET {_shift("NEW", "+", "")} WHERE id = NEW.problem_id;
        END IF;
        END IF""",
]
MYSQL_TALLY = [
    "DROP TRIGGER IF EXISTS ledger_problem_tally_insert",
    f"""CREATE TRIGGER ledger_problem_tally_insert AFTER INSERT ON ledger_problem FOR EACH ROW
        IF NEW.deleted_at IS NULL AND {_MYSQL_ON} THEN
        UPDATE {TALLY} SET {_tally_shift("NEW", "+", "")} WHERE inspection_id = NEW.inspection_id; END IF""",
    "DROP TRIGGER IF EXISTS ledger_problem_tally_delete",
    f"""CREATE TRIGGER ledger_problem_tally_delete AFTER DELETE ON ledger_problem FOR EACH ROW
        IF OLD.deleted_at IS NULL AND {_MYSQL_ON} THEN
        UPDATE {TALLY} SET {_tally_shift("OLD", "-", "")} WHERE inspection_id = OLD.inspection_id; END IF""",
    "DROP TRIGGER IF EXISTS ledger_problem_tally_update",
    f"""CREATE TRIGGER ledger_problem_tally_update AFTER UPDATE ON ledger_problem FOR EACH ROW
        IF ({_PROBLEM_CHANGED.replace("OLD.status IS DISTINCT FROM NEW.status", "NOT (OLD.status <=> NEW.status)")})
           AND {_MYSQL_ON} THEN
        IF OLD.deleted_at IS NULL THEN
            UPDATE {TALLY} SET {_tally_shift("OLD", "-", "")} WHERE inspection_id = OLD.inspection_id;
        END IF;
        IF NEW.deleted_at IS NULL THEN
            UPDATE {TALLY} SET {_tally_shift("NEW", "+", "")} WHERE inspection_id = NEW.inspection_id;
        END IF;
        END IF""",
    "DROP TRIGGER IF EXISTS ledger_inspection_tally_insert",
    f"""CREATE TRIGGER ledger_inspection_tally_insert AFTER INSERT ON inspections_inspection FOR EACH ROW
        {_TALLY_NEW} ON DUPLICATE KEY UPDATE inspection_id = inspection_id""",
    "DROP TRIGGER IF EXISTS ledger_inspection_tally_delete",
    f"""CREATE TRIGGER ledger_inspection_tally_delete AFTER DELETE ON inspections_inspection FOR EACH ROW
        DELETE FROM {TALLY} WHERE inspection_id = OLD.id""",
]
MYSQL_DROP = SQLITE_DROP  # the same trigger names, and DROP TRIGGER has no ON … in either
RECOUNT = "UPDATE ledger_problem SET " + ", ".join(
    f"measures_{s} = (SELECT COUNT(*) FROM ledger_measure m WHERE m.problem_id = ledger_problem.id "
    f"AND m.deleted_at IS NULL AND m.status = '{s}')"
    for s in STATUSES
)


RETALLY = [
    f"DELETE FROM {TALLY}",
    f"INSERT INTO {TALLY} (inspection_id, {', '.join(TALLY_FIELDS)}) SELECT i.id, "
    + ", ".join(f"COALESCE(SUM(CASE WHEN p.status = '{s}' THEN 1 ELSE 0 END), 0)" for s in PROBLEM_STATUSES)
    + ", "
    + ", ".join(f"COALESCE(SUM(p.measures_{s}), 0)" for s in STATUSES)
    + " FROM inspections_inspection i LEFT JOIN ledger_problem p ON p.inspection_id = i.id"
    " AND p.deleted_at IS NULL GROUP BY i.id",
]


def _statements(
    connection: BaseDatabaseWrapper, postgresql: list[str], sqlite: list[str], mysql: list[str]
) -> list[str]:
    if connection.vendor == "postgresql":
        return postgresql
    if connection.vendor == "sqlite":
        return sqlite
    if connection.vendor == "mysql":
        return mysql
    raise NotImplementedError(f"count triggers for {connection.vendor}")


def installed(connection: BaseDatabaseWrapper) -> tuple[bool, bool]:
    """Whether the problem table has its measure counts (migration 0002) and whether the tally
    table exists (0003)."""
    with connection.cursor() as cursor:
        tally = TALLY in connection.introspection.table_names(cursor)
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "ledger_problem")}
    return set(FIELDS) <= columns, tally


def install(connection: BaseDatabaseWrapper, *, tally: bool = True) -> None:
    statements = _statements(connection, POSTGRESQL, SQLITE, MYSQL)
    if tally:
        statements = statements + _statements(connection, POSTGRESQL_TALLY, SQLITE_TALLY, MYSQL_TALLY)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def uninstall(connection: BaseDatabaseWrapper, *, measures: bool = True) -> None:
    """Drop the tally triggers (and, unless ``measures=False``, the measure count triggers)."""
    statements = _statements(connection, POSTGRESQL_DROP, SQLITE_DROP, MYSQL_DROP)
    if not measures:
        statements = [sql for sql in statements if "tally" in sql]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def recount(connection: BaseDatabaseWrapper, *, problems: bool = True, tallies: bool = True) -> None:
    """Set the problems' measure counts from the measures, then every inspection's tally from the
    problems (either can be skipped: a bulk load that wrote the problems' counts, or migration 0002
    before the tally table exists)."""
    with connection.cursor() as cursor:
        if problems:
            cursor.execute(RECOUNT)
        if tallies:
            for sql in RETALLY:
                cursor.execute(sql)
