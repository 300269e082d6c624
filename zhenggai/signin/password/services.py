"""What happens when a person sets their own password: the one-time password is gone, the change is
in the trail, and the other sessions end (Django's session hash does that; the current one is kept)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.accounts.scope import account_path
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record
from zhenggai.signin.models import AccountState

# In the session from sign-in on: the middleware reads it instead of asking the database each time.
SESSION_KEY = "zhenggai_must_change_password"


def is_directory_account(user) -> bool:  # type: ignore[no-untyped-def]
    """Accounts from LDAP or OIDC have no password here: it is changed in the directory."""
    return not user.has_usable_password()


@transaction.atomic
def password_set_by_owner(user, *, how: str) -> None:  # type: ignore[no-untyped-def]
    """Record that ``user`` chose their own password (``how``: "change" or "reset")."""
    AccountState.objects.update_or_create(
        user=user, defaults={"must_change_password": False, "password_changed_at": timezone.now()}
    )
    audit_record(
        actor=user,
        action=AuditAction.OTHER,
        obj=user,
        unit_path=account_path(user),
        reason=_("本人修改密码") if how == "change" else _("本人通过邮件重置密码"),
    )
