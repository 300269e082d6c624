"""The authentication backend of directory sign-in (django-auth-ldap's, with our rules).

At each sign-in through the usual login form: the user is looked up with the service account
(``ZHENGGAI_LDAP_BIND_DN``) and the filter; the directory checks the password (a bind as the user);
the account is made or updated (name, e-mail) with a password that cannot be used here, so the
password is the directory's alone; the user's groups (the group search, and ``memberOf``) and
attributes go through the operator's rules (``sync_memberships``), which give and take the units and
roles. A directory that cannot be reached, or answers with an error, is a Chinese message on the form
(never a 500, never "wrong password"); so is a rules file that cannot be read.

Local superusers are never signed in through the directory (they stay the way in when the directory
is down), nor accounts deactivated in the product.
"""

import logging
from typing import Any

import ldap
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_auth_ldap.backend import LDAPBackend, ldap_error, populate_user

from zhenggai.signin.directory_rules import sync_memberships
from zhenggai.signin.ldap.config import MEMBER_OF, backend_settings
from zhenggai.signin.models import AccountState

log = logging.getLogger(__name__)

# The directory was not reached (down, wrong address, firewall, TLS refused, too slow).
UNREACHABLE = (ldap.SERVER_DOWN, ldap.CONNECT_ERROR, ldap.TIMEOUT, ldap.TIMELIMIT_EXCEEDED)
FIRST_NAME_MAX = 150
EMAIL_MAX = 254


class DirectoryUnavailable(Exception):
    """The directory could not answer a sign-in; ``__cause__`` is python-ldap's error."""


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap's backend with its settings from ours (``config.backend_settings``)."""

    @property
    def default_settings(self) -> dict[str, Any]:  # read by LDAPBackend.settings, once per backend
        return backend_settings()

    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except DirectoryUnavailable as exc:
            cause = exc.__cause__
            log.error("LDAP sign-in of %r: the directory failed (%s): %r", username, exc, cause)
            if isinstance(cause, UNREACHABLE):
                message = _(
                    "现在连不上目录服务器（LDAP），暂时无法用目录账号登录。请稍后再试；仍不行请联系系统管理员。"
                )
            else:
                message = _("目录服务器（LDAP）出错，暂时无法用目录账号登录，请联系系统管理员。")
            raise ValidationError(message, code="directory_unavailable") from exc
        except ImproperlyConfigured as exc:
            log.error("LDAP sign-in of %r: configuration: %s", username, exc)
            raise ValidationError(
                _("目录登录的配置有误，暂时无法用目录账号登录，请联系系统管理员。"),
                code="directory_misconfigured",
            ) from exc

    # Django permissions (the admin's) are Django's own backend's: none from directory groups, and
    # no directory settings read on each permission check.
    def get_all_permissions(self, user, obj=None):
        return set()

    def get_group_permissions(self, user, obj=None):
        return set()

    def get_or_build_user(self, username, ldap_user):
        user, built = super().get_or_build_user(username, ldap_user)
        if user.is_superuser:
            log.warning(
                "LDAP sign-in of %r refused: a local superuser is not signed in by the directory", username
            )
            raise ldap_user.AuthenticationFailed("local superuser")
        if not built and not user.is_active:
            raise ldap_user.AuthenticationFailed("account deactivated in the product")
        return user, built

    def authenticate_ldap_user(self, ldap_user, password):
        user = ldap_user.authenticate(password)  # the bind as the user; the account made or updated
        if user is None:
            return None
        attributes = ldap_user.attrs or {}
        groups = set(attributes.get(MEMBER_OF, ()))
        try:
            if self.settings.GROUP_SEARCH is not None:
                groups |= set(ldap_user.group_dns)
        except ldap.LDAPError as exc:  # no memberships taken away on a half answer
            raise DirectoryUnavailable("group search") from exc
        with transaction.atomic():
            sync_memberships(user, groups=groups, attributes=attributes, source="ldap")
            if user.has_usable_password():  # an account made here before: its password is the directory's now
                log.info("account %r becomes a directory account (local password unusable)", user.username)
                user.set_unusable_password()
                user.save(update_fields=["password"])
            AccountState.objects.filter(user=user, must_change_password=True).update(
                must_change_password=False
            )
        return user


@receiver(ldap_error, sender=DirectoryBackend, dispatch_uid="zhenggai.signin.ldap.error")
def _directory_failed(sender, context, exception, **kwargs):
    # django-auth-ldap logs the error and goes on as if the password were wrong; a receiver's
    # exception goes out instead ("Exceptions raised by handlers will be propagated out").
    raise DirectoryUnavailable(context) from exception


@receiver(populate_user, sender=DirectoryBackend, dispatch_uid="zhenggai.signin.ldap.populate")
def _fit_the_columns(sender, user, ldap_user, **kwargs):
    user.first_name = (user.first_name or "")[:FIRST_NAME_MAX]
    if len(user.email or "") > EMAIL_MAX:
        user.email = ""
