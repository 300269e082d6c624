from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "zhenggai.inspections"
    label = "inspections"
    verbose_name = "巡察与整改方案"
