"""Partial unique constraints (``UniqueConstraint(condition=…)``) on MySQL/MariaDB, which Django does
not create there (models.W036). Each is enforced instead by a unique index over the constraint's
columns and, where needed, a generated column that is 1 where the condition holds and NULL where it
does not: a unique index never counts two NULLs as equal, so only rows meeting the condition can
collide. The index takes the constraint's name, so a refused write names the same rule as on
PostgreSQL and SQLite. Migrations run ``operation(...)`` (a no-op elsewhere); docs/databases.md.
"""

from dataclasses import dataclass

from django.db import migrations


@dataclass(frozen=True)
class PartialUnique:
    table: str
    name: str  # the UniqueConstraint's name
    columns: tuple[str, ...]
    flag: str = (
        ""  # generated column: 1 where the condition holds, else NULL ("" when NULL in a column does it)
    )
    flag_expression: str = ""

    def create(self) -> list[str]:
        statements = []
        columns = self.columns
        if self.flag:
            statements.append(
                f"ALTER TABLE {self.table} ADD COLUMN {self.flag} TINYINT "
                f"GENERATED ALWAYS AS ({self.flag_expression}) STORED"
            )
            columns = (*columns, self.flag)
        statements.append(f"CREATE UNIQUE INDEX {self.name} ON {self.table} ({', '.join(columns)})")
        return statements

    def drop(self) -> list[str]:
        statements = [f"DROP INDEX {self.name} ON {self.table}"]
        if self.flag:
            statements.append(f"ALTER TABLE {self.table} DROP COLUMN {self.flag}")
        return statements


def operation(*constraints: PartialUnique) -> migrations.RunPython:
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "mysql":
            for constraint in constraints:
                for sql in constraint.create():
                    schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "mysql":
            for constraint in constraints:
                for sql in constraint.drop():
                    schema_editor.execute(sql)

    return migrations.RunPython(forwards, backwards, atomic=False, elidable=False)
