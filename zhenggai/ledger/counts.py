"""``Problem.measures_<status>``: a problem's live measures counted by status, kept by the database.

Triggers on the measure table add and subtract as measures are inserted, deleted, moved between
statuses or soft-deleted, so the counts stay right whoever writes the measures (the services,
the spreadsheet import, ``bulk_create`` in tests, raw SQL). A dashboard then sums 40,000 problem
rows instead of joining 160,000 measures to the unit tree.

A bulk load that writes the counts itself may switch the triggers off for its transaction
(``BULK_LOAD``). ``install`` is idempotent; it runs in migration 0002 and again after every ``migrate``
(``LedgerConfig.ready``), because SQLite loses a table's triggers when a later migration rebuilds
the table. ``recount`` sets every count from the measures.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

STATUSES = ("not_started", "in_progress", "submitted", "confirmed", "closed")
FIELDS = tuple(f"measures_{status}" for status in STATUSES)
# ``SET LOCAL zhenggai.measure_counts_bulk_load = on`` (PostgreSQL): the triggers stand aside.
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
POSTGRESQL_DROP = [
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
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS ledger_measure_counts_insert",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_delete",
    "DROP TRIGGER IF EXISTS ledger_measure_counts_update",
]
RECOUNT = "UPDATE ledger_problem SET " + ", ".join(
    f"measures_{s} = (SELECT COUNT(*) FROM ledger_measure m WHERE m.problem_id = ledger_problem.id "
    f"AND m.deleted_at IS NULL AND m.status = '{s}')"
    for s in STATUSES
)


def _statements(connection: BaseDatabaseWrapper, postgresql: list[str], sqlite: list[str]) -> list[str]:
    if connection.vendor == "postgresql":
        return postgresql
    if connection.vendor == "sqlite":
        return sqlite
    raise NotImplementedError(f"measure count triggers for {connection.vendor}")


def installed_fields(connection: BaseDatabaseWrapper) -> bool:
    """Whether the problem table has the count columns (migration 0002 applied)."""
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "ledger_problem")}
    return set(FIELDS) <= columns


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, POSTGRESQL, SQLITE):
            cursor.execute(sql)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, POSTGRESQL_DROP, SQLITE_DROP):
            cursor.execute(sql)


def recount(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute(RECOUNT)
