from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "zhenggai.public"
    label = "public"
    verbose_name = _("公开与群众意见")

    def ready(self):
        checks.register(check_trusted_proxies)


def check_trusted_proxies(app_configs=None, **kwargs):
    """A mistyped ZHENGGAI_PUBLIC_TRUSTED_PROXIES is reported when the server starts (and by
    ``zhenggai check``), not found out on the first feedback a visitor sends."""
    from zhenggai.public.ratelimit import trusted_proxies

    try:
        trusted_proxies()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="zhenggai.public.E001")]
    return []
