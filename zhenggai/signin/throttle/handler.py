"""How failures lock (django-axes' AXES_HANDLER): an account after ZHENGGAI_LOGIN_FAILURE_LIMIT
failures within the cool-off, an address after ZHENGGAI_LOGIN_ADDRESS_FAILURE_LIMIT (higher: one
office behind one NAT address shares it). A success clears the failures of that account only, so
signing in to one's own account does not clear an address that tried others'."""

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import Sum


def account_limit(request=None, credentials=None) -> int:  # type: ignore[no-untyped-def]
    """AXES_FAILURE_LIMIT: failures that lock an account."""
    return max(1, int(settings.ZHENGGAI_LOGIN_FAILURE_LIMIT))


def address_limit() -> int:
    return max(1, int(settings.ZHENGGAI_LOGIN_ADDRESS_FAILURE_LIMIT))


def cool_off(request=None) -> dt.timedelta:  # type: ignore[no-untyped-def]
    """AXES_COOLOFF_TIME: how long failures count (and a lock lasts after the last one)."""
    return dt.timedelta(minutes=max(1, int(settings.ZHENGGAI_LOGIN_COOLOFF_MINUTES)))


class ThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:  # type: ignore[no-untyped-def]
        """The account's failures; the account's limit when the address has reached its own.
        (AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]: one query set for each.)"""
        by_account, by_address = self.get_user_attempts(request, credentials)
        username = get_client_username(request, credentials)
        account = (by_account.aggregate(n=Sum("failures_since_start"))["n"] or 0) if username else 0
        address = by_address.aggregate(n=Sum("failures_since_start"))["n"] or 0
        if request.axes_ip_address and address >= address_limit():
            return max(account, account_limit(request, credentials))
        return account

    def user_logged_in(self, sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(username=user.get_username()).delete()

    def remove_out_of_limit_failure_logs(self, *, username, limit=None) -> int:  # type: ignore[no-untyped-def]
        """Keep an account's newest AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT failures (axes' own
        removes the newest)."""
        limit = getattr(settings, "AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT", 1000) if limit is None else limit
        rows = AccessFailureLog.objects.filter(username=username).order_by("-attempt_time", "-pk")
        old = list(rows.values_list("pk", flat=True)[limit:])
        if old:
            AccessFailureLog.objects.filter(pk__in=old).delete()
        return len(old)
