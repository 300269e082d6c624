from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "zhenggai.audit"
    label = "audit"
    verbose_name = _("审计留痕")

    def ready(self) -> None:
        from zhenggai.audit import checks  # noqa: F401 - registers the audit key check
