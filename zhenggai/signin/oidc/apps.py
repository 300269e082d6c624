from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OIDCConfig(AppConfig):
    name = "zhenggai.signin.oidc"
    label = "signin_oidc"
    verbose_name = _("统一身份认证")
