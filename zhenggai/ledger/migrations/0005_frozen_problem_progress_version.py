"""A version on problems and progress entries (optimistic locking, as measures have).

SQLite adds a NOT NULL column with a default by rebuilding the table, and the rebuild's rename fails
on the count and revision triggers of other tables that name the problem table. ``ALTER TABLE … ADD
COLUMN`` with a constant default needs no rebuild; PostgreSQL takes Django's usual operation.
"""

from django.db import migrations, models


def _field():
    field = models.PositiveIntegerField(default=1, editable=False, verbose_name="版本")
    field.set_attributes_from_name("version")
    return field


def add_columns(apps, schema_editor):
    for name in ("Problem", "ProgressEntry"):
        model = apps.get_model("ledger", name)
        if schema_editor.connection.vendor == "sqlite":
            table = schema_editor.quote_name(model._meta.db_table)
            schema_editor.execute(
                f'ALTER TABLE {table} ADD COLUMN "version" integer unsigned NOT NULL DEFAULT 1 CHECK ("version" >= 0)'
            )
        else:
            schema_editor.add_field(model, _field())


def drop_columns(apps, schema_editor):
    for name in ("Problem", "ProgressEntry"):
        model = apps.get_model("ledger", name)
        schema_editor.remove_field(model, model._meta.get_field("version"))


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0004_inspection_revision"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="problem",
                    name="version",
                    field=models.PositiveIntegerField(default=1, editable=False, verbose_name="版本"),
                ),
                migrations.AddField(
                    model_name="progressentry",
                    name="version",
                    field=models.PositiveIntegerField(default=1, editable=False, verbose_name="版本"),
                ),
            ],
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
        ),
    ]
