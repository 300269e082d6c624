"""责任领导 and 责任人 as people: chosen from the unit's members in the form, the API and imports;
free text for someone with no account; a 班子成员 sees what they lead; frozen measures stay frozen."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from zhenggai.accounts.services import membership_grant
from zhenggai.core.errors import ServiceError
from zhenggai.documents.xlsx import read_ledger_xlsx
from zhenggai.jobs.models import Job
from zhenggai.ledger.models import Measure
from zhenggai.ledger.people import MemberNames, unit_leaders, unit_people
from zhenggai.ledger.permissions import visible_measures
from zhenggai.ledger.services import measure_create, measure_update
from zhenggai.ledger.transitions import measure_transition
from zhenggai.notices.ledger_xlsx import ledger_import_apply, ledger_import_people

User = get_user_model()


@pytest.fixture
def users(seed):
    return {u.username: u for u in User.objects.all()}


def _new(seed, **kwargs):
    values = {
        "content": "测试措施",
        "kind": "deadline",
        "deadline": dt.date(2031, 12, 31),
        "responsible_office": seed.office("高新技术股"),
    }
    values.update(kwargs)
    return measure_create(problem=seed.problem(3), **values)


# The lists -----------------------------------------------------------------------------------


def test_leaders_are_the_units_leaders_and_people_everyone_in_the_unit_and_its_offices(seed, users):
    assert set(unit_leaders(seed.unit)) == {users["leader"], users["deputy"]}
    assert set(unit_people(seed.unit)) == {users["leader"], users["deputy"], users["liaison"], users["clerk"]}
    # Not the sibling unit's liaison, nor the inspection office, nor the inspection group.
    assert not {users["outsider"], users["xunchaban"], users["group3"]} & set(unit_people(seed.unit))


# The service -----------------------------------------------------------------------------------


def test_an_account_fills_the_name_documents_print(seed, users):
    measure = _new(seed, leader_user=users["deputy"], person_user=users["clerk"])
    assert measure.responsible_leader == "党组成员、副局长"
    assert measure.responsible_person == "高新技术股经办人"
    assert measure.person_user == users["clerk"]


def test_text_alone_stays_for_someone_without_an_account(seed):
    measure = _new(seed, responsible_leader="王某(退休返聘)", responsible_person="李某")
    assert measure.leader_user is None and measure.person_user is None
    assert (measure.responsible_leader, measure.responsible_person) == ("王某(退休返聘)", "李某")


def test_someone_outside_the_unit_is_refused_like_someone_unknown(seed, users):
    with pytest.raises(ServiceError) as error:
        _new(seed, leader_user=users["outsider"], person_user=users["xunchaban"])
    assert error.value.message_dict == {
        "leader_user": ["所选责任领导不存在或不是本单位人员。"],
        "person_user": ["所选责任人不存在或不是本单位人员。"],
    }


def test_a_deputy_sees_the_measures_linked_to_them(seed, users):
    measure = _new(seed, leader_user=users["deputy"])
    assert visible_measures(users["deputy"]).filter(pk=measure.pk).exists()
    measure_update(measure=measure, expected_version=measure.version, leader_user=users["leader"])
    assert not visible_measures(users["deputy"]).filter(pk=measure.pk).exists()


def test_typing_another_name_over_a_linked_one_unlinks_it(seed, users):
    measure = _new(seed, leader_user=users["deputy"])
    measure = measure_update(measure=measure, expected_version=1, responsible_leader="王某")
    assert measure.leader_user is None and measure.responsible_leader == "王某"


def test_people_of_a_submitted_measure_are_frozen_and_edits_carry_the_version(seed, users):
    measure = _new(seed)
    with pytest.raises(Exception, match="修改"):
        measure_update(measure=measure, expected_version=measure.version + 5, person_user=users["clerk"])
    closed = Measure.objects.filter(status="closed").first()  # struck off in the seed
    with pytest.raises(ServiceError) as error:
        measure_update(measure=closed, expected_version=closed.version, person_user=users["clerk"])
    assert error.value.code == "frozen"


def test_the_trail_records_the_person_account(seed, users):
    from zhenggai.audit.selectors import events_for_object

    measure = _new(seed, person_user=users["clerk"])
    measure_update(measure=measure, expected_version=1, person_user=users["liaison"])
    last = events_for_object(measure).last()
    assert last.changes["person_user_id"] == [users["clerk"].pk, users["liaison"].pk]
    assert last.changes["responsible_person"] == ["高新技术股经办人", "整改联络员"]


# The form --------------------------------------------------------------------------------------


def test_the_form_offers_the_units_people_and_marks_names_without_an_account(login, seed, users):
    client = login(seed.liaison)
    problem = seed.problem(3)
    page = client.get(reverse("measure_new", args=[problem.pk])).content.decode()
    assert "党组成员、副局长" in page and "高新技术股经办人" in page
    assert "区农业农村局联络员" not in page  # the sibling unit's liaison is not offered
    response = client.post(
        reverse("measure_new", args=[problem.pk]),
        {
            "content": "新措施",
            "kind": "deadline",
            "deadline": "2031-06-30",
            "leader_user": users["deputy"].pk,
            "responsible_person": "张某",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(content="新措施")
    assert measure.leader_user == users["deputy"] and measure.responsible_leader == "党组成员、副局长"
    assert measure.person_user is None and measure.responsible_person == "张某"
    page = client.get(reverse("problem", args=[problem.pk])).content.decode()
    assert '张某 <small class="meta no-account">(无账号)</small>' in page


def test_the_form_refuses_someone_outside_the_unit(login, seed, users):
    client = login(seed.liaison)
    problem = seed.problem(3)
    response = client.post(
        reverse("measure_new", args=[problem.pk]),
        {
            "content": "新措施",
            "kind": "deadline",
            "deadline": "2031-06-30",
            "leader_user": users["outsider"].pk,
        },
    )
    assert response.status_code == 200
    assert "所选人员不存在或不是本单位人员" in response.content.decode()
    assert not Measure.objects.filter(content="新措施").exists()


def test_editing_with_the_same_account_keeps_the_wording(login, seed, users):
    # An open seed measure: its wording is the post (党组成员、副局长), its account the deputy's.
    measure = Measure.objects.filter(
        status__in=["not_started", "in_progress"], leader_user__isnull=False
    ).first()
    before = (measure.responsible_leader, measure.leader_user_id)
    client = login(seed.liaison)
    form = client.get(reverse("measure_edit", args=[measure.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["responsible_office"] = measure.responsible_office_id
    data["deadline"] = measure.deadline.isoformat() if measure.deadline else ""
    data["person_user"] = users["clerk"].pk
    response = client.post(reverse("measure_edit", args=[measure.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    measure.refresh_from_db()
    assert (measure.responsible_leader, measure.leader_user_id) == before
    assert measure.person_user == users["clerk"] and measure.responsible_person == "高新技术股经办人"


# Imports ---------------------------------------------------------------------------------------


def _sheet(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "反馈问题", "整改措施", "责任领导", "责任股室", "责任人", "整改时限", "整改类型"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "台账.xlsx"
    return buffer


ROWS = [
    [
        1,
        "问题甲",
        "措施一",
        "党组成员、副局长",
        "高新技术股",
        "高新技术股经办人",
        "2031年6月30日",
        "限期整改",
    ],
    [2, "问题乙", "措施二", "赵某", "办公室", "钱某", "长期", "长期坚持"],
]


def test_names_match_members_of_the_unit_and_the_rest_are_reported(seed, users):
    members = MemberNames(seed.unit)
    assert members.leader("党组成员、副局长") == users["deputy"]
    assert members.leader("高新技术股经办人") is None  # a clerk is no leader
    assert members.person("高新技术股经办人") == users["clerk"]
    assert members.person("区农业农村局联络员") is None  # the sibling unit's
    assert list(members.unmatched_leaders) == ["高新技术股经办人"]
    assert list(members.unmatched_people) == ["区农业农村局联络员"]


def test_a_name_two_members_share_is_not_guessed(seed, users):
    twin = User.objects.create(username="twin", first_name="高新技术股经办人")
    membership_grant(user=twin, unit=seed.office("办公室"), role="office_clerk")
    members = MemberNames(seed.unit)
    assert members.person("高新技术股经办人") is None and members.unmatched


def test_the_ledger_import_links_who_it_can(seed, users):
    preview = read_ledger_xlsx(_sheet(ROWS).getvalue())
    people = ledger_import_people(inspection=seed.inspection, preview=preview)
    assert list(people.unmatched_leaders) == ["赵某"] and list(people.unmatched_people) == ["钱某"]
    members = MemberNames(seed.unit)
    ledger_import_apply(inspection=seed.inspection, preview=preview, actor=seed.liaison, members=members)
    one = Measure.objects.get(content="措施一")
    two = Measure.objects.get(content="措施二")
    assert (one.leader_user, one.person_user) == (users["deputy"], users["clerk"])
    assert (two.leader_user, two.person_user, two.responsible_leader) == (None, None, "赵某")
    assert visible_measures(users["deputy"]).filter(pk=one.pk).exists()


def test_the_import_page_says_who_has_no_account(login, seed, django_capture_on_commit_callbacks):
    client = login(seed.liaison)
    url = reverse("ledger_import", args=[seed.inspection.pk])
    page = client.post(url, {"file": _sheet(ROWS)}).content.decode()
    assert "责任领导“赵某”;责任人“钱某”在本单位没有对应账号,按姓名保存(无账号)。" in page
    token = client.session[f"ledger_import_{seed.inspection.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "1", "token": token})
    job = Job.objects.get()
    assert job.state == "done" and "“赵某”" in job.message and "“钱某”" in job.message


def test_a_submitted_measure_cannot_get_new_people_by_form(login, seed, users):
    measure = _new(seed)
    from zhenggai.ledger.services import progress_create

    progress_create(
        measure=measure,
        happened_on=dt.date(2023, 3, 1),
        text="完成",
        reporter=seed.liaison,
        files=[SimpleUploadedFile("佐证.pdf", b"%PDF-1.4 demo", content_type="application/pdf")],
    )
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="完成")
    client = login(seed.liaison)
    response = client.get(reverse("measure_edit", args=[measure.pk]))
    assert response.status_code == 302  # frozen: back to the problem with a message
