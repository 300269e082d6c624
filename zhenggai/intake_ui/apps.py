from django.apps import AppConfig


class IntakeUiConfig(AppConfig):
    name = "zhenggai.intake_ui"
    label = "intake_ui"
    verbose_name = "通报导入"
