from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "zhenggai.notices"
    label = "notices"
    verbose_name = "整改进展情况通报"
