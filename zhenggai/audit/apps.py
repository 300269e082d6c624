from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "zhenggai.audit"
    label = "audit"
    verbose_name = _("审计留痕")

    def ready(self) -> None:
        from zhenggai.audit import checks  # noqa: F401 - registers the audit key check

        post_migrate.connect(_append_only_trigger, sender=self)


def _append_only_trigger(sender, using, **kwargs) -> None:
    """MySQL/MariaDB: the append-only trigger lists the audit table's columns; after any migration
    it is made again from the table as it is (zhenggai.audit.append_only)."""
    from zhenggai.audit import append_only

    connection = connections[using]
    if connection.vendor == "mysql":
        append_only.install(connection)
