from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "zhenggai.inspections"
    label = "inspections"
    verbose_name = _("巡察与整改方案")
