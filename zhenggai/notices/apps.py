from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "zhenggai.notices"
    label = "notices"
    verbose_name = "整改进展情况通报"

    def ready(self):
        from zhenggai.notices import jobs  # noqa: F401 - registers the spreadsheet job handlers
