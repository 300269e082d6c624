"""Which provider account an account is: the issuer and the ``sub`` claim, which the provider never
reassigns, unlike a username or an e-mail address (OpenID Connect Core §5.7)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Identity(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="oidc_identity",
        verbose_name=_("用户"),
    )
    issuer = models.CharField(_("认证服务"), max_length=255)
    subject = models.CharField(_("认证服务中的标识（sub）"), max_length=255)
    created_at = models.DateTimeField(_("首次登录时间"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("最近登录时间"), auto_now=True)

    class Meta:
        verbose_name = _("统一身份认证账号")
        verbose_name_plural = _("统一身份认证账号")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="signin_oidc_identity_issuer_subject_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"
