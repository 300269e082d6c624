"""Who is locked out and until when, who may read the sign-in records, unlocking (audited).

The records are django-axes' tables: ``AccessAttempt`` (failures that still count, one row per
username, address and browser), ``AccessLog`` (successful sign-ins, with the sign-out time) and
``AccessFailureLog`` (every failure). A superuser reads them all; a member of an inspection office
reads those of the usernames of accounts under its committee (their memberships' unit paths, in SQL)
and which addresses are locked, without the names tried from them; anyone else nothing.
"""

import datetime as dt
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import BooleanField, F, Max, QuerySet, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.accounts.models import Membership, Role
from zhenggai.accounts.scope import path_q, scope_for
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record
from zhenggai.core.errors import ServiceError
from zhenggai.signin.throttle.handler import account_limit, address_limit, cool_off

if TYPE_CHECKING:
    from django.contrib.auth.models import User

LIST_LOCKS = 200  # locked accounts or addresses shown at most (each kind)


@dataclass(frozen=True)
class Lock:
    key: str  # the username or the address
    failures: int
    until: dt.datetime


def _until(rows: Iterable[tuple[int, dt.datetime]], limit: int) -> dt.datetime | None:
    """When a lock made of these (failures, last failure) rows ends: axes counts the rows whose last
    failure is within the cool-off, so the lock ends when the newest rows no longer reach ``limit``
    without the one that made them reach it."""
    total = 0
    for failures, when in sorted(rows, key=lambda row: row[1], reverse=True):
        total += failures
        if total >= limit:
            return when + cool_off()
    return None


def _counting(now: dt.datetime | None = None) -> "QuerySet[AccessAttempt]":
    return AccessAttempt.objects.filter(attempt_time__gte=(now or timezone.now()) - cool_off())


def locked_until(username: str | None, address: str | None) -> dt.datetime | None:
    """When sign-in with ``username`` from ``address`` is let in again; None if it is not locked."""
    rows = _counting()
    ends = []
    if username:
        ends.append(
            _until(
                rows.filter(username=username).values_list("failures_since_start", "attempt_time"),
                account_limit(),
            )
        )
    if address:
        ends.append(
            _until(
                rows.filter(ip_address=address).values_list("failures_since_start", "attempt_time"),
                address_limit(),
            )
        )
    found = [end for end in ends if end is not None and end > timezone.now()]
    return max(found) if found else None


# Who reads the records --------------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    everything: bool
    prefixes: tuple[str, ...] = ()

    def usernames(self) -> "QuerySet[Any]":
        """The usernames of the accounts under the reader's committees (a subquery)."""
        users = get_user_model().objects.filter(path_q("memberships__unit__path", self.prefixes))
        return users.values("username")

    def scoped(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows if self.everything else rows.filter(username__in=self.usernames())


def reader(user: "User") -> Reader | None:
    """Who may read the sign-in records: a superuser (all), an inspection-office member (its
    committee's accounts); None for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Reader(everything=True)
    scope = scope_for(user)
    if Role.INSPECTION_OFFICE not in scope.roles or not scope.supervised_prefixes:
        return None
    return Reader(everything=False, prefixes=scope.supervised_prefixes)


def locked_accounts(who: Reader) -> list[Lock]:
    rows = who.scoped(_counting().exclude(username__isnull=True).exclude(username=""))
    return _locks(rows, "username", account_limit())


def locked_addresses() -> list[Lock]:
    return _locks(_counting().exclude(ip_address__isnull=True), "ip_address", address_limit())


def _locks(rows: "QuerySet[AccessAttempt]", field: str, limit: int) -> list[Lock]:
    keys = list(
        rows.values(field)
        .annotate(total=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(total__gte=limit)
        .order_by("-last")
        .values_list(field, "total")[:LIST_LOCKS]
    )
    now = timezone.now()
    locks = []
    for key, total in keys:
        until = _until(rows.filter(**{field: key}).values_list("failures_since_start", "attempt_time"), limit)
        if until is not None and until > now:
            locks.append(Lock(key=str(key), failures=int(total), until=until))
    return locks


_FIELDS = ("attempt_time", "username", "ip_address", "user_agent", "path_info", "success", "locked")


def _flag(value: bool) -> Value:
    return Value(value, output_field=BooleanField())


def sign_in_records(who: Reader, username: str = "") -> QuerySet[Any]:
    """Successes and failures together, newest first (rows of ``_FIELDS``)."""
    # Both sides annotate the two flags, so that their columns come in the same order.
    success = AccessLog.objects.annotate(success=_flag(True), locked=_flag(False))
    failure = AccessFailureLog.objects.annotate(success=_flag(False), locked=F("locked_out"))
    if username:
        success, failure = success.filter(username=username), failure.filter(username=username)
    success, failure = who.scoped(success), who.scoped(failure)
    return success.values(*_FIELDS).union(failure.values(*_FIELDS), all=True).order_by("-attempt_time")


def own_sign_ins(user: "User", limit: int = 10) -> list[dict[str, Any]]:
    """The account's latest successes and failures (its sessions page)."""
    return list(sign_in_records(Reader(everything=True), user.get_username())[:limit])


# Unlocking --------------------------------------------------------------------------------------


def _shallowest_path(user: "User") -> str:
    paths = sorted(Membership.objects.filter(user=user).values_list("unit__path", flat=True), key=len)
    return paths[0] if paths else ""


def _clear(rows: "QuerySet[AccessAttempt]") -> int:
    """Delete the failure rows and return how many failures they counted."""
    failures = rows.aggregate(n=Sum("failures_since_start"))["n"] or 0
    rows.delete()
    return int(failures)


@transaction.atomic
def unlock_account(*, actor: "User", username: str) -> int:
    """Clear the failures of ``username`` (within the reader's committees); returns how many
    failures were cleared. Refuses (code ``not_found``) a username the actor may not read."""
    who = reader(actor)
    account = get_user_model().objects.filter(username=username).first()
    in_scope = who is not None and (who.everything or who.usernames().filter(username=username).exists())
    if not username or not in_scope:
        raise ServiceError(_("没有这个账号，或不在您的管理范围内。"), code="not_found")
    failures = _clear(AccessAttempt.objects.filter(username=username))
    audit_record(
        actor=actor,
        action=AuditAction.OTHER,
        object_type="auth.user",
        object_id=account.pk if account else None,
        object_repr=username,
        unit_path=_shallowest_path(account) if account else "",
        changes={"failures": [failures, 0]},
        reason=str(_("解除登录锁定（账号）")),
    )
    return failures


@transaction.atomic
def unlock_address(*, actor: "User", address: str) -> int:
    """Clear the failures counted against an address: superusers only (an address is shared by
    every account behind it, whichever committee they belong to)."""
    who = reader(actor)
    if who is None or not who.everything:
        raise ServiceError(_("只有系统管理员可以解除地址锁定。"), code="not_found")
    try:
        address = str(ipaddress.ip_address(address.strip()))
    except ValueError:
        raise ServiceError(
            _("“%(address)s”不是有效的网络地址。") % {"address": address}, code="address"
        ) from None
    failures = _clear(AccessAttempt.objects.filter(ip_address=address))
    audit_record(
        actor=actor,
        action=AuditAction.OTHER,
        object_type="axes.accessattempt",
        object_repr=address,
        changes={"failures": [failures, 0]},
        reason=str(_("解除登录锁定（地址）")),
    )
    return failures
