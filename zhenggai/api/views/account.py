"""The signed-in user, their API tokens, and the OpenAPI schema."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from zhenggai.api import serializers as s
from zhenggai.api.errors import api_exception_handler
from zhenggai.api.models import ApiToken
from zhenggai.api.schema import SCHEMA_SETTINGS
from zhenggai.api.tokens import token_create, token_revoke, tokens_of
from zhenggai.api.views.base import ApiView, errors, no_content
from zhenggai.core.query import query_choice

TAG = ["账号与令牌"]


class Me(ApiView):
    @extend_schema(
        tags=TAG,
        summary="当前用户",
        description="当前登录(或令牌所属)的用户及其角色分配。",
        responses={200: s.MeSerializer, **errors()},
    )
    def get(self, request):
        user = request.user
        user.api_memberships = user.memberships.select_related("unit").order_by("unit__path", "role")
        return Response(s.MeSerializer(user).data)


class TokenList(ApiView):
    @extend_schema(
        tags=TAG,
        summary="我的 API 令牌",
        description="只列出前缀、名称和时间;令牌本身只在创建时返回一次。",
        responses={200: s.TokenSerializer(many=True), **errors()},
    )
    def get(self, request):
        return self.paginated(tokens_of(request.user), s.TokenSerializer)

    @extend_schema(
        tags=TAG,
        summary="创建 API 令牌",
        description="返回的 token 字段只出现这一次,服务器只保存其摘要。"
        "使用:请求头 “Authorization: Bearer <token>”。"
        "只能在登录后的网页会话中创建(需 CSRF 令牌);用 API 令牌创建令牌返回 403,"
        "以免一个泄露的令牌为自己续命。令牌在 expires_at 到期,之后的请求得到 401。",
        request=s.TokenInputSerializer,
        responses={201: s.TokenCreatedSerializer, **errors(400, 403)},
    )
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            # A stolen token must not mint itself successors that outlive its revocation or expiry.
            raise exceptions.PermissionDenied(
                _("创建 API 令牌需要登录网页后操作,不能使用 API 令牌创建令牌。")
            )
        data = self.parse(s.TokenInputSerializer)
        token, secret = token_create(user=request.user, name=data["name"])
        token.api_secret = secret
        response = Response(s.TokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response


class TokenDetail(ApiView):
    @extend_schema(
        tags=TAG,
        summary="撤销 API 令牌",
        description="只能撤销自己的令牌(他人的令牌返回 404)。撤销后使用该令牌的请求得到 401。",
        responses={204: None, **errors(403, 404)},
    )
    def delete(self, request, pk):
        token = get_object_or_404(tokens_of(request.user), pk=pk)
        token_revoke(token=token, user=request.user)
        return no_content()


class Schema(SpectacularAPIView):
    """The OpenAPI document of this API (YAML; JSON with ``Accept: application/vnd.oai.openapi+json``)."""

    renderer_classes = [OpenApiYamlRenderer, OpenApiJsonRenderer]
    permission_classes = [IsAuthenticated]
    custom_settings = SCHEMA_SETTINGS

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["yaml", "json"], description="yaml(默认)或 json"),
            OpenApiParameter("lang", str, enum=[code for code, _name in settings.LANGUAGES]),
        ],
        # errors are JSON here too (finalize_response), whatever the schema's own formats
        responses={
            200: OpenApiTypes.OBJECT,
            **{(code, "application/json"): r for code, r in errors(400).items()},
        },
    )
    def get(self, request, *args, **kwargs):
        query_choice(
            request.query_params, "lang", [code for code, _name in settings.LANGUAGES], blank_ok=False
        )
        return super().get(request, *args, **kwargs)

    def get_exception_handler(self):
        return api_exception_handler

    def perform_content_negotiation(self, request, force=False):
        """An unknown ``?format=`` is a 400 that names the choices (DRF answers it with a bare 404)."""
        wanted = request.query_params.get(api_settings.URL_FORMAT_OVERRIDE)
        formats = [renderer.format for renderer in self.get_renderers()]
        if wanted and wanted not in formats:
            raise exceptions.ValidationError(
                {"format": [_("格式只能是 %(formats)s。") % {"formats": "、".join(formats)}]}
            )
        return super().perform_content_negotiation(request, force)

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(response, "exception", False):  # errors are JSON here too
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
