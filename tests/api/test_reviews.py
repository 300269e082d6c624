"""Look-back reviews (回头看): list, read, record 巩固 or 反弹."""

from tests.api.conftest import detail
from zhenggai.ledger.models import LookBackReview


def _review(seed, number=4):
    return LookBackReview.objects.get(problem=seed.problem(number))


def test_list_and_filters(seed, api):
    client = api(seed.xunchaban)
    body = client.get("/api/v1/reviews/").json()
    assert [r["problem_number"] for r in body["results"]] == [4, 5]
    assert client.get("/api/v1/reviews/", {"outcome": "holds"}).json()["count"] == 0
    assert client.get("/api/v1/reviews/", {"inspection": seed.inspection.pk}).json()["count"] == 2
    assert api(seed.clerk).get("/api/v1/reviews/").json()["count"] == 0  # problems 4, 5 are not the clerk's
    response = client.get("/api/v1/reviews/", {"outcome": "maybe"})
    assert response.status_code == 400 and response.json()["errors"] == {
        "outcome": ["“maybe” 不是合法选项。"]
    }


def test_detail_says_who_may_record(seed, api):
    url = f"/api/v1/reviews/{_review(seed).pk}/"
    assert api(seed.xunchaban).get(url).json()["can_record"] is True
    assert api(seed.leader).get(url).json()["can_record"] is False


def test_record_holds(seed, api):
    review = _review(seed)
    url = f"/api/v1/reviews/{review.pk}/outcome/"
    response = api(seed.xunchaban).post(url, {"outcome": "holds", "notes": "抽查未见反弹"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["outcome"] == "holds" and body["reviewer"]["username"] == "xunchaban"
    assert body["notes"] == "抽查未见反弹" and body["can_record"] is False

    again = api(seed.xunchaban).post(url, {"outcome": "relapsed", "notes": "再看"}, format="json")
    assert again.status_code == 409 and detail(again).startswith("该回头看已于")


def test_record_relapse_reopens_the_problem(seed, api):
    review = _review(seed, 5)
    group3 = seed.inspection.group.members.get().user
    response = api(group3).post(
        f"/api/v1/reviews/{review.pk}/outcome/", {"outcome": "relapsed", "notes": "方案未落实"}, format="json"
    )
    assert response.status_code == 200
    problem = api(seed.liaison).get(f"/api/v1/problems/{seed.problem(5).pk}/").json()
    assert problem["awaiting_new_measure"] is True and problem["status"] != "completed"


def test_record_needs_outcome_and_notes(seed, api):
    url = f"/api/v1/reviews/{_review(seed).pk}/outcome/"
    response = api(seed.xunchaban).post(url, {"outcome": "pending", "notes": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "outcome": ["“pending” 不是合法选项。"],
        "notes": ["该字段不能为空。"],
    }


def test_the_unit_may_not_judge_itself(seed, api):
    response = api(seed.leader).post(
        f"/api/v1/reviews/{_review(seed).pk}/outcome/",
        {"outcome": "holds", "notes": "我们很好"},
        format="json",
    )
    assert response.status_code == 403
    assert api(seed.outsider).get(f"/api/v1/reviews/{_review(seed).pk}/").status_code == 404
