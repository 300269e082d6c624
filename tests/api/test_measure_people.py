"""The API names 责任领导 and 责任人 by user id, only members of the measure's unit."""

import datetime as dt

from tests.api.conftest import detail
from zhenggai.ledger.services import measure_create


def _new(seed):
    return measure_create(
        problem=seed.problem(3), content="测试措施", kind="deadline", deadline=dt.date(2031, 12, 31)
    )


def _post(api, seed, body):
    return api(seed.liaison).post(
        f"/api/v1/problems/{seed.problem(3).pk}/measures/",
        {"content": "接口措施", "kind": "deadline", "deadline": "2031-06-30", **body},
        format="json",
    )


def test_the_api_takes_user_ids(seed, users, api):
    response = _post(api, seed, {"leader_user": users["deputy"].pk, "person_user": users["clerk"].pk})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (
        body["leader_user"]["id"] == users["deputy"].pk and body["responsible_leader"] == "党组成员、副局长"
    )
    assert body["person_user"] == {"id": users["clerk"].pk, "username": "clerk", "name": "高新技术股经办人"}


def test_the_api_answers_a_non_member_as_an_unknown_id(seed, users, api):
    outsider = _post(api, seed, {"leader_user": users["outsider"].pk})
    unknown = _post(api, seed, {"leader_user": 987654})
    assert outsider.status_code == unknown.status_code == 422
    assert outsider.json()["errors"]["leader_user"] == [
        f"用户“{users['outsider'].pk}”不存在或不是本单位领导班子成员。"
    ]
    assert unknown.json()["errors"]["leader_user"] == ["用户“987654”不存在或不是本单位领导班子成员。"]
    assert detail(outsider) == detail(unknown)
    clerk_as_leader = _post(api, seed, {"leader_user": users["clerk"].pk})
    assert clerk_as_leader.status_code == 422  # a clerk is a person of the unit, not a leader
    person = _post(api, seed, {"person_user": users["outsider"].pk})
    assert person.status_code == 422 and "不是本单位人员" in person.json()["errors"]["person_user"][0]


def test_the_api_patch_links_people_with_the_version(seed, users, api):
    measure = _new(seed)
    client = api(seed.liaison)
    response = client.patch(
        f"/api/v1/measures/{measure.pk}/", {"version": 1, "person_user": users["clerk"].pk}, format="json"
    )
    assert response.status_code == 200 and response.json()["responsible_person"] == "高新技术股经办人"
    stale = client.patch(
        f"/api/v1/measures/{measure.pk}/", {"version": 1, "person_user": users["liaison"].pk}, format="json"
    )
    assert stale.status_code == 409


def test_a_leader_that_is_not_an_id_is_a_400_not_a_500(seed, api):
    """Found by schemathesis: an object where the id goes made the field's message fail (500)."""
    response = _post(api, seed, {"leader_user": {}})
    assert response.status_code == 400
    assert response.json()["errors"]["leader_user"] == ["应为用户 id(整数)。"]
