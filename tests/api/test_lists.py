"""Lists paginate (50 by default, at most 200) and cost the same number of queries at any size."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhenggai.api.tokens import token_create
from zhenggai.ledger.models import LookBackReview
from zhenggai.ledger.services import FigureInput, measure_create, problem_create, progress_create

EXTRA = 60  # more than a page


def _add_rows(seed, users, count=EXTRA):
    office = seed.office("高新技术股")
    long_term = seed.measure(3, 3)
    for i in range(count):
        problem = problem_create(inspection=seed.inspection, title=f"追加问题{i}")
        for kind in ("deadline", "long_term"):
            measure = measure_create(
                problem=problem,
                content=f"追加措施{i}{kind}",
                kind=kind,
                deadline=dt.date(2031, 1, 1) if kind == "deadline" else None,
                responsible_office=office,
                leader_user=users["deputy"],
            )
            progress_create(
                measure=measure,
                happened_on=dt.date(2023, 3, 1),
                text="进展",
                figures=[FigureInput("企业", i, "家")],
                files=[SimpleUploadedFile(f"{i}.txt", b"evidence")] if i % 20 == 0 else [],
            )
        LookBackReview.objects.create(problem=problem, due_on=dt.date(2024, 1, 1))
        progress_create(
            measure=long_term,
            happened_on=dt.date(2023, 3, 1),
            text=f"长期坚持{i}",
            figures=[FigureInput("企业", i, "家"), FigureInput("次数", 1, "次")],
        )
    for i in range(count):
        token_create(user=users["liaison"], name=f"令牌{i}")


def _urls(seed):
    inspection, problem = seed.inspection.pk, seed.problem(3).pk
    return {
        "inspection-list": "/api/v1/inspections/",
        "inspection-detail": f"/api/v1/inspections/{inspection}/",
        "inspection-problems": f"/api/v1/inspections/{inspection}/problems/",
        "inspection-problems?kind": f"/api/v1/inspections/{inspection}/problems/?kind=long_term",
        "inspection-offices": f"/api/v1/inspections/{inspection}/offices/",
        "inspection-export": f"/api/v1/inspections/{inspection}/export/",
        "problem-detail": f"/api/v1/problems/{problem}/",
        "problem-measures": f"/api/v1/problems/{problem}/measures/",
        "problem-timeline": f"/api/v1/problems/{problem}/timeline/",
        "problem-reviews": f"/api/v1/problems/{problem}/reviews/",
        "measure-list": "/api/v1/measures/",
        "measure-progress": f"/api/v1/measures/{seed.measure(3, 3).pk}/progress/",
        "review-list": "/api/v1/reviews/",
        "token-list": "/api/v1/tokens/",
    }


# The most queries each list may take, whatever its size (authentication and scope included).
MAX_QUERIES = {
    "inspection-list": 5,
    "inspection-detail": 11,
    "inspection-problems": 7,
    "inspection-problems?kind": 7,
    "inspection-offices": 5,
    "inspection-export": 20,  # the download is recorded in the trail (a constant five: head lock, event, head)
    "problem-detail": 7,
    "problem-measures": 6,
    "problem-timeline": 7,
    "problem-reviews": 4,
    "measure-list": 5,
    "measure-progress": 7,
    "review-list": 4,
    "token-list": 3,
}


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(queries)


@pytest.mark.parametrize("persona", ["liaison", "clerk", "deputy", "xunchaban", "group3"])
def test_query_counts_do_not_grow_with_rows(seed, users, api, persona, django_assert_max_num_queries):
    client = api(users[persona])
    urls = _urls(seed)
    client.get("/api/v1/me/")  # the token's first use writes last_used_at; later uses do not
    _add_rows(seed, users, count=2)  # every list has rows (an empty page skips a query)
    before = {name: _count(client, url) for name, url in urls.items()}
    _add_rows(seed, users)
    for name, url in urls.items():
        with django_assert_max_num_queries(MAX_QUERIES[name]):
            after = _count(client, url)
        assert after == before[name], (
            f"{name}: {before[name]} queries with few rows, {after} with {EXTRA} more"
        )


def test_pages_are_50_by_default_and_200_at_most(seed, users, api):
    _add_rows(seed, users, count=EXTRA)
    client = api(seed.liaison)
    url = "/api/v1/measures/?page_size=%s"
    total = 12 + 2 * EXTRA
    first = client.get("/api/v1/measures/").json()
    assert first["count"] == total and len(first["results"]) == 50
    assert first["next"].endswith("/api/v1/measures/?page=2") and first["previous"] is None
    assert len(client.get(url % 500).json()["results"]) == min(200, total)
    assert len(client.get(url % 7).json()["results"]) == 7
    last = client.get("/api/v1/measures/?page=3").json()
    assert len(last["results"]) == total - 100 and last["next"] is None
    seen = [
        m["id"] for page in (1, 2, 3) for m in client.get(f"/api/v1/measures/?page={page}").json()["results"]
    ]
    assert len(set(seen)) == total

    response = client.get("/api/v1/measures/?page=99")
    assert response.status_code == 404
    assert response.json() == {"detail": "无效页面。", "errors": {}}


def _units_with_measures(seed, count, start=0):
    """``count`` more units under the seed's committee, each with an inspection and a measure."""
    from zhenggai.accounts.models import UnitKind
    from zhenggai.accounts.services import unit_create
    from zhenggai.inspections.models import Inspection

    for i in range(start, start + count):
        unit = unit_create(name=f"另一单位{i}", kind=UnitKind.UNIT, parent=seed.unit.parent)
        inspection = Inspection.objects.create(
            round=seed.inspection.round,
            group=seed.inspection.group,
            unit=unit,
            feedback_date=dt.date(2023, 1, 10),
        )
        problem = problem_create(inspection=inspection, title=f"问题{i}")
        measure_create(problem=problem, content=f"长期措施{i}", kind="long_term")


@pytest.mark.parametrize("url", ["/api/v1/measures/", "/api/v1/measures/?kind=long_term"])
def test_measure_list_reads_the_units_policies_together(seed, users, api, url):
    """A page of measures from many units: each unit's long-term report rule (its committee's
    policy) is read in one query, not one per unit."""
    client = api(users["xunchaban"])
    client.get("/api/v1/me/")
    _units_with_measures(seed, 2)
    few = _count(client, url)
    _units_with_measures(seed, 8, start=2)
    assert _count(client, url) == few
    labels = {
        m["content"]: m
        for m in client.get(url + ("&" if "?" in url else "?") + "page_size=200").json()["results"]
    }
    assert labels["长期措施9"]["long_term_label"] == "逾期未报"  # never reported since its feedback
