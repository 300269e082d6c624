"""The authentication backend: mozilla-django-oidc's code flow, with the account found by the
provider's ``sub`` (``Identity``), made on its first sign-in with an unusable local password, and
its units and roles brought in line with the directory rules at every sign-in.

Whatever goes wrong is raised as ``SignInRefused`` with a Chinese message for the person signing in
(the callback view shows it); the provider's own words go to the log only.
"""

import logging
from collections.abc import Iterable, Mapping
from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record
from zhenggai.signin.directory_rules import sync_memberships
from zhenggai.signin.oidc import config
from zhenggai.signin.oidc.models import Identity

log = logging.getLogger(__name__)

SOURCE = "oidc"
USER_FIELDS = ["username", "email", "first_name", "last_name"]


class SignInRefused(Exception):
    """The sign-in cannot go on; ``message`` says why, for the person signing in."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def claim_values(value: Any) -> list[str]:
    """A claim as the rules see it: a list of strings (a string alone, a number, a list of them)."""
    if value is None or isinstance(value, dict):
        return []
    if isinstance(value, (str, int, float, bool)):
        return [str(value)]
    if isinstance(value, Iterable):
        return [str(v) for v in value if isinstance(v, (str, int, float, bool))]
    return []


def rule_attributes(claims: Mapping[str, Any]) -> dict[str, list[str]]:
    return {name: claim_values(value) for name, value in claims.items()}


class OIDCBackend(OIDCAuthenticationBackend):
    """Listed in AUTHENTICATION_BACKENDS only when OIDC is configured (settings/base.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # mozilla's __init__ reads every endpoint; a password sign-in also builds this backend, and
        # must not wait for the provider's discovery document. The endpoints are read when used.
        self.UserModel = get_user_model()

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return config.setting(attr, *args)

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: config.setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: config.setting("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: config.setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: config.setting("OIDC_RP_CLIENT_ID"))
    OIDC_RP_CLIENT_SECRET = property(lambda self: config.setting("OIDC_RP_CLIENT_SECRET"))
    OIDC_RP_SIGN_ALGO = property(lambda self: config.setting("OIDC_RP_SIGN_ALGO"))
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):  # type: ignore[no-untyped-def]
        # Only the callback view passes a nonce: a password sign-in, even one whose address
        # carries ?code=&state=, never reaches the provider.
        if request is None or "nonce" not in kwargs or not config.configured():
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):  # type: ignore[no-untyped-def]
        """The signature and nonce (mozilla-django-oidc), then what it leaves out: the token is for
        us (``aud``), from our issuer (``iss``), and not expired (``exp``, by PyJWT)."""
        if not token:
            raise SuspiciousOperation("no id_token in the token response")
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.PyJWTError as exc:  # expired, not yet valid, malformed
            raise SuspiciousOperation(f"id_token rejected: {exc}") from exc
        if kwargs.get("nonce") is None:
            return payload  # a signed userinfo answer, not an ID token
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation(f"id_token audience {audience!r} is not this client")
        issuer = config.issuer()
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation(f"id_token issuer {payload.get('iss')!r} is not {issuer}")
        if "sub" not in payload:
            raise SuspiciousOperation("id_token without sub")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):  # type: ignore[no-untyped-def]
        claims = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(claims, dict):
            raise SuspiciousOperation("userinfo is not an object")
        # OpenID Connect Core 5.3.2: the userinfo answer is about the ID token's subject.
        if str(claims.get("sub", "")) != str(payload["sub"]):
            raise SuspiciousOperation("userinfo sub differs from the id_token's")
        claims = {**payload, **claims}  # userinfo first; the token's claims where it says nothing
        issuer = config.issuer() or str(payload.get("iss", ""))
        return self.sign_in(issuer, str(payload["sub"]), claims)

    @transaction.atomic
    def sign_in(self, issuer: str, subject: str, claims: dict[str, Any]):  # type: ignore[no-untyped-def]
        """The account of (issuer, sub), made or updated from the claims, with its memberships synced."""
        identity = (
            Identity.objects.select_for_update()
            .select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if identity is not None:
            user = self.update_user(identity.user, claims)
            identity.save(update_fields=["last_login_at"])
        else:
            user = self.create_user(claims)
            Identity.objects.create(user=user, issuer=issuer, subject=subject)
        if not user.is_active:
            raise SignInRefused(_("此账号已停用，不能登录。如有疑问，请联系系统管理员。"))
        sync_memberships(
            user,
            groups=claim_values(claims.get(config.groups_claim())),
            attributes=rule_attributes(claims),
            source=SOURCE,
        )
        return user

    def filter_users_by_claims(self, claims):  # type: ignore[no-untyped-def]
        """Accounts are found by (issuer, sub) in ``sign_in``; mozilla's e-mail match is not used."""
        return self.UserModel.objects.none()

    def _username(self, claims: Mapping[str, Any]) -> str:
        name = claims.get(config.username_claim())
        name = str(name).strip() if isinstance(name, (str, int)) else ""
        if not name:
            raise SignInRefused(
                _("统一身份认证没有提供用户名（%(claim)s），无法登录。请联系系统管理员。")
                % {"claim": config.username_claim()}
            )
        if len(name) > (self.UserModel._meta.get_field("username").max_length or 150):
            raise SignInRefused(_("统一身份认证提供的用户名过长，无法登录。请联系系统管理员。"))
        return name

    @staticmethod
    def _details(claims: Mapping[str, Any]) -> dict[str, str]:
        """E-mail and name from the standard claims (a Chinese name is usually in ``name`` alone)."""
        given = str(claims.get("given_name") or "").strip()
        family = str(claims.get("family_name") or "").strip()
        full = str(claims.get("name") or "").strip()
        email = str(claims.get("email") or "").strip()
        if claims.get("email_verified") is False:
            email = ""
        first, last = (full, "") if full else (given, family)
        return {"email": email[:254], "first_name": first[:150], "last_name": last[:150]}

    def create_user(self, claims):  # type: ignore[no-untyped-def]
        username = self._username(claims)
        existing = self.UserModel.objects.filter(username=username).first()
        if existing is not None:
            if not getattr(settings, "ZHENGGAI_OIDC_LINK_EXISTING", False) or hasattr(
                existing, "oidc_identity"
            ):
                raise SignInRefused(
                    _(
                        "本系统已有用户名为“%(name)s”的账号，它尚未与统一身份认证关联，"
                        "为安全起见不能自动登录。请联系系统管理员处理。"
                    )
                    % {"name": username}
                )
            log.info("OIDC: account %s linked to the provider by its username", username)
            return self.update_user(existing, claims)
        user = self.UserModel.objects.create_user(username, password=None, **self._details(claims))
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=user,
            changes={name: [None, getattr(user, name)] for name in USER_FIELDS},
            reason=f"统一身份认证（{SOURCE}）首次登录",
        )
        return user

    def update_user(self, user, claims):  # type: ignore[no-untyped-def]
        """E-mail and name follow the provider; so does the username while the new one is free."""
        changes: dict[str, list[str]] = {}
        wanted = self._details(claims)
        username = self._username(claims)
        if username != user.username:
            if self.UserModel.objects.filter(username=username).exclude(pk=user.pk).exists():
                log.warning("OIDC: %s is now %s at the provider, a name taken here; kept", user, username)
            else:
                wanted["username"] = username
        for name, value in wanted.items():
            if value and getattr(user, name) != value:
                changes[name] = [getattr(user, name), value]
                setattr(user, name, value)
        if changes:
            user.save(update_fields=list(changes))
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                obj=user,
                changes=changes,
                reason=f"统一身份认证（{SOURCE}）登录时更新",
            )
        return user
