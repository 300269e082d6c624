"""/account/oidc/…: off to the provider, back from it, and a log-out that can end the provider's
session too. Every way a sign-in can fail ends on a Chinese page that says what to do, never a 500."""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from zhenggai.signin.oidc import config
from zhenggai.signin.oidc.backend import SignInRefused

log = logging.getLogger(__name__)


def failure(request, message: str, status: int) -> HttpResponse:  # type: ignore[no-untyped-def]
    return render(request, "signin/oidc_error.html", {"message": message}, status=status)


def _unreachable(request) -> HttpResponse:  # type: ignore[no-untyped-def]
    return failure(
        request,
        _(
            "暂时无法与统一身份认证服务完成验证，请稍后再试；如果一再出现，请联系系统管理员。您也可以用本系统的用户名和密码登录。"
        ),
        502,
    )


@method_decorator(never_cache, name="dispatch")
class AuthenticateView(OIDCAuthenticationRequestView):
    """Off to the provider's authorization endpoint (state, nonce and PKCE kept in the session)."""

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        View.__init__(self, **kwargs)  # the endpoint is read in get(), where a failure can be shown

    get_settings = staticmethod(config.setting)
    OIDC_OP_AUTH_ENDPOINT = property(lambda self: config.setting("OIDC_OP_AUTHORIZATION_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: config.setting("OIDC_RP_CLIENT_ID"))

    def get(self, request):  # type: ignore[no-untyped-def]
        if not config.configured():
            raise Http404
        try:
            return super().get(request)
        except config.ProviderUnavailable:
            return _unreachable(request)


@method_decorator(never_cache, name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    """Back from the provider: the code is exchanged for tokens (server to server), the ID token checked,
    the account found or made, its memberships synced, and the person signed in."""

    get_settings = staticmethod(config.setting)
    failure_message = ""
    failure_status = 403

    def get(self, request):  # type: ignore[no-untyped-def]
        if not config.configured():
            raise Http404
        state = request.GET.get("state")
        if request.GET.get("error"):
            log.warning(
                "OIDC provider answered %s: %s",
                request.GET.get("error"),
                request.GET.get("error_description"),
            )
            if request.GET["error"] == "access_denied":
                self.failure_message = _(
                    "统一身份认证未获授权：您在认证服务中没有同意，或没有使用本系统的权限。"
                )
            else:
                self.failure_message = _("统一身份认证服务未能完成登录（%(error)s），请稍后重试。") % {
                    "error": request.GET["error"][:64]
                }
        elif "code" in request.GET and state:
            if state not in request.session.get("oidc_states", {}):
                log.warning("OIDC callback with a state not in the session")
                return failure(
                    request,
                    _(
                        "这次登录请求已失效，或者不是从本系统发起的（可能已经用过、已经过期，"
                        "或是在另一个浏览器中打开的）。请回到登录页，重新点击统一身份认证登录。"
                    ),
                    400,
                )
        else:
            self.failure_message = _("统一身份认证服务返回的地址不完整，无法登录。请回到登录页重试。")
            self.failure_status = 400
        try:
            return super().get(request)
        except SignInRefused as exc:
            return failure(request, exc.message, exc.status)
        except (SuspiciousOperation, KeyError) as exc:  # KeyError: a JWKS key or token header without kid
            log.warning("OIDC sign-in refused: %r", exc)
            return failure(
                request,
                _(
                    "统一身份认证服务返回的身份凭证未通过校验，无法登录。请重试；如果一再出现，请联系系统管理员。"
                ),
                403,
            )
        except (requests.RequestException, config.ProviderUnavailable, ValueError) as exc:
            log.warning("OIDC token exchange failed: %s", exc)
            return _unreachable(request)
        except ImproperlyConfigured:
            log.exception("OIDC sign-in: configuration error")
            return failure(request, _("统一身份认证的配置有误，暂时无法登录。请联系系统管理员。"), 503)

    def login_failure(self):  # type: ignore[no-untyped-def]
        message = self.failure_message or _("统一身份认证登录未成功，请回到登录页重试。")
        return failure(self.request, message, self.failure_status)


def provider_logout_url(request, id_token: str | None) -> str:  # type: ignore[no-untyped-def]
    """The provider's end-session address (RP-initiated logout) when the operator asked for it."""
    if not (id_token and config.configured() and getattr(settings, "ZHENGGAI_OIDC_PROVIDER_LOGOUT", False)):
        return ""
    try:
        endpoint = config.endpoint("OIDC_OP_END_SESSION_ENDPOINT")
    except config.ProviderUnavailable:
        return ""
    if not endpoint:
        return ""
    query = {
        "id_token_hint": id_token,
        "client_id": config.setting("OIDC_RP_CLIENT_ID"),
        "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


class LogoutView(auth_views.LogoutView):
    """Django's log-out (the local session ends, always); then, for an account signed in through the
    provider and with ZHENGGAI_OIDC_PROVIDER_LOGOUT, on to the provider to end its session as well."""

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        url = provider_logout_url(request, id_token)
        return HttpResponseRedirect(url) if url else response
