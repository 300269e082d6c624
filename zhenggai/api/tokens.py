"""Creating, using and revoking personal API tokens (services: the API and the token page call these).

The secret is 256 bits from ``secrets``; only its SHA-256 is stored, so a database dump does not
yield usable tokens. The first 8 characters are kept in clear as ``prefix`` so a person can tell
their tokens apart in a list.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.api.models import ApiToken
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record
from zhenggai.core.errors import ServiceError

PREFIX_LENGTH = 8
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length
# ``last_used_at`` is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class TokenExpired(Exception):
    """The secret is right but the token's lifetime is over (the API answers 401 saying so)."""


def token_lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.ZHENGGAI_API_TOKEN_DAYS)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``. Returns the row and the secret; the secret is not kept anywhere."""
    name = (name or "").strip()
    if not name:
        raise ServiceError({"name": _("请填写令牌名称(用途)。")}, code="token_name")
    if len(name) > NAME_MAX_LENGTH:
        raise ServiceError(
            {"name": _("令牌名称不能超过%(max)d个字符。") % {"max": NAME_MAX_LENGTH}}, code="token_name"
        )
    if not user.is_active:
        raise ServiceError(_("该用户已停用,不能创建令牌。"), code="token_user_inactive")
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        key_hash=token_hash(secret),
        expires_at=timezone.now() + token_lifetime(),
    )
    # Only the name, prefix and expiry are recorded: the secret never reaches the trail.
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=token,
        changes={
            "name": [None, name],
            "prefix": [None, token.prefix],
            "expires_at": [None, token.expires_at],
        },
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, user) -> ApiToken:
    """Revoke one of ``user``'s own tokens. Someone else's token looks like a missing one (404).

    Revoking a token twice keeps the first revocation time.
    """
    if token.user_id != user.pk:
        raise Http404
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=locked,
            changes={"revoked_at": [None, locked.revoked_at]},
            reason="revoke",
        )
    token.revoked_at = locked.revoked_at
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The live token with this secret (its user loaded), or None for unknown and revoked alike.

    Raises ``TokenExpired`` for a token past its ``expires_at``: only the holder of the secret
    learns that, and it tells them what to do (create a new one) where "invalid" would not.
    """
    if not secret:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at <= now:
        raise TokenExpired
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user):
    """The user's tokens, newest first (revoked ones included, marked by ``revoked_at``)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
