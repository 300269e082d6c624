from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zhenggai.api"
    label = "api"
    verbose_name = "接口"

    def ready(self) -> None:
        from zhenggai.api import schema  # noqa: F401  (registers the token scheme with drf-spectacular)
