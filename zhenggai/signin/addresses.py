"""The address a sign-in comes from: REMOTE_ADDR, or behind the operator's own reverse proxy the
header it sets (``ZHENGGAI_SIGNIN_CLIENT_IP_HEADER``), believed only on connections from the proxies
named in ``ZHENGGAI_SIGNIN_TRUSTED_PROXIES`` (both default to the public site's settings of the same
name; zhenggai.core.clientip; docs/signin-sessions.md)."""

import ipaddress

from django.conf import settings

from zhenggai.core.clientip import Network, client_ip, ipv6_block, parse_networks


def trusted_proxies() -> list[Network]:
    return parse_networks(settings.ZHENGGAI_SIGNIN_TRUSTED_PROXIES, "ZHENGGAI_SIGNIN_TRUSTED_PROXIES")


def client_address(request) -> str | None:  # type: ignore[no-untyped-def]
    """The client's address, or None when the request carries none that is an address."""
    header = settings.ZHENGGAI_SIGNIN_CLIENT_IP_HEADER
    raw = client_ip(request, header, trusted_proxies() if header else [])
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def throttle_address(request) -> str | None:  # type: ignore[no-untyped-def]
    """What failures are counted by (django-axes' AXES_CLIENT_IP_CALLABLE): the client's address,
    an IPv6 one as the first address of its /64 (``ipv6_block``)."""
    raw = client_address(request)
    if raw is None:
        return None
    address = ipaddress.ip_address(raw)
    if address.version == 6:
        return str(ipv6_block(address).network_address)
    return raw
