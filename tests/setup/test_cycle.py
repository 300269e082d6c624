"""The inspection office sets up its committee's cycle: rounds, groups, inspections, feedback,
and tells the unit its ledger is open. Every write is in the trail; nothing outside its committee."""

import datetime as dt

import pytest
from django.urls import reverse

from zhenggai.accounts.models import Membership, Role, Unit, UnitKind
from zhenggai.accounts.services import unit_create
from zhenggai.audit.models import AuditEvent
from zhenggai.core.errors import ServiceError
from zhenggai.inspections.models import Inspection, InspectionGroup, InspectionGroupMember, Round
from zhenggai.ledger.models import Problem
from zhenggai.setup import services
from zhenggai.setup.services.feedback import parse_problem_list
from zhenggai.supervision.models import Notification

pytestmark = pytest.mark.django_db


def committee_of(seed) -> Unit:
    return seed.inspection.round.committee


def other_tree():
    committee = unit_create(name="中共某市委员会", short_name="市委", kind=UnitKind.COMMITTEE)
    unit_create(name="市委巡察办", kind=UnitKind.INSPECTION_OFFICE, parent=committee)
    far = unit_create(name="市科技局", kind=UnitKind.UNIT, parent=committee)
    return committee, far


def test_the_office_sets_up_a_round_a_group_and_an_inspection(seed):
    office = seed.xunchaban
    committee = committee_of(seed)
    round_ = services.round_save(actor=office, committee=committee, name="二届区委第三轮巡察", year=2023)
    group = services.group_save(actor=office, round=round_, name="区委第一巡察组", number=1, leader=office)
    assert group.leader_name == (office.get_full_name() or office.username)
    assert InspectionGroupMember.objects.get(group=group, user=office).is_leader
    sibling = Unit.objects.get(kind=UnitKind.UNIT, path__startswith=committee.path, name__contains="农业")
    inspection = services.inspection_save(
        actor=office,
        round=round_,
        group=group,
        unit=sibling,
        onsite_start=dt.date(2023, 3, 1),
        onsite_end=dt.date(2023, 4, 15),
        feedback_date=dt.date(2023, 5, 20),
    )
    events = AuditEvent.objects.filter(actor=office).values_list("object_type", flat=True)
    assert {"inspections.round", "inspections.inspectiongroup", "inspections.inspection"} <= set(events)
    # changes are recorded as what changed, and nothing is recorded when nothing changed
    services.round_save(actor=office, round=round_, name="二届区委第三轮巡察(调整)")
    update = AuditEvent.objects.filter(object_type="inspections.round", action="update").get()
    assert update.changes == {"name": ["二届区委第三轮巡察", "二届区委第三轮巡察(调整)"]}
    services.round_save(actor=office, round=round_, name="二届区委第三轮巡察(调整)")
    assert AuditEvent.objects.filter(object_type="inspections.round", action="update").count() == 1
    assert inspection.unit == sibling


def test_nothing_outside_the_committee_and_nobody_but_the_office(seed):
    committee, far = other_tree()
    with pytest.raises(ServiceError):
        services.round_save(actor=seed.xunchaban, committee=committee, name="市委第一轮巡察")
    with pytest.raises(ServiceError):
        services.round_save(actor=seed.liaison, committee=committee_of(seed), name="某轮")
    round_ = seed.inspection.round
    with pytest.raises(ServiceError) as refused:
        services.inspection_save(actor=seed.xunchaban, round=round_, group=seed.inspection.group, unit=far)
    assert "本级党委管辖" in str(refused.value)
    with pytest.raises(ServiceError):  # the same unit twice in one round
        services.inspection_save(
            actor=seed.xunchaban, round=round_, group=seed.inspection.group, unit=seed.inspection.unit
        )


def test_group_members_come_from_the_inspection_office(seed):
    round_ = seed.inspection.round
    with pytest.raises(ServiceError) as refused:
        services.group_save(actor=seed.xunchaban, round=round_, name="区委第九巡察组", members=[seed.liaison])
    assert "不是本级巡察办的人员" in str(refused.value)
    office_unit = Unit.objects.get(kind=UnitKind.INSPECTION_OFFICE, parent=committee_of(seed))
    person, _password = services.person_create(
        actor=seed.xunchaban,
        username="zuyuan",
        full_name="组员甲",
        unit=office_unit,
        role=Role.INSPECTION_GROUP,
    )
    group = services.group_save(actor=seed.xunchaban, round=round_, name="区委第九巡察组", members=[person])
    assert list(group.members.values_list("user__username", flat=True)) == ["zuyuan"]
    services.group_save(actor=seed.xunchaban, group=group, members=[])
    assert not group.members.exists()
    assert AuditEvent.objects.filter(
        object_type="inspections.inspectiongroupmember", action="delete"
    ).exists()


def test_feedback_is_entered_and_the_unit_is_told(seed):
    office = seed.xunchaban
    round_ = seed.inspection.round
    group = seed.inspection.group
    sibling = Unit.objects.get(pk=Membership.objects.get(user=seed.outsider, role=Role.UNIT_LIAISON).unit_id)
    inspection = services.inspection_save(actor=office, round=round_, group=group, unit=sibling)
    with pytest.raises(ServiceError, match="还没有录入反馈问题"):
        services.ledger_open(actor=office, inspection=inspection)
    preview = parse_problem_list("1.学习贯彻不深入\n2.主体责任落实不到位\n表现为会议研究少\n3.财务管理不规范")
    services.feedback_add(actor=office, inspection=inspection, problems=preview.problems)
    problems = list(Problem.objects.filter(inspection=inspection).order_by("number"))
    assert [(p.number, p.title) for p in problems] == [
        (1, "学习贯彻不深入"),
        (2, "主体责任落实不到位"),
        (3, "财务管理不规范"),
    ]
    assert problems[1].description == "表现为会议研究少"
    with pytest.raises(ServiceError):  # the liaison does not enter the feedback of its own inspection
        services.feedback_add(actor=seed.outsider, inspection=inspection, problems=preview.problems)
    assert services.ledger_open(actor=office, inspection=inspection) == 1
    told = Notification.objects.get(user=seed.outsider)
    assert "反馈问题已录入" in told.title and "3项" in told.body
    assert told.url == reverse("inspection", args=[inspection.pk])
    inspection.refresh_from_db()
    assert inspection.ledger_opened_at is not None


def test_pages_walk_the_same_path(seed, login):
    client = login(seed.xunchaban)
    committee = committee_of(seed)
    response = client.post(
        reverse("setup:round_new"),
        {"committee": committee.pk, "name": "二届区委第四轮巡察", "kind": "regular"},
    )
    round_ = Round.objects.get(name="二届区委第四轮巡察")
    assert response.status_code == 302 and response.url == reverse("setup:round", args=[round_.pk])
    client.post(
        reverse("setup:group_new", args=[round_.pk]),
        {"name": "区委第二巡察组", "number": 2, "leader": seed.xunchaban.pk},
    )
    group = InspectionGroup.objects.get(round=round_)
    response = client.post(
        reverse("setup:inspection_new", args=[round_.pk]),
        {
            "group": group.pk,
            "unit": seed.inspection.unit.pk,
            "onsite_start": "2024-05-01",
            "onsite_end": "2024-04-01",
        },
    )
    assert response.status_code == 200
    assert "进驻结束日期不能早于开始日期" in response.content.decode()
    response = client.post(
        reverse("setup:inspection_new", args=[round_.pk]),
        {"group": group.pk, "unit": seed.inspection.unit.pk, "feedback_date": "2024-06-01"},
    )
    inspection = Inspection.objects.get(round=round_)
    page = reverse("setup:inspection", args=[inspection.pk])
    text = "一、党的领导方面\n1.落实不到位\n二、作风方面\n2.文山会海\n具体表现:会议多"
    response = client.post(page, {"text": text, "preview": "1"})
    body = response.content.decode()
    assert "预览：将录入2个问题" in body and not Problem.objects.filter(inspection=inspection).exists()
    response = client.post(page, {"text": text, "confirm": "1"})
    assert response.status_code == 302
    problems = Problem.objects.filter(inspection=inspection).select_related("group").order_by("number")
    assert [(p.group.title, p.title) for p in problems] == [
        ("党的领导方面", "落实不到位"),
        ("作风方面", "文山会海"),
    ]
    response = client.post(reverse("setup:inspection_open", args=[inspection.pk]), follow=True)
    assert "已通知单位" in response.content.decode()
    assert Notification.objects.filter(
        user=seed.liaison, url=reverse("inspection", args=[inspection.pk])
    ).exists()


def test_the_pages_do_not_exist_for_others(seed, login):
    round_ = seed.inspection.round
    for user in (seed.liaison, seed.clerk, seed.leader):
        client = login(user)
        assert client.get(reverse("setup:round", args=[round_.pk])).status_code == 404
        assert client.get(reverse("setup:inspection", args=[seed.inspection.pk])).status_code == 404
    client = login(seed.xunchaban)
    assert client.get(reverse("setup:round", args=[round_.pk])).status_code == 200
    assert client.get(reverse("setup:round", args=[99999999])).status_code == 404
