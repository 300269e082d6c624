"""The client's address behind the operator's own reverse proxies, for every part that needs one
(the public site's rate limits, sign-in throttling and the sessions page).

A header such as X-Forwarded-For is believed only on a connection from one of the proxies the
operator names; its hops are read from the right (each proxy appends the address it saw) and the
first one that is not such a proxy is the client. Anything to its left was written by the client
and is ignored, so a forged header changes nothing. With no header or no proxies named (the
default), REMOTE_ADDR is the client.
"""

import ipaddress
from collections.abc import Sequence

from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def ipv6_block(address: ipaddress.IPv6Address) -> ipaddress.IPv6Network:
    """The /64 an IPv6 address belongs to: the block one household or office is given, which a
    counter keyed by single addresses would let it walk through."""
    return ipaddress.ip_network(f"{address}/64", strict=False)  # type: ignore[return-value]


def parse_networks(text: str, setting: str) -> list[Network]:
    """A comma-separated list of addresses or networks (``10.0.0.5, 10.1.0.0/24``); a wrong entry
    raises ImproperlyConfigured naming ``setting``."""
    networks = []
    for entry in text.split(","):
        if entry.strip():
            try:
                networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                raise ImproperlyConfigured(
                    f"{setting}: {entry.strip()!r} is not an address or network"
                ) from None
    return networks


def is_within(raw: str, networks: Sequence[Network]) -> bool:
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def client_ip(request, header: str, networks: Sequence[Network]) -> str:  # type: ignore[no-untyped-def]
    """The client's address as written (an IPv4-mapped IPv6 address as IPv4); "" when there is none."""
    raw = remote = request.META.get("REMOTE_ADDR", "") or ""
    if header and networks and is_within(remote, networks):
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        for hop in reversed([h.strip() for h in value.split(",") if h.strip()]):
            raw = hop
            if not is_within(hop, networks):
                break
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6 and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)
