from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "zhenggai.dashboards"
    label = "dashboards"
    verbose_name = "统计看板"
