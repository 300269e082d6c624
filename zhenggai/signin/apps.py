from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "zhenggai.signin"
    label = "signin"
    verbose_name = _("登录与账号安全")

    def ready(self) -> None:
        from zhenggai.signin.ldap.config import check_ldap_settings
        from zhenggai.signin.password import signals  # noqa: F401  (the sign-in receiver)
        from zhenggai.signin.sessions import signals as session_signals  # noqa: F401  (sign-in and sign-out)

        checks.register(check_ldap_settings)
        checks.register(check_trusted_proxies)


def check_trusted_proxies(app_configs=None, **kwargs):  # type: ignore[no-untyped-def]
    """A mistyped ZHENGGAI_SIGNIN_TRUSTED_PROXIES is reported when the server starts."""
    from zhenggai.signin.addresses import trusted_proxies

    try:
        trusted_proxies()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="zhenggai.signin.E001")]
    return []
