from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _measure_count_triggers(sender, using, **kwargs) -> None:
    """Put back the measure count triggers (ledger.counts) and the revision triggers
    (ledger.revisions) after any migration: SQLite drops a table's triggers when a migration
    rebuilds the table, and the revisions watch tables of other apps."""
    from zhenggai.ledger import counts, revisions

    connection = connections[using]
    if connection.vendor in ("postgresql", "sqlite", "mysql"):
        problem_counts, tally = counts.installed(connection)
        if problem_counts:
            counts.install(connection, tally=tally)
        revisions.install(connection)


class LedgerConfig(AppConfig):
    name = "zhenggai.ledger"
    label = "ledger"
    verbose_name = _("整改台账")

    def ready(self):
        from zhenggai.audit.verify import row_check
        from zhenggai.ledger.trail_check import ledger_findings

        post_migrate.connect(_measure_count_triggers, sender=self)
        row_check(ledger_findings)  # `zhenggai verify`: the ledger against the trail
