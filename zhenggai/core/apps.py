from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhenggai.core"
    label = "core"
    verbose_name = "基础"
