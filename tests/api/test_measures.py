"""Measures: create, edit with a version (409 when stale), delete, and the status moves."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import detail
from zhenggai.accounts.models import UnitKind
from zhenggai.accounts.services import unit_create
from zhenggai.ledger.models import Measure
from zhenggai.ledger.services import measure_create, problem_create, progress_create


def _url(measure, tail=""):
    return f"/api/v1/measures/{measure.pk}/{tail}"


def _new(seed, users=None, **kwargs):
    problem = kwargs.pop("problem", None) or problem_create(inspection=seed.inspection, title="测试问题")
    values = {
        "content": "测试措施",
        "kind": "deadline",
        "deadline": dt.date(2031, 12, 31),
        "responsible_office": seed.office("高新技术股"),
    }
    values.update(kwargs)
    return measure_create(problem=problem, **values)


def _with_evidence(measure, user):
    return progress_create(
        measure=measure,
        happened_on=dt.date(2023, 2, 1),
        text="已完成",
        reporter=user,
        files=[SimpleUploadedFile("佐证.pdf", b"%PDF-1.4 demo", content_type="application/pdf")],
    )


# Create -----------------------------------------------------------------------------------------


def test_create_measure(seed, api):
    office = seed.office("成果转化股")
    response = api(seed.liaison).post(
        f"/api/v1/problems/{seed.problem(3).pk}/measures/",
        {
            "content": "建立科技成果转化跟踪台账",
            "kind": "deadline",
            "deadline": "2023-06-30",
            "responsible_leader": "党组成员、副局长",
            "responsible_office": office.pk,
            "responsible_person": "成果转化股负责人",
            "completion_standard": "台账建成",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["number"] == 4 and body["status"] == "not_started" and body["version"] == 1
    assert body["responsible_office"]["id"] == office.pk
    assert [m["name"] for m in body["allowed_moves"]] == ["start"]
    assert body["permissions"] == {"can_edit": True, "can_report": True}


def test_create_measure_refuses_what_the_service_refuses(seed, api):
    client = api(seed.liaison)
    url = f"/api/v1/problems/{seed.problem(3).pk}/measures/"
    missing_deadline = client.post(url, {"content": "措施", "kind": "deadline"}, format="json")
    assert missing_deadline.status_code == 422  # the schema allows it; the ledger's rule refuses it
    assert missing_deadline.json()["errors"] == {"deadline": ["“限期整改”的措施必须填写整改时限。"]}

    too_early = client.post(
        url, {"content": "措施", "kind": "immediate", "deadline": "2022-10-01"}, format="json"
    )
    assert too_early.json()["errors"] == {"deadline": ["整改时限不能早于反馈日期(2022-11-04)。"]}

    bad_kind = client.post(url, {"content": "措施", "kind": "someday"}, format="json")
    assert bad_kind.json()["errors"] == {"kind": ["“someday” 不是合法选项。"]}

    bad_date = client.post(
        url, {"content": "措施", "kind": "deadline", "deadline": "2023/6/30"}, format="json"
    )
    assert bad_date.json()["errors"]["deadline"][0].startswith("日期格式错误。")


def test_create_measure_refuses_an_office_of_another_unit(seed, api):
    other = unit_create(kind=UnitKind.OFFICE, parent=seed.outsider.memberships.get().unit, name="他局办公室")
    for office_id in (other.pk, seed.unit.pk, 999999):
        response = api(seed.liaison).post(
            f"/api/v1/problems/{seed.problem(3).pk}/measures/",
            {"content": "措施", "kind": "long_term", "responsible_office": office_id},
            format="json",
        )
        assert response.status_code == 422  # another unit's office looks like no office
        assert response.json()["errors"] == {
            "responsible_office": [f"无效主键 “{office_id}” － 对象不存在。"]
        }


# Edit -------------------------------------------------------------------------------------------


def test_edit_with_the_current_version(seed, api):
    measure = seed.measure(3, 3)
    client = api(seed.liaison)
    version = client.get(_url(measure)).json()["version"]
    response = client.patch(
        _url(measure), {"version": version, "completion_standard": "高企总量达到40家"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == version + 1
    assert response.json()["completion_standard"] == "高企总量达到40家"
    measure.refresh_from_db()
    assert measure.content.startswith("开展政策宣传")  # fields not sent are unchanged


def test_stale_version_is_a_409_in_chinese(seed, api):
    measure = seed.measure(3, 3)
    liaison, leader = api(seed.liaison), api(seed.leader)
    version = liaison.get(_url(measure)).json()["version"]
    assert leader.get(_url(measure)).json()["version"] == version

    assert (
        leader.patch(
            _url(measure), {"version": version, "responsible_person": "张三"}, format="json"
        ).status_code
        == 200
    )
    response = liaison.patch(_url(measure), {"version": version, "responsible_person": "李四"}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"] == {}
    assert detail(response) == (
        f"该措施已被他人修改(您读取之后又有新的保存)。请重新读取(当前 version 为 {version + 1}),核对后再提交。"
    )
    measure.refresh_from_db()
    assert measure.responsible_person == "张三"


def test_edit_needs_the_version_and_valid_values(seed, api):
    measure = seed.measure(3, 3)
    client = api(seed.liaison)
    response = client.patch(_url(measure), {"content": "改"}, format="json")
    assert response.status_code == 400 and response.json()["errors"] == {"version": ["该字段是必填项。"]}
    response = client.patch(_url(measure), {"version": measure.version, "kind": "deadline"}, format="json")
    assert response.status_code == 422
    assert response.json()["errors"] == {"deadline": ["“限期整改”的措施必须填写整改时限。"]}
    response = client.patch(_url(measure), {"version": "三", "content": "改"}, format="json")
    assert response.json()["errors"] == {"version": ["请填写合法的整数值。"]}


# Delete -----------------------------------------------------------------------------------------


def test_delete_measure(seed, api):
    measure = _new(seed)
    client = api(seed.leader)
    assert client.delete(_url(measure)).status_code == 204
    assert Measure.objects.get(pk=measure.pk).deleted_at is not None
    assert client.get(_url(measure)).status_code == 404


def test_delete_closed_measure_is_a_conflict(seed, api):
    response = api(seed.liaison).delete(_url(seed.measure(3, 2)))
    assert response.status_code == 409
    assert detail(response) == "该措施状态为“已销号”,不能删除;如需调整请先退回。"


# Moves ------------------------------------------------------------------------------------------


def test_moves_lists_allowed_and_history(seed, api):
    body = api(seed.xunchaban).get(_url(seed.measure(3, 2), "moves/")).json()
    assert body["status"] == "closed"
    assert [m["name"] for m in body["allowed"]] == ["reopen"]
    assert body["allowed"][0]["needs_reason"] is True
    assert [t["move"] for t in body["history"]] == ["submit", "confirm", "approve"]
    assert body["history"][2]["actor"]["username"] == "xunchaban"
    assert api(seed.liaison).get(_url(seed.measure(3, 2), "moves/")).json()["allowed"] == []


def test_the_whole_close_out_through_the_api(seed, users, api):
    measure = _new(seed, leader_user=users["deputy"])
    clerk, leader, office = api(seed.clerk), api(seed.leader), api(seed.xunchaban)

    started = clerk.post(_url(measure, "moves/"), {"move": "start"}, format="json")
    assert started.status_code == 201
    assert started.json()["target"] == "in_progress" and started.json()["measure"]["status"] == "in_progress"

    no_evidence = clerk.post(_url(measure, "moves/"), {"move": "submit", "reason": "已完成"}, format="json")
    assert no_evidence.status_code == 422 and detail(no_evidence) == "申请销号前请至少上传一份佐证材料。"
    _with_evidence(measure, seed.clerk)

    no_reason = clerk.post(_url(measure, "moves/"), {"move": "submit"}, format="json")
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"] == {"reason": ["请填写完成情况说明。"]}

    assert (
        clerk.post(_url(measure, "moves/"), {"move": "submit", "reason": "已完成"}, format="json").status_code
        == 201
    )
    assert [m["name"] for m in leader.get(_url(measure)).json()["allowed_moves"]] == [
        "confirm",
        "return_by_leader",
    ]

    too_early = office.post(_url(measure, "moves/"), {"move": "approve"}, format="json")
    assert too_early.status_code == 409
    assert detail(too_early) == "该措施当前状态为“申请销号”,不能执行“批准销号”。"

    not_theirs = clerk.post(_url(measure, "moves/"), {"move": "confirm"}, format="json")
    assert not_theirs.status_code == 403 and detail(not_theirs) == "您没有权限执行“单位领导审核通过”。"

    assert leader.post(_url(measure, "moves/"), {"move": "confirm"}, format="json").status_code == 201
    approved = office.post(_url(measure, "moves/"), {"move": "approve"}, format="json")
    assert approved.status_code == 201 and approved.json()["measure"]["status"] == "closed"
    measure.refresh_from_db()
    assert measure.status == "closed" and measure.completed_on is not None


def test_unknown_move_and_the_inspection_group(seed, api):
    measure = _new(seed)
    response = api(seed.liaison).post(_url(measure, "moves/"), {"move": "teleport"}, format="json")
    assert response.status_code == 400 and response.json()["errors"] == {
        "move": ["“teleport” 不是合法选项。"]
    }
    # The inspection group sees the measure but makes no moves at all: 403 before the body is read.
    response = api(seed.inspection.group.members.get().user).post(_url(measure, "moves/"), {}, format="json")
    assert response.status_code == 403


# Lists ------------------------------------------------------------------------------------------


def test_measure_list_is_scoped_and_filtered(seed, api):
    clerk = api(seed.clerk).get("/api/v1/measures/").json()
    assert [(m["problem_number"], m["number"]) for m in clerk["results"]] == [(2, 2), (3, 2), (3, 3)]

    client = api(seed.liaison)
    assert client.get("/api/v1/measures/").json()["count"] == 12
    assert client.get("/api/v1/measures/", {"status": "closed"}).json()["count"] == 8
    assert client.get("/api/v1/measures/", {"kind": "long_term"}).json()["count"] == 4
    assert client.get("/api/v1/measures/", {"problem": seed.problem(3).pk}).json()["count"] == 3
    assert client.get("/api/v1/measures/", {"inspection": seed.inspection.pk}).json()["count"] == 12
    office = seed.office("办公室")
    assert client.get("/api/v1/measures/", {"office": office.pk}).json()["count"] == 3
    overdue = _new(seed, deadline=dt.date(2023, 1, 1))
    assert [m["id"] for m in client.get("/api/v1/measures/", {"overdue": "true"}).json()["results"]] == [
        overdue.pk
    ]

    response = client.get("/api/v1/measures/", {"status": "late", "problem": "x"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "status": ["“late” 不是合法选项。"],
        "problem": ["请填写合法的整数值。"],
    }
