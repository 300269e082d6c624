"""MySQL/MariaDB: the ledger's partial unique constraints as generated columns and unique indexes
(zhenggai.core.partial_unique); nothing on PostgreSQL and SQLite, which have the constraints."""

from django.db import migrations

from zhenggai.core.partial_unique import PartialUnique, operation


class Migration(migrations.Migration):
    dependencies = [("ledger", "0009_measure_status_since")]

    operations = [
        operation(
            PartialUnique(
                "ledger_problem",
                "problem_unique_number_in_inspection",
                ("inspection_id", "number"),
                flag="zg_live",
                flag_expression="IF(deleted_at IS NULL, 1, NULL)",
            ),
            PartialUnique(
                "ledger_progressentry",
                "progress_unique_submission",
                ("measure_id", "submission_key"),
                flag="zg_has_submission_key",
                flag_expression="IF(submission_key <> '', 1, NULL)",
            ),
            PartialUnique(
                "ledger_lookbackreview",
                "review_one_pending_per_problem",
                ("problem_id",),
                flag="zg_pending",
                flag_expression="IF(outcome = 'pending', 1, NULL)",
            ),
        )
    ]
