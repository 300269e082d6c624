"""One error shape, in Chinese, for every kind of refusal."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from tests.api.conftest import detail
from zhenggai.api import urls as api_urls


def _problems(seed):
    return f"/api/v1/inspections/{seed.inspection.pk}/problems/"


def test_malformed_json_is_a_400_in_chinese(seed, api):
    response = api(seed.liaison).post(_problems(seed), '{"title": "缺了结尾', content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "请求内容无法解析:请提交有效的 JSON(或 multipart/form-data 表单)。",
        "errors": {},
    }


def test_unsupported_media_type_is_refused_in_chinese(seed, api):
    response = api(seed.liaison).post(
        _problems(seed), "title=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert detail(response) == "不支持请求中的媒体类型 “application/x-www-form-urlencoded”。"


def test_drf_field_errors_come_in_chinese_per_field(seed, api):
    """LANGUAGE_CODE is zh-hans: DRF's own zh_Hans catalogue answers."""
    client = api(seed.liaison)
    response = client.post(_problems(seed), {}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "提交的数据有误,请按各字段的提示修改。",
        "errors": {"title": ["该字段是必填项。"]},
    }
    response = client.post(_problems(seed), {"title": "x" * 501, "category": 5}, format="json")
    assert response.json()["errors"]["title"] == ["请确保这个字段不能超过 500 个字符。"]
    response = client.post(_problems(seed), ["不是对象"], format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["无效数据。期待为字典类型，得到的是 list 。"]}


def test_not_found_and_forbidden_have_fixed_chinese_details(seed, api):
    response = api(seed.liaison).get("/api/v1/problems/999999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。", "errors": {}}
    response = api(seed.clerk).patch(
        f"/api/v1/problems/{seed.problem(3).pk}/", {"title": "改"}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "您没有执行该操作的权限。", "errors": {}}


def test_wrong_method_is_405_in_chinese(seed, api):
    response = api(seed.liaison).put(f"/api/v1/problems/{seed.problem(3).pk}/", {}, format="json")
    assert response.status_code == 405
    assert detail(response) == "方法 “PUT” 不被允许。"


def test_service_errors_keep_their_fields(seed, api):
    response = api(seed.liaison).post(
        f"/api/v1/problems/{seed.problem(3).pk}/measures/",
        {"content": "补充措施", "kind": "deadline"},
        format="json",
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "“限期整改”的措施必须填写整改时限。",
        "errors": {"deadline": ["“限期整改”的措施必须填写整改时限。"]},
    }


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_limit_is_413_in_chinese(seed, api):
    response = api(seed.liaison).post(_problems(seed), {"title": "长" * 2000}, format="json")
    assert response.status_code == 413
    assert detail(response) == "请求内容过大,超过服务器允许的上限。"


def test_responses_say_they_are_chinese(seed, api):
    response = api(seed.liaison).get("/api/v1/me/")
    assert response["Content-Language"] == "zh-hans"
    assert response["Content-Type"] == "application/json"


def _progress_url(seed):
    return f"/api/v1/measures/{seed.measure(3, 3).pk}/progress/"


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=2)
def test_too_many_files_is_a_400_in_chinese(seed, api):
    files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF") for i in range(3)]
    response = api(seed.liaison).post(
        _progress_url(seed), {"happened_on": "2023-03-01", "text": "x", "files": files}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "一次上传的文件过多(最多2个)。",
        "errors": {"files": ["一次上传的文件过多。"]},
    }


def test_malformed_multipart_is_a_400_in_chinese(seed, api):
    response = api(seed.liaison).post(
        _progress_url(seed), b"--x\r\nbroken", content_type="multipart/form-data; boundary="
    )
    assert response.status_code == 400
    assert detail(response).startswith("请求内容无法解析")


def test_text_plain_is_unsupported(seed, api):
    response = api(seed.liaison).post(_progress_url(seed), "进展", content_type="text/plain")
    assert response.status_code == 415 and detail(response) == "不支持请求中的媒体类型 “text/plain”。"


def test_options_and_head_answer_on_every_route(seed, api):
    """OPTIONS (any route) and HEAD (routes with GET) never fail, whatever the view."""
    client = api(seed.liaison)
    for pattern in api_urls.urlpatterns:
        args = [1] if "<int:pk>" in str(pattern.pattern) else []
        if "<str:kind>" in str(pattern.pattern):
            args.append("notice")
        url = reverse(f"api:{pattern.name}", args=args)
        assert client.options(url).status_code == 200, url
        if hasattr(pattern.callback.view_class, "get"):
            query = {"q": "整改"} if pattern.name == "search" else {}  # search needs its words
            assert client.head(url, query).status_code in (200, 404), url


def test_the_schema_in_an_unknown_format_is_a_400_naming_the_formats(seed, api):
    """DRF answered an unknown ``?format=`` with a bare 404 the schema did not list (schemathesis)."""
    client = api(seed.liaison)
    response = client.get("/api/v1/schema/?format=AAA")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    assert response.json()["errors"] == {"format": ["格式只能是 yaml、json。"]}
    assert client.get("/api/v1/schema/?format=json").status_code == 200


def test_malformed_is_400_and_refused_by_a_rule_is_422(seed, api):
    """Decision 0007: a number for a text, a string for a boolean and an empty date in a form are
    what the schema rules out (400); a deadline before the feedback date is a rule (422)."""
    client = api(seed.liaison)
    problem = seed.problem(3)
    url = f"/api/v1/problems/{problem.pk}/measures/"
    as_number = client.post(url, {"content": 0, "kind": "long_term"}, format="json")
    assert as_number.status_code == 400 and as_number.json()["errors"] == {"content": ["应为文本(字符串)。"]}
    early = client.post(url, {"content": "措施", "kind": "deadline", "deadline": "2000-01-01"}, format="json")
    assert early.status_code == 422 and "deadline" in early.json()["errors"]
    ledger = f"/api/v1/inspections/{seed.inspection.pk}/problems/"
    assert client.get(ledger, {"overdue": "yes"}).status_code == 400
    assert client.get(ledger, {"status": ""}).status_code == 400
    assert client.get(ledger, {"overdue": "true"}).status_code == 200
    entry = seed.measure(1, 1).progress.filter(deleted_at__isnull=True).first()
    blank = client.patch(
        f"/api/v1/progress/{entry.pk}/", {"happened_on": "", "version": entry.version}, format="multipart"
    )
    assert blank.status_code == 400 and "happened_on" in blank.json()["errors"]
    figures = client.post(
        f"/api/v1/measures/{seed.measure(1, 1).pk}/progress/",
        {"happened_on": "2023-03-01", "text": "数据", "figures": [{"label": "企业", "value": "1e3"}]},
        format="json",
    )
    assert figures.status_code == 400 and "figures.0.value" in figures.json()["errors"]


def test_a_figure_in_range_with_too_many_decimals_is_the_ledgers_rule(seed, api):
    """320616996343.1372 is inside the schema's range; only its four decimals break the ledger's
    rule of two, so the answer is 422 naming the decimals, not 400 "too many digits"."""
    client = api(seed.liaison)
    url = f"/api/v1/measures/{seed.measure(1, 1).pk}/progress/"
    body = {
        "happened_on": "2023-03-01",
        "text": "数据",
        "figures": [{"label": "企业", "value": 320616996343.1372}],
    }
    response = client.post(url, body, format="json")
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == {"figures.0.value": ["小数点后最多 2 位。"]}
    whole = client.post(
        url,
        {**body, "figures": [{"label": "企业", "value": 1234567890123}], "submission_key": "k2"},
        format="json",
    )
    assert whole.status_code == 400 and "figures.0.value" in whole.json()["errors"]
