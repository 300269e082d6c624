"""Lists of addresses or networks from the environment ("127.0.0.1,::1,10.0.0.0/8")."""

import ipaddress
from functools import lru_cache

from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=16)
def networks(value: str, name: str) -> tuple:
    found = []
    for entry in value.split(","):
        if entry.strip():
            try:
                found.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError as error:
                raise ImproperlyConfigured(
                    f"{name}: {entry.strip()!r} is not an address or network"
                ) from error
    return tuple(found)


def address_in(raw: str, value: str, name: str) -> bool:
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return False
    return any(address in network for network in networks(value, name))
