"""Numbers past 64 bits, impossible dates and deeply nested JSON: a Chinese 400, never a 500.

The routes come from the URL resolver through the two permission matrices (each fails when a route
is missing from it), so a new page or API route is walked here too, as the liaison and as the
inspection office, with every hostile value in every query parameter the product reads.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from tests.access.test_permission_matrix import MATRIX as PAGE_MATRIX
from tests.api.test_api_matrix import MATRIX as API_MATRIX
from zhenggai.api.tokens import token_create

PAST_64_BITS = "99999999999999999999999"
HOSTILE = [
    PAST_64_BITS,
    "9223372036854775808",  # 2**63: one past the largest id
    "-1",
    "0",
    "²",  # str.isdigit() says yes, int() says no
    "2023-02-30",
    "0000-00-00",
    "1e400",
    "\x00",
]
# the walk over every route tries one of each kind (the focused tests above try them all)
WALKED = [PAST_64_BITS, "²", "2023-02-30", "\x00"]
# every query parameter a page or the API reads
PARAMS = (
    "round", "group", "unit", "page", "page_size", "inspection", "problem", "office", "date",
    "status", "kind", "light", "overdue", "state", "outcome", "output", "format", "unread", "due",
    "unit_name", "add",
)  # fmt: skip
PERSONAS = ("liaison", "xunchaban")


@pytest.fixture
def users(seed):
    return {u.username: u for u in get_user_model().objects.all()}


def _rolled_back(call):
    """Each request starts from the seed: a POST that deletes or logs out is undone."""
    with transaction.atomic():
        response = call()
        transaction.set_rollback(True)
    return response


def _api_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='输入')[1]}")
    return client


def _assert_api_error(response, status: int, field: str | None = None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    assert any("\u4e00" <= c <= "\u9fff" for c in body["detail"]), body  # said in Chinese
    if field:
        assert field in body["errors"], body
    return body


# -- the lists and filters the attack found -----------------------------------------------------

PAGE_LISTS = {
    "dashboard": ("round", "group", "unit", "page"),
    "problem_list": ("round", "group", "unit", "page"),
    "measure_list": ("round", "group", "unit", "page"),
    "review_list": ("round", "group", "unit", "page"),
    "public:inbox": ("unit", "page"),
    "supervision_notifications": ("page",),
    "supervision_notices": ("page",),
}


@pytest.mark.parametrize("name", sorted(PAGE_LISTS))
def test_page_lists_answer_400_for_ids_past_64_bits(client, users, name):
    for persona in PERSONAS:
        client.force_login(users[persona])
        for param in PAGE_LISTS[name]:
            for value in (PAST_64_BITS, "9223372036854775808", "²"):
                response = client.get(reverse(name), {param: value})
                assert response.status_code == 400, (persona, name, param, value)
        assert client.get(reverse(name), {"page": "1"}).status_code == 200


def test_a_page_far_past_the_end_is_the_last_page(client, users):
    client.force_login(users["liaison"])
    for name in ("problem_list", "measure_list"):  # the problem list pages in one query (OFFSET)
        response = client.get(reverse(name), {"page": "9223372036854775807"})
        assert response.status_code == 200 and response.context["page"].number == 1


def test_api_filters_answer_json_400_for_ids_past_64_bits(seed, users):
    client = _api_client(users["liaison"])
    problems = f"/api/v1/inspections/{seed.inspection.pk}/problems/"
    filters = {
        "/api/v1/measures/": ("page", "page_size", "inspection", "problem", "office"),
        "/api/v1/reviews/": ("page", "page_size", "inspection"),
        "/api/v1/inspections/": ("page", "page_size"),
        problems: ("page", "page_size", "office"),
    }
    for url, params in filters.items():
        for param in params:
            for value in (PAST_64_BITS, "9223372036854775808", "-1", "abc"):
                _assert_api_error(client.get(url, {param: value}), 400, param)


def test_api_page_size_of_the_wrong_type_is_400_not_the_default(users):
    client = _api_client(users["liaison"])
    for value in ("abc", "0", "1.5", "²"):
        _assert_api_error(client.get("/api/v1/measures/", {"page_size": value}), 400, "page_size")
    assert len(client.get("/api/v1/measures/", {"page_size": "3"}).json()["results"]) == 3
    assert len(client.get("/api/v1/measures/", {"page_size": "999"}).json()["results"]) == 12  # ≤ 200


IMPOSSIBLE_DATES = ("2023-02-30", "0000-00-00", "2023-13-01", "99999-01-01", "2023-2-3x")


def test_document_routes_answer_400_for_impossible_dates(client, seed, users):
    client.force_login(users["liaison"])
    api = _api_client(users["liaison"])
    for value in IMPOSSIBLE_DATES:
        for fmt in ("docx", "pdf"):
            response = client.get(reverse("report_download", args=[seed.inspection.pk, fmt]), {"date": value})
            assert response.status_code == 400, (fmt, value)
        for kind in ("notice", "report", "ledger"):
            url = reverse(f"api:document-{kind}", args=[seed.inspection.pk])
            _assert_api_error(api.get(url, {"date": value}), 400, "date")


def test_the_documents_endpoint_reads_output_as_its_schema_says(seed, users):
    api = _api_client(users["liaison"])
    url = reverse("api:document-notice", args=[seed.inspection.pk])
    response = api.get(url, {"output": "html", "date": "2023-03-29"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    _assert_api_error(api.get(url, {"output": "xlsx"}), 400, "output")


# -- deep JSON --------------------------------------------------------------------------------

DEEP = "[" * 2000 + "]" * 2000
DEEP_OBJECT = '{"title": ' + '{"a": ' * 2000 + "1" + "}" * 2000 + "}"


def test_json_nested_2000_deep_is_a_chinese_400_on_every_api_write(seed, users):
    """Every route that takes a body, as the liaison: where the body is read it is a 400 (a route
    the liaison may not use answers its 403/404 first, before reading the body)."""
    client = _api_client(users["liaison"])
    seen = set()
    for key, case in sorted(API_MATRIX.items()):
        name, method = key[:2]
        if method not in ("post", "patch", "put") or len(key) > 2:
            continue
        url = reverse(f"api:{name}", args=case.args(seed, users))
        for body in (DEEP, DEEP_OBJECT, "[" * 40 + "]" * 40):
            response = _rolled_back(
                lambda url=url, body=body, method=method: getattr(client, method)(
                    url, body, content_type="application/json"
                )
            )
            assert response.status_code < 500, (name, method)
            if response.status_code == 400:
                detail = _assert_api_error(response, 400)["detail"]
                assert "嵌套过深" in detail or "无法解析" in detail, (name, method, detail)
                seen.add((name, method))
    assert ("inspection-problems", "post") in seen and ("problem-detail", "patch") in seen


# -- every route, every parameter, every hostile value -------------------------------------------


@pytest.mark.parametrize("name", sorted(PAGE_MATRIX))
def test_no_page_answers_5xx_to_hostile_query_values(client, seed, users, name):
    case = PAGE_MATRIX[name]
    url = reverse(name, args=case.args(seed))
    client.raise_request_exception = False
    for persona in PERSONAS:
        for value in WALKED:
            client.force_login(users[persona])
            query = {param: value for param in PARAMS}
            if case.method == "get":
                response = client.get(url, query)
            else:
                response = _rolled_back(lambda q=query: client.post(f"{url}?{_encode(q)}", q))
            assert response.status_code < 500, (persona, name, repr(value), response.status_code)


API_ROUTES = sorted({key[:2] for key in API_MATRIX})


@pytest.mark.parametrize("route", API_ROUTES, ids=lambda r: f"{r[1]} {r[0]}")
def test_no_api_route_answers_5xx_to_hostile_query_values(seed, users, route):
    name, method = route
    case = API_MATRIX[route]
    url = reverse(f"api:{name}", args=case.args(seed, users))
    data = case.data(seed, users) if case.data else None
    for persona in PERSONAS:
        client = _api_client(users[persona])
        client.raise_request_exception = False
        for value in WALKED:
            query = _encode({param: value for param in PARAMS})
            response = _rolled_back(
                lambda q=query, client=client: getattr(client, method)(f"{url}?{q}", data, format="json")
            )
            assert response.status_code < 500, (persona, name, method, repr(value))
            if response.status_code >= 400:
                _assert_api_error(response, response.status_code)


def _encode(query: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(query)


def _int_args(args):
    return [PAST_64_BITS if isinstance(a, int) else a for a in args]


def test_ids_past_64_bits_in_paths_are_404(client, seed, users):
    client.force_login(users["liaison"])
    for name, case in sorted(PAGE_MATRIX.items()):
        args = _rolled_back(lambda case=case: case.args(seed))  # some make a row (one feedback nonce)
        if not any(isinstance(a, int) for a in args):
            continue
        response = _rolled_back(
            lambda n=name, a=args, m=case.method: getattr(client, m)(reverse(n, args=_int_args(a)))
        )
        assert response.status_code == 404, name
    api = _api_client(users["liaison"])
    for route in API_ROUTES:
        args = API_MATRIX[route].args(seed, users)
        if not any(isinstance(a, int) for a in args):
            continue
        url = reverse(f"api:{route[0]}", args=_int_args(args))
        _assert_api_error(_rolled_back(lambda u=url, m=route[1]: getattr(api, m)(u, {}, format="json")), 404)


def test_api_paths_that_match_no_route_answer_the_json_404(users):
    api = _api_client(users["liaison"])
    for path in ("/api/v1/problems/abc/", "/api/v1/measures/-1/", "/api/v1/nothing/", "/api/v2/", "/api/"):
        for method in ("get", "post", "patch", "delete"):
            _assert_api_error(getattr(api, method)(path), 404)
