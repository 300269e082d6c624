from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "zhenggai.api"
    label = "api"
    verbose_name = _("接口")

    def ready(self) -> None:
        from zhenggai.api import schema  # noqa: F401  (registers the token scheme with drf-spectacular)
