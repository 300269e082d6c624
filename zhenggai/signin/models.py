"""What sign-in keeps about an account beside Django's user: whether its password was given to it
(a one-time password from whoever created the account or reset it) and must be replaced at the next
sign-in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountState(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signin_state",
        verbose_name=_("用户"),
    )
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("账号状态")
        verbose_name_plural = _("账号状态")

    def __str__(self) -> str:
        return f"{self.user}"


class DirectoryGrant(models.Model):
    """A membership the directory gave (``signin.directory_rules``): taken away again when no rule
    names it any more, unlike one granted by hand."""

    membership = models.OneToOneField(
        "accounts.Membership",
        on_delete=models.CASCADE,
        related_name="directory_grant",
        verbose_name=_("角色分配"),
    )
    source = models.CharField(_("来源"), max_length=16)  # "ldap", "oidc"
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("目录授予的角色")
        verbose_name_plural = _("目录授予的角色")

    def __str__(self) -> str:
        return f"{self.membership} ({self.source})"


class UserSession(models.Model):
    """One signed-in session of an account (``signin.sessions``): written at sign-in, its last
    activity brought up to date at most once a minute, removed at sign-out. Lists one's sessions and
    ends an account's sessions without reading every session in the database."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signin_sessions",
        verbose_name=_("用户"),
    )
    # The key of the session in Django's session store (the same secret the session table holds).
    session_key = models.CharField(_("会话键"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("登录时间"))
    last_seen = models.DateTimeField(_("最近活动"))
    ip_address = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")

    def __str__(self) -> str:
        return f"{self.user} @ {self.created_at:%Y-%m-%d %H:%M}"
