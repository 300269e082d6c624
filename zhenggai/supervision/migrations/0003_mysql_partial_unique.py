"""MySQL/MariaDB: the reminder log's partial unique constraints as plain unique indexes — their
condition is "this column is not NULL", and a unique index never counts two NULLs as equal
(zhenggai.core.partial_unique); nothing on PostgreSQL and SQLite, which have the constraints."""

from django.db import migrations

from zhenggai.core.partial_unique import PartialUnique, operation


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_workflow_notifications")]

    operations = [
        operation(
            PartialUnique(
                "supervision_reminderlog",
                "reminder_once_per_recipient_item_day",
                ("recipient_id", "kind", "item_key", "sent_on"),
            ),
            PartialUnique(
                "supervision_reminderlog",
                "reminder_once_per_webhook_item_day",
                ("endpoint_id", "kind", "item_key", "sent_on"),
            ),
        )
    ]
