from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "zhenggai.signin"
    label = "signin"
    verbose_name = _("登录与账号安全")

    def ready(self) -> None:
        from zhenggai.signin.ldap.config import check_ldap_settings
        from zhenggai.signin.password import signals  # noqa: F401  (the sign-in receiver)

        checks.register(check_ldap_settings)
