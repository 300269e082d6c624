from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "zhenggai.notices"
    label = "notices"
    verbose_name = _("整改进展情况通报")

    def ready(self):
        from zhenggai.notices import jobs  # noqa: F401 - registers the spreadsheet job handlers
