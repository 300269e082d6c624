"""People and their roles: accounts created with a one-time password, roles granted no wider than
the granter's own scope (``setup.permissions.grantable_roles``), accounts deactivated but kept.

A deactivated account stays in the database with everything it did (its name in the trail); it
can no longer sign in, its sessions end, and reactivating it gives it a fresh one-time password.
"""

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhenggai.accounts.models import Membership, Role, Unit
from zhenggai.accounts.scope import account_path
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record, snapshot
from zhenggai.core.errors import ServiceError
from zhenggai.core.types import Actor
from zhenggai.setup import permissions
from zhenggai.setup.services._audit import saved
from zhenggai.signin.onetime import issue_one_time_password
from zhenggai.signin.sessions import end_sessions_of

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PERSON_FIELDS = ("username", "first_name", "email", "is_active")
MEMBERSHIP_FIELDS = ("user_id", "unit_id", "role", "title", "is_first_responsible")


def _require_grant(actor: Actor, unit: Unit, role: str) -> None:
    if role not in Role.values:
        raise ServiceError({"role": [_("没有这个角色。")]}, code="role")
    if role not in permissions.grantable_roles(actor, unit):
        message = _("您不能在“%(unit)s”授予“%(role)s”角色。") % {"unit": unit, "role": Role(role).label}
        raise ServiceError({"role": [ServiceError(message, code="forbidden_role")]})


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    unit: Unit,
    role: str,
    email: str = "",
    title: str = "",
    first_responsible: bool = False,
) -> tuple["User", str]:
    """A new account holding ``role`` at ``unit``; returns it and its one-time password (shown
    once: the person sets their own at first sign-in)."""
    _require_grant(actor, unit, role)
    username = username.strip()
    if not username:
        raise ServiceError({"username": [_("请填写用户名。")]}, code="username")
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(
            {"username": [_("用户名“%(u)s”已被使用。") % {"u": username}]}, code="duplicate_user"
        )
    try:
        with transaction.atomic():
            person = User.objects.create_user(username=username, first_name=full_name.strip(), email=email)
    except IntegrityError as error:
        raise ServiceError(
            {"username": [_("用户名“%(u)s”已被使用。") % {"u": username}]}, code="duplicate_user"
        ) from error
    saved(person, before=None, fields=PERSON_FIELDS, actor=actor, unit_path=unit.path)
    role_grant(
        actor=actor, person=person, unit=unit, role=role, title=title, first_responsible=first_responsible
    )
    password = issue_one_time_password(person)
    return person, password


@transaction.atomic
def person_update(*, actor: Actor, person: "User", **fields: Any) -> "User":
    """Name and e-mail (the username stays: it is how the trail and the directory know them)."""
    _require_person(actor, person)
    before = snapshot(person, PERSON_FIELDS)
    for key in ("first_name", "email"):
        if key in fields:
            setattr(person, key, fields[key].strip())
    person.save(update_fields=["first_name", "email"])
    saved(person, before=before, fields=PERSON_FIELDS, actor=actor, unit_path=account_path(person))
    return person


def _require_person(actor: Actor, person: "User") -> None:
    if not permissions.may_manage_person(actor, person):
        raise ServiceError(
            _("该账号还担任您无权授予的角色（或是您本人），请联系上级管理员办理。"), code="forbidden_person"
        )


@transaction.atomic
def role_grant(
    *,
    actor: Actor,
    person: "User",
    unit: Unit,
    role: str,
    title: str = "",
    first_responsible: bool = False,
) -> Membership:
    _require_grant(actor, unit, role)
    if first_responsible and role != Role.UNIT_LEADER:
        raise ServiceError(
            {"first_responsible": [_("只有单位领导可以是第一责任人。")]}, code="first_responsible"
        )
    existing = Membership.objects.filter(user=person, unit=unit, role=role).first()
    before = snapshot(existing, MEMBERSHIP_FIELDS) if existing else None
    membership, _created = Membership.objects.update_or_create(
        user=person,
        unit=unit,
        role=role,
        defaults={"title": title, "is_first_responsible": first_responsible},
    )
    saved(membership, before=before, fields=MEMBERSHIP_FIELDS, actor=actor, unit_path=unit.path)
    return membership


@transaction.atomic
def role_revoke(*, actor: Actor, membership: Membership) -> None:
    if membership.role not in permissions.grantable_roles(actor, membership.unit):
        raise ServiceError(_("您不能撤销该角色。"), code="forbidden_role")
    if membership.user_id == getattr(actor, "pk", None):
        raise ServiceError(_("不能撤销自己的角色，请联系上级管理员办理。"), code="own_role")
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=membership,
        unit_path=membership.unit.path,
        changes={name: [value, None] for name, value in snapshot(membership, MEMBERSHIP_FIELDS).items()},
    )
    membership.delete()


@transaction.atomic
def person_deactivate(*, actor: Actor, person: "User", reason: str = "") -> "User":
    """The account can no longer sign in and its sessions end; everything it did stays."""
    _require_person(actor, person)
    if not person.is_active:
        return person
    before = snapshot(person, PERSON_FIELDS)
    person.is_active = False
    person.save(update_fields=["is_active"])
    saved(
        person,
        before=before,
        fields=PERSON_FIELDS,
        actor=actor,
        unit_path=account_path(person),
        reason=reason,
    )
    transaction.on_commit(lambda: end_sessions_of(person))
    return person


@transaction.atomic
def person_reactivate(*, actor: Actor, person: "User") -> tuple["User", str]:
    _require_person(actor, person)
    before = snapshot(person, PERSON_FIELDS)
    person.is_active = True
    person.save(update_fields=["is_active"])
    saved(person, before=before, fields=PERSON_FIELDS, actor=actor, unit_path=account_path(person))
    return person, issue_one_time_password(person)


@transaction.atomic
def person_reset_password(*, actor: Actor, person: "User") -> str:
    """A fresh one-time password for someone who lost theirs (their sessions end)."""
    _require_person(actor, person)
    password = issue_one_time_password(person)
    audit_record(
        actor=actor,
        action=AuditAction.OTHER,
        obj=person,
        unit_path=account_path(person),
        reason=str(_("重置为一次性密码")),
    )
    transaction.on_commit(lambda: end_sessions_of(person))
    return password
