"""Where the provider is and what to ask it, from the ``ZHENGGAI_OIDC_*`` settings only.

mozilla-django-oidc reads ``OIDC_*`` settings; our backend and views answer those names from here
(``setting``), so the operator sets one family of variables and the endpoints may come from the
issuer's discovery document (``/.well-known/openid-configuration``), fetched when first needed —
never while the settings load — and kept for an hour.
"""

import logging
import time
from typing import Any

import requests
from django.conf import settings

log = logging.getLogger(__name__)

DISCOVERY_SECONDS = 3600

# mozilla-django-oidc's name → (our setting, the discovery document's key)
_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": ("ZHENGGAI_OIDC_AUTHORIZATION_ENDPOINT", "authorization_endpoint"),
    "OIDC_OP_TOKEN_ENDPOINT": ("ZHENGGAI_OIDC_TOKEN_ENDPOINT", "token_endpoint"),
    "OIDC_OP_USER_ENDPOINT": ("ZHENGGAI_OIDC_USERINFO_ENDPOINT", "userinfo_endpoint"),
    "OIDC_OP_JWKS_ENDPOINT": ("ZHENGGAI_OIDC_JWKS_URI", "jwks_uri"),
    "OIDC_OP_END_SESSION_ENDPOINT": ("ZHENGGAI_OIDC_END_SESSION_ENDPOINT", "end_session_endpoint"),
}
_REQUIRED = ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT")


class ProviderUnavailable(Exception):
    """The issuer's discovery document could not be read (or lacks an endpoint we need)."""


def _get(name: str, default: Any = "") -> Any:
    return getattr(settings, name, default)


def issuer() -> str:
    return str(_get("ZHENGGAI_OIDC_ISSUER")).rstrip("/")


def configured() -> bool:
    """A client id, and an issuer or the explicit endpoints: the sign-in link shows and the routes answer."""
    if not _get("ZHENGGAI_OIDC_CLIENT_ID"):
        return False
    return bool(issuer()) or all(_get(_ENDPOINTS[name][0]) for name in _REQUIRED)


_discovered: dict[str, tuple[float, dict[str, Any]]] = {}


def discovery() -> dict[str, Any]:
    """The issuer's discovery document (cached); empty without an issuer."""
    base = issuer()
    if not base:
        return {}
    cached = _discovered.get(base)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    url = f"{base}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=_get("ZHENGGAI_OIDC_TIMEOUT", 10))
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        log.warning("OIDC discovery %s failed: %s", url, exc)
        raise ProviderUnavailable(url) from exc
    if not isinstance(document, dict):
        raise ProviderUnavailable(url)
    if str(document.get("issuer", "")).rstrip("/") != base:
        log.warning("OIDC discovery %s names issuer %r", url, document.get("issuer"))
        raise ProviderUnavailable(url)
    _discovered[base] = (time.monotonic() + DISCOVERY_SECONDS, document)
    return document


def endpoint(name: str) -> str:
    """An endpoint by mozilla-django-oidc's setting name: set explicitly, else discovered."""
    ours, key = _ENDPOINTS[name]
    value = _get(ours)
    if not value and issuer():
        value = discovery().get(key, "")
    if not value and name in _REQUIRED:
        raise ProviderUnavailable(f"{key} unknown")
    return str(value)


def groups_claim() -> str:
    return str(_get("ZHENGGAI_OIDC_GROUPS_CLAIM", "groups") or "groups")


def username_claim() -> str:
    return str(_get("ZHENGGAI_OIDC_USERNAME_CLAIM", "preferred_username") or "preferred_username")


def button_label() -> str:
    return str(_get("ZHENGGAI_OIDC_BUTTON_LABEL", ""))


_FIXED = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": "signin:oidc_callback",
    "OIDC_USE_NONCE": True,
    "OIDC_USE_PKCE": True,  # S256; a provider that does not know PKCE ignores the parameters
    "OIDC_CREATE_USER": True,
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_ALLOW_UNSECURED_JWT": False,
    "OIDC_TOKEN_USE_BASIC_AUTH": False,
    "OIDC_VERIFY_SSL": True,
}


def setting(name: str, *default: Any) -> Any:
    """What mozilla-django-oidc asks for by ``name``, from our settings."""
    if name in _ENDPOINTS:
        return endpoint(name) or None
    if name in _FIXED:
        return _FIXED[name]
    ours = {
        "OIDC_RP_CLIENT_ID": ("ZHENGGAI_OIDC_CLIENT_ID", ""),
        "OIDC_RP_CLIENT_SECRET": ("ZHENGGAI_OIDC_CLIENT_SECRET", ""),
        "OIDC_RP_SIGN_ALGO": ("ZHENGGAI_OIDC_SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": ("ZHENGGAI_OIDC_SCOPES", "openid profile email"),
        "OIDC_TIMEOUT": ("ZHENGGAI_OIDC_TIMEOUT", 10),
    }
    if name in ours:
        return _get(*ours[name]) or ours[name][1]
    if name == "OIDC_STORE_ID_TOKEN":  # kept in the session only for the provider's log-out (id_token_hint)
        return bool(_get("ZHENGGAI_OIDC_PROVIDER_LOGOUT", False))
    if name == "OIDC_RP_IDP_SIGN_KEY":
        return None  # keys come from the JWKS endpoint
    return getattr(settings, name, *default) if default else getattr(settings, name)
