"""Rate limits in the database: one row per (bucket, hashed key, time window), incremented in SQL.

Keys are HMACs of the client address (IPv6 grouped by /64, the block one household gets) or of
the session key, so no address is stored. The counter is bumped before anything else is checked,
so refused attempts count too: a script that keeps trying stays refused. Old windows are deleted
when a new one starts. Works across processes and restarts on SQLite and PostgreSQL alike.
"""

import datetime as dt
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from zhenggai.core.clientip import Network, client_ip, ipv6_block, parse_networks
from zhenggai.public.models import RateCounter

_SALT = "zhenggai.public.ratelimit"


@dataclass(frozen=True)
class Limit:
    bucket: str
    limit: int
    seconds: int


def trusted_proxies() -> list[Network]:
    """``ZHENGGAI_PUBLIC_TRUSTED_PROXIES``: the addresses or networks of the operator's own proxies."""
    return parse_networks(settings.ZHENGGAI_PUBLIC_TRUSTED_PROXIES, "ZHENGGAI_PUBLIC_TRUSTED_PROXIES")


def client_address(request) -> str:
    """The client's address, for counting (``zhenggai.core.clientip``: REMOTE_ADDR, or the header
    ``ZHENGGAI_PUBLIC_CLIENT_IP_HEADER`` on connections from ``ZHENGGAI_PUBLIC_TRUSTED_PROXIES``),
    an IPv6 address grouped by its /64."""
    header = settings.ZHENGGAI_PUBLIC_CLIENT_IP_HEADER
    raw = client_ip(request, header, trusted_proxies() if header else [])
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if address.version == 6:
        return str(ipv6_block(address))
    return str(address)


def _key(kind: str, value: str) -> str:
    return salted_hmac(_SALT, f"{kind}:{value}").hexdigest()[:40]


def address_key(request) -> str:
    return _key("addr", client_address(request))


def session_key(request) -> str:
    session = request.session
    if not session.session_key:
        session.save()
    return _key("session", session.session_key)


def hit(limit: Limit, key: str) -> bool:
    """Count one attempt; True if it is within the limit."""
    now = time.time()
    window = int(now // limit.seconds)
    rows = RateCounter.objects.filter(bucket=limit.bucket, key=key, window=window)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    expires = dt.datetime.fromtimestamp((window + 1) * limit.seconds, tz=dt.UTC)
                    RateCounter.objects.create(
                        bucket=limit.bucket, key=key, window=window, count=1, expires_at=expires
                    )
            except IntegrityError:  # someone else started the window first
                rows.update(count=F("count") + 1)
            else:
                RateCounter.objects.filter(expires_at__lt=timezone.now() - dt.timedelta(days=1)).delete()
        count = rows.values_list("count", flat=True).get()
    return count <= limit.limit


def submit_limits() -> tuple[Limit, Limit]:
    return (
        Limit("submit-addr", settings.ZHENGGAI_PUBLIC_SUBMIT_PER_MINUTE, 60),
        Limit("submit-session", settings.ZHENGGAI_PUBLIC_SUBMIT_PER_SESSION_HOUR, 3600),
    )


def target_limit() -> Limit:
    """Accepted submissions to one notice (or one unit's page) per hour, from all addresses together."""
    return Limit("submit-target", settings.ZHENGGAI_PUBLIC_SUBMIT_PER_TARGET_HOUR, 3600)


def target_key(*, unit_pk: int, notice_pk: int | None) -> str:
    return _key("target", f"notice:{notice_pk}" if notice_pk else f"unit:{unit_pk}")


def lookup_limits() -> tuple[Limit, Limit]:
    per_minute = settings.ZHENGGAI_PUBLIC_LOOKUP_PER_MINUTE
    return Limit("lookup-addr", per_minute, 60), Limit("lookup-session", per_minute, 60)
