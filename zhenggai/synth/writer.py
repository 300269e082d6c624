"""Writing rows straight into tables: COPY on PostgreSQL, ``bulk_create`` in batches elsewhere.

Rows are tuples in the order of the given field names (attnames: ``unit_id``, not ``unit``), so
a generator of tuples streams into the database without ever building model instances on
PostgreSQL. Ids are allocated by the caller from ``next_id`` and the sequences are moved past
them at the end (``reset_sequences``).
"""

import itertools
import time
from collections.abc import Callable, Iterable

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

BATCH = 2000


class TableWriter:
    def __init__(self, log: Callable[[str], None] = print):
        self.log = log
        self.copy = connection.vendor == "postgresql"
        self.timings: list[tuple[str, int, float]] = []
        self.models: list = []

    @staticmethod
    def next_id(model) -> int:
        return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def write(
        self, model, fields: tuple[str, ...], rows: Iterable[tuple], *, started: float | None = None
    ) -> int:
        """Insert ``rows``; the time reported runs from ``started`` (to include generating them)."""
        t0 = time.perf_counter() if started is None else started
        fields, rows = self._with_defaults(model, fields, rows)
        n = self._copy(model, fields, rows) if self.copy else self._bulk(model, fields, rows)
        seconds = time.perf_counter() - t0
        table = model._meta.db_table
        self.timings.append((table, n, seconds))
        if model not in self.models:
            self.models.append(model)
        rate = f"{n / seconds:>10,.0f} rows/s" if seconds > 0 and n else ""
        self.log(f"  {table:<34} {n:>10,} rows  {seconds:7.2f} s {rate}")
        return n

    def _with_defaults(self, model, fields: tuple[str, ...], rows: Iterable[tuple]):
        """Columns the rows leave out take their model default, as the ORM would give them (COPY
        gives NULL: a column added later, such as ``version`` or a transition's ``evidence``, has no
        default in the database). A callable default (``list``) is called; for COPY the value is
        prepared as the database takes it (a JSON list as jsonb, not as an array)."""
        missing = {
            f.name: self._default(f)
            for f in model._meta.concrete_fields
            if f.name not in fields and not f.primary_key and f.has_default()
        }
        if not missing:
            return fields, rows
        values = tuple(missing.values())
        return (*fields, *missing), (tuple(row) + values for row in rows)

    def _default(self, field):
        value = field.get_default()
        return field.get_db_prep_value(value, connection, prepared=False) if self.copy else value

    def _copy(self, model, fields, rows) -> int:
        columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        connection.ensure_connection()
        n = 0
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                n += 1
        return n

    def _bulk(self, model, fields, rows) -> int:
        n = 0
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, BATCH)):
            model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in batch])
            n += len(batch)
        return n

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), self.models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def analyze(self) -> None:
        """VACUUM ANALYZE what was written (PostgreSQL; outside any transaction): fresh statistics
        for the planner and a visibility map for index-only scans."""
        if not self.copy:
            return
        t0 = time.perf_counter()
        # inside a transaction (a test) VACUUM is refused: statistics alone then
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in self.models:
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
        self.log(f"  {command:<34} {len(self.models):>10} tables {time.perf_counter() - t0:7.2f} s")
