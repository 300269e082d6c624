"""Problems: read, edit, soft-delete; their measures, timeline and reviews."""

import datetime as dt

from tests.api.conftest import detail
from zhenggai.ledger.models import Measure, Problem
from zhenggai.ledger.services import measure_create, problem_create


def _url(problem, tail=""):
    return f"/api/v1/problems/{problem.pk}/{tail}"


def test_detail_shows_the_measures_the_user_sees(seed, api):
    body = api(seed.liaison).get(_url(seed.problem(3))).json()
    assert body["title"] == "关于引导推动科技创新动力不足，支撑县域经济转型升级不够有力方面问题"
    assert body["status"] == "long_term" and body["status_display"] == "阶段性成效、需长期坚持"
    assert [m["number"] for m in body["measures"]] == [1, 2, 3]
    three = body["measures"][2]
    assert three["kind"] == "long_term" and three["long_term_label"] in ("阶段性成效", "逾期未报")
    assert body["permissions"] == {"can_edit_plan": True, "can_review": False}

    clerk = api(seed.clerk).get(_url(seed.problem(3))).json()
    assert [m["number"] for m in clerk["measures"]] == [2, 3]
    assert clerk["permissions"] == {"can_edit_plan": False, "can_review": False}
    assert api(seed.xunchaban).get(_url(seed.problem(4))).json()["permissions"]["can_review"] is True


def test_clerk_cannot_see_a_problem_without_their_measures(seed, api):
    assert api(seed.clerk).get(_url(seed.problem(1))).status_code == 404
    assert api(seed.outsider).get(_url(seed.problem(3))).status_code == 404


def test_edit_problem(seed, api):
    problem = seed.problem(3)
    response = api(seed.leader).patch(
        _url(problem),
        {
            "title": "关于引导推动科技创新动力不足方面问题",
            "description": "具体表现",
            "lead_leader": "党组书记、局长",
            "version": problem.version,
        },
        format="json",
    )
    assert response.status_code == 200
    problem.refresh_from_db()
    assert problem.title == "关于引导推动科技创新动力不足方面问题"
    assert (problem.description, problem.lead_leader, problem.category) == (
        "具体表现",
        "党组书记、局长",
        "履行职能责任",
    )
    assert response.json()["title"] == problem.title


def test_edit_problem_refuses_a_blank_title(seed, api):
    response = api(seed.liaison).patch(_url(seed.problem(3)), {"title": "", "version": 1}, format="json")
    assert response.status_code == 400 and response.json()["errors"] == {"title": ["该字段不能为空。"]}


def test_delete_problem_with_closed_measures_is_a_conflict(seed, api):
    response = api(seed.liaison).delete(_url(seed.problem(3)))
    assert response.status_code == 409
    assert detail(response) == "该问题已有申请销号或已销号的措施(或回头看记录),不能删除。"
    assert Problem.objects.live().filter(pk=seed.problem(3).pk).exists()


def test_delete_problem_soft_deletes_it_and_its_measures(seed, api):
    problem = problem_create(inspection=seed.inspection, title="误录的问题")
    measure = measure_create(problem=problem, content="误录的措施", kind="long_term")
    client = api(seed.liaison)
    assert client.delete(_url(problem)).status_code == 204
    assert client.get(_url(problem)).status_code == 404
    assert Problem.objects.get(pk=problem.pk).deleted_at is not None
    assert Measure.objects.get(pk=measure.pk).deleted_at is not None
    assert client.delete(_url(problem)).status_code == 404


def test_measures_of_a_problem(seed, api):
    body = api(seed.clerk).get(_url(seed.problem(3), "measures/")).json()
    assert [m["number"] for m in body["results"]] == [2, 3]
    assert body["results"][0]["responsible_office"]["name"] == "高新技术股"


def test_timeline_is_dated_progress_of_visible_measures(seed, api):
    body = api(seed.liaison).get(_url(seed.problem(3), "timeline/")).json()
    dates = [e["happened_on"] for e in body["results"]]
    assert dates == sorted(dates) and len(dates) == 3
    entry = next(e for e in body["results"] if e["measure_number"] == 2)
    assert entry["figures"] == [{"label": "储备库企业", "value": "40", "unit": "家"}]
    assert entry["evidence"][0]["download_url"] == f"/api/v1/evidence/{entry['evidence'][0]['id']}/"
    clerk = api(seed.clerk).get(_url(seed.problem(3), "timeline/")).json()
    assert sorted(e["measure_number"] for e in clerk["results"]) == [2, 3]


def test_reviews_of_a_problem(seed, api):
    body = api(seed.xunchaban).get(_url(seed.problem(4), "reviews/")).json()
    assert body["count"] == 1
    review = body["results"][0]
    assert review["outcome"] == "pending" and review["problem_number"] == 4
    assert dt.date.fromisoformat(review["due_on"]) > dt.date(2023, 3, 28)
