"""drf-spectacular: describe the token authentication so the schema names it."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from zhenggai.api.errors import ERROR_TEXT
from zhenggai.core.query import MAX_ID


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "zhenggai.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("个人 API 令牌:请求头 “Authorization: Bearer <令牌>”(也接受 “Token <令牌>”)。")
            ),
        }


def paged_errors(result, generator, request, public):
    """Every paged list answers 400 for a malformed ``page``/``page_size`` and 404 for a page past
    the last (zhenggai.api.pagination): the schema says so on each, as the server does."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            names = {p.get("name") for p in operation.get("parameters", []) if isinstance(p, dict)}
            if "page" not in names:
                continue
            for code in ("400", "404"):
                operation["responses"].setdefault(
                    code,
                    {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        "description": ERROR_TEXT[int(code)] if code == "400" else "页码超过末页",
                    },
                )
            operation["responses"] = dict(sorted(operation["responses"].items()))
    _version_required_on_patch(result)
    _ids_bounded(result)
    return result


def _ids_bounded(result) -> None:
    """An id or count in a path or query is a whole number from 1 to 2**63 - 1 (zhenggai.core.query);
    the schema says so, so a client knows a 0 or a 20-digit id is refused (400, or 404 in a path)."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if schema.get("type") == "integer":
                    schema.setdefault("minimum", 1)
                    schema.setdefault("maximum", MAX_ID)


def _version_required_on_patch(result) -> None:
    """drf-spectacular makes every field of a PATCH body optional; ``version`` is not: the server
    refuses a PATCH without the version the client read (400), and a stale one (409)."""
    schemas = result.get("components", {}).get("schemas", {})
    for path in result.get("paths", {}).values():
        body = path.get("patch", {}).get("requestBody", {})
        for media in body.get("content", {}).values():
            ref = media.get("schema", {}).get("$ref", "")
            component = schemas.get(ref.rsplit("/", 1)[-1], {})
            if "version" in component.get("properties", {}):
                component["required"] = sorted({*component.get("required", []), "version"})


# Applied by the schema view and by `uv run zhenggai api_schema`, which writes docs/openapi.yaml.
SCHEMA_SETTINGS = {
    "TITLE": "Zhenggai 整改 API",
    "VERSION": "1",
    "DESCRIPTION": (
        "巡察整改台账的 REST 接口。认证:个人 API 令牌(请求头 `Authorization: Bearer <令牌>`)"
        '或网页登录会话。错误一律为 `{"detail": "…", "errors": {"字段": ["…"]}}`。'
        "看不到的对象与不存在的对象一样返回 404;能看到但无权操作返回 403。"
    ),
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zhenggai.api.schema.paged_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProblemStatusEnum": "zhenggai.ledger.models.ProblemStatus",
        "MeasureStatusEnum": "zhenggai.ledger.models.MeasureStatus",
        "MeasureKindEnum": "zhenggai.ledger.models.MeasureKind",
        "DatePrecisionEnum": "zhenggai.ledger.models.DatePrecision",
        "ReviewOutcomeEnum": "zhenggai.ledger.models.ReviewOutcome",
        "RecordedOutcomeEnum": [("holds", "巩固"), ("relapsed", "反弹")],
        "LightEnum": "zhenggai.ledger.lights.LIGHTS",
        # the set-up routes' choices (zhenggai/api/views/setup.py)
        "InspectionKindEnum": "zhenggai.inspections.models.InspectionKind",
        "UnitKindEnum": "zhenggai.accounts.models.UnitKind",
        "RoleEnum": "zhenggai.accounts.models.Role",
    },
}

# The arguments of drf-spectacular's own command that produce docs/openapi.yaml.
SPECTACULAR_ARGS = (
    "--custom-settings",
    "zhenggai.api.schema.SCHEMA_SETTINGS",
    "--lang",
    "zh-hans",
    "--fail-on-warn",
    "--validate",
)
