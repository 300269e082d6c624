from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeUiConfig(AppConfig):
    name = "zhenggai.intake_ui"
    label = "intake_ui"
    verbose_name = _("通报导入")
