"""GET /api/v1/search/: the page's hits as JSON, paginated like every list; bad words are a 400."""

import datetime as dt

import pytest

from tests.api.conftest import detail
from zhenggai.ledger.services import problem_create, progress_create

WORD = "甄别"


def _progress(seed, text):
    return progress_create(
        measure=seed.measure(3, 3), happened_on=dt.date(2023, 3, 1), text=text, reporter=seed.liaison
    )


def test_a_hit_says_what_matched_where_and_links_to_its_page(seed, api):
    entry = _progress(seed, f"对申报材料逐项{WORD}核实")
    body = api(seed.liaison).get("/api/v1/search/", {"q": WORD}).json()
    assert body["count"] == 1 and body["next"] is None and body["truncated"] is False
    (hit,) = body["results"]
    measure = seed.measure(3, 3)  # open: 3.2 is struck off, so frozen
    assert hit == {
        "kind": "progress",
        "id": entry.pk,
        "inspection": {
            "id": seed.inspection.pk,
            "unit": seed.inspection.unit.name,
            "round": seed.inspection.round.name,
        },
        "problem_id": measure.problem_id,
        "problem_number": 3,
        "problem_title": {"text": measure.problem.title, "highlights": []},
        "measure_id": measure.pk,
        "measure_number": 3,
        "progress_id": entry.pk,
        "happened_on": "2023-03-01",
        "excerpt": {"text": f"对申报材料逐项{WORD}核实", "highlights": [[7, 9]]},
        "url": f"/problems/{measure.problem_id}/#measure-{measure.pk}",
    }


def test_markup_comes_back_as_plain_text(seed, api):
    problem = problem_create(inspection=seed.inspection, title=f"<b>{WORD}</b>")
    (hit,) = api(seed.liaison).get("/api/v1/search/", {"q": WORD}).json()["results"]
    assert hit["kind"] == "problem" and hit["id"] == problem.pk and hit["measure_id"] is None
    assert hit["problem_title"] == {"text": f"<b>{WORD}</b>", "highlights": [[3, 5]]}


def test_pages(seed, api):
    for i in range(5):
        _progress(seed, f"第{i}次{WORD}")
    client = api(seed.liaison)
    first = client.get("/api/v1/search/", {"q": WORD, "page_size": 2}).json()
    last = client.get("/api/v1/search/", {"q": WORD, "page_size": 2, "page": 3}).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and "page=2" in first["next"]
    assert len(last["results"]) == 1 and last["next"] is None
    assert client.get("/api/v1/search/", {"q": WORD, "page": 9}).status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "请输入要搜索的关键词"),
        ({"q": ""}, "请输入要搜索的关键词"),
        ({"q": "改"}, "至少2个字"),
        ({"q": "长" * 51}, "关键词过长"),
        ({"q": "a\x00b"}, "控制字符"),
    ],
)
def test_bad_words_are_refused_in_chinese(seed, api, params, message):
    """No words is what the schema rules out (400); words the search cannot use are a 422."""
    response = api(seed.liaison).get("/api/v1/search/", params)
    assert response.status_code == (400 if not params.get("q") else 422)
    assert message in detail(response)
    assert message in response.json()["errors"]["q"][0]
