"""The OpenAPI schema: served to signed-in users, and committed in docs/openapi.yaml so changes
to the API show up in review."""

import json
import re

import yaml
from django.urls import URLResolver, get_resolver
from django.utils import translation
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

from zhenggai.api.management.commands.api_schema import SCHEMA_FILE, generate


def issubclass_safe(value, classes) -> bool:
    return isinstance(value, type) and issubclass(value, classes)


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_committed_schema_is_up_to_date(db):
    """Regenerates the schema in-process, with the same arguments as `zhenggai api_schema`."""
    with translation.override("en"):  # the command pins zh-hans whatever is active
        schema = generate()
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema, (
        "docs/openapi.yaml is out of date: run `uv run zhenggai api_schema` and commit the result"
    )


def test_every_operation_is_described_in_chinese(db):
    schema = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) >= 30
    for path, method, op in operations:
        if path == "/api/v1/schema/":
            continue
        assert CJK.search(op.get("summary", "")), (method, path)
        assert {"401"} <= set(op["responses"]), (method, path)
    assert schema["components"]["securitySchemes"]["apiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "个人 API 令牌:请求头 “Authorization: Bearer <令牌>”(也接受 “Token <令牌>”)。",
    }


def test_schema_is_served_to_signed_in_users(seed, api):
    client = api(seed.clerk)
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "Zhenggai 整改 API"
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert json.loads(response.content)["openapi"].startswith("3.")


def test_schema_refusal_is_json_like_every_error(seed, api):
    response = api().get("/api/v1/schema/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "请先登录或提供有效的 API 令牌。", "errors": {}}


def _views(resolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern)
        else:
            yield getattr(pattern.callback, "view_class", pattern.callback)


def test_no_ui_that_loads_assets_from_a_cdn():
    views = list(_views(get_resolver()))
    assert not [v for v in views if issubclass_safe(v, (SpectacularSwaggerView, SpectacularRedocView))]
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    assert "cdn" not in text.lower() and "http://" not in text and "https://" not in text
