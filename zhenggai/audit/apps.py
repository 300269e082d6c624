from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhenggai.audit"
    label = "audit"
    verbose_name = "审计留痕"
