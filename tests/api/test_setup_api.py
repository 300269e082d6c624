"""Set-up through the API: the office sets up a round, a group, an inspection, its feedback and the
unit's liaison; the liaison adds a clerk; nobody grants wider than their scope."""

import pytest
from django.contrib.auth import get_user_model

from zhenggai.accounts.models import Membership, Unit, UnitKind
from zhenggai.ledger.models import Problem
from zhenggai.signin.models import AccountState
from zhenggai.supervision.models import Notification

pytestmark = pytest.mark.django_db


def test_the_cycle_and_its_people_through_the_api(seed, users, api):
    office = api(users["xunchaban"])
    committee = seed.inspection.round.committee
    response = office.post(
        "/api/v1/rounds/",
        {"committee": committee.pk, "name": "二届区委第五轮巡察", "year": 2024},
        format="json",
    )
    assert response.status_code == 201, response.json()
    round_id = response.json()["id"]
    response = office.post(
        f"/api/v1/rounds/{round_id}/groups/",
        {"name": "区委第一巡察组", "leader": users["xunchaban"].pk},
        format="json",
    )
    assert response.status_code == 201 and response.json()["members"][0]["is_leader"]
    group_id = response.json()["id"]
    unit = office.post("/api/v1/units/", {"parent": committee.pk, "name": "区文旅局"}, format="json").json()
    assert unit["kind"] == "unit"
    response = office.post(
        "/api/v1/inspections/",
        {
            "round": round_id,
            "group": group_id,
            "unit": unit["id"],
            "onsite_start": "2024-03-01",
            "onsite_end": "2024-02-01",
        },
        format="json",
    )
    assert response.status_code == 422 and "onsite_end" in response.json()["errors"]
    response = office.post(
        "/api/v1/inspections/", {"round": round_id, "group": group_id, "unit": unit["id"]}, format="json"
    )
    assert response.status_code == 201
    inspection_id = response.json()["id"]
    response = office.post(
        f"/api/v1/inspections/{inspection_id}/feedback/",
        {"problems": [{"title": "问题甲"}, {"title": "问题乙", "group": "作风方面"}, {"title": "问题丙"}]},
        format="json",
    )
    assert response.status_code == 201 and len(response.json()["created"]) == 3
    assert list(Problem.objects.filter(inspection_id=inspection_id).values_list("number", flat=True)) == [
        1,
        2,
        3,
    ]
    response = office.post(f"/api/v1/inspections/{inspection_id}/open/")
    assert response.status_code == 422 and "联络员" in response.json()["detail"]
    response = office.post(
        "/api/v1/people/",
        {"username": "wenlv", "name": "文旅联络员", "unit": unit["id"], "role": "unit_liaison"},
        format="json",
    )
    assert response.status_code == 201 and response.headers["Cache-Control"] == "no-store"
    created = response.json()
    liaison = get_user_model().objects.get(username="wenlv")
    assert liaison.check_password(created["one_time_password"])
    assert AccountState.objects.get(user=liaison).must_change_password
    assert office.post(f"/api/v1/inspections/{inspection_id}/open/").json() == {"notified": 1}
    assert Notification.objects.filter(user=liaison).exists()

    # the liaison: an office, a clerk in it; not an inspection-office member, not another unit
    own = api(liaison)
    office_unit = own.post("/api/v1/units/", {"parent": unit["id"], "name": "产业股"}, format="json").json()
    response = own.post(
        "/api/v1/people/",
        {"username": "wenlv-clerk", "name": "经办人", "unit": office_unit["id"], "role": "office_clerk"},
        format="json",
    )
    assert response.status_code == 201
    clerk_id = response.json()["id"]
    inspection_office = Unit.objects.get(kind=UnitKind.INSPECTION_OFFICE, parent=committee)
    response = own.post(
        "/api/v1/memberships/",
        {"user": clerk_id, "unit": inspection_office.pk, "role": "inspection_office"},
        format="json",
    )
    assert response.status_code == 422  # not a unit the liaison may grant at: as if it did not exist
    response = own.post(
        "/api/v1/memberships/", {"user": clerk_id, "unit": unit["id"], "role": "unit_liaison"}, format="json"
    )
    assert response.status_code == 201  # another liaison of the same unit is within the liaison's scope
    response = own.post(
        "/api/v1/memberships/",
        {"user": clerk_id, "unit": office_unit["id"], "role": "unit_leader"},
        format="json",
    )
    assert response.status_code == 403 and "不能在" in response.json()["detail"]
    response = own.patch(f"/api/v1/people/{clerk_id}/", {"is_active": False}, format="json")
    assert response.status_code == 200 and response.json()["is_active"] is False
    response = own.patch(f"/api/v1/people/{clerk_id}/", {"is_active": True}, format="json")
    assert response.json()["one_time_password"]
    assert own.get(f"/api/v1/rounds/{round_id}/").status_code == 404  # not theirs to set up
    assert Membership.objects.filter(user_id=clerk_id).count() == 2
