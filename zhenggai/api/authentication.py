"""``Authorization: Bearer <token>`` (or ``Token <token>``) with a personal API token."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from zhenggai.api.tokens import TokenExpired, token_authenticate

KEYWORDS = (b"bearer", b"token")


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # not ours: the session (or nothing) authenticates the request
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("令牌格式无效,应为 “Authorization: Bearer <令牌>”。"))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("API 令牌无效或已撤销。")) from None
        try:
            token = token_authenticate(secret)
        except TokenExpired:
            raise exceptions.AuthenticationFailed(
                _("API 令牌已过期,请登录网页后在“API 令牌”页创建新令牌。")
            ) from None
        if token is None:
            raise exceptions.AuthenticationFailed(_("API 令牌无效或已撤销。"))
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) to requests without credentials.
        return 'Bearer realm="api"'
