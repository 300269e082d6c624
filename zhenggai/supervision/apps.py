from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "zhenggai.supervision"
    label = "supervision"
    verbose_name = _("督办与提醒")
