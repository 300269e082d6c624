"""A notice that names who answers for a problem (责任领导:… / 责任单位:… / 责任人:…) gives its measures
their people: names matched to the unit's accounts where they can be, offices found or created,
and the confirmation page says which names have no account (they are kept as names)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.intake_ui.conftest import form_fields
from zhenggai.accounts.models import Role, Unit, UnitKind
from zhenggai.accounts.services import membership_grant
from zhenggai.intake import read_notice
from zhenggai.intake.responsible import find_labels, responsible_of
from zhenggai.intake_ui.services import draft_create
from zhenggai.ledger.models import Measure

TITLE = "关于学习贯彻习近平总书记关于黄河国家战略重要指示批示精神不及"
LABELLED = "责任领导:局长王某某;责任单位:办公室\n责任人:张某某\n"


def _labelled(seed_text: str) -> str:
    """The founding notice with the first problem's people given in labelled lines after its title."""
    head, title_line, rest = seed_text.partition(TITLE)
    line_end = rest.index("\n") + 1
    return head + title_line + rest[:line_end] + LABELLED + rest[line_end:]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "责任领导:张三\n责任单位:办公室\n责任人:李四",
            {"leader": "张三", "office": "办公室", "person": "李四"},
        ),
        (
            "责任领导：局长王宏伟；责任单位：办公室；整改时限：2023年6月底",
            {"leader": "局长王宏伟", "office": "办公室"},
        ),
        ("整改措施:建立台账。牵头单位:高新技术股。", {"office": "高新技术股"}),
        ("明确整改责任人、责任股室、整改时限,建立整改台账。", {}),  # prose, not an assignment
        ("责任单位:办公室,完成时间:2023年6月", {"office": "办公室"}),  # any short label ends a value
        ("(责任领导:张三,责任单位:财务股)", {"leader": "张三", "office": "财务股"}),
        ("责任单位:办公室、财务股、人事股", {"office": "办公室、财务股、人事股"}),  # kept whole, not split
    ],
)
def test_labelled_lines_name_the_people(text, found):
    assert responsible_of(find_labels(text, 0, len(text))) == found


def test_the_reader_gives_the_problem_its_people(seed_text):
    notice = read_notice(_labelled(seed_text))
    first, second = notice.problems[0], notice.problems[1]
    assert first.responsible == {"leader": "局长王某某", "office": "办公室", "person": "张某某"}
    assert second.responsible == {}
    assert len(first.measures) == len(read_notice(seed_text).problems[0].measures)  # no measure of its own
    assert "responsible" not in read_notice(seed_text).to_json()["problems"][0]  # the plain output as before


@pytest.fixture
def leader(fresh_unit):
    user = get_user_model().objects.create_user("wang", password="x", first_name="王某某")
    membership_grant(user=user, unit=fresh_unit, role=Role.UNIT_LEADER, title="局长")
    return user


def test_the_import_links_the_leader_keeps_the_unknown_person_as_a_name_and_says_so(
    login, seed, seed_text, fresh_unit, leader
):
    draft = draft_create(user=seed.liaison, source_name="通报.txt", source_kind="text",
                         parsed=read_notice(_labelled(seed_text)))  # fmt: skip
    client = login(seed.liaison)
    page = client.get(reverse("intake_ui:review", args=[draft.pk])).content.decode()
    data = form_fields(page)
    assert data["p0m-0-leader"] == "局长王某某" and data["p0m-0-office"] == "办公室"
    assert data["p0m-0-person"] == "张某某" and data["p1m-0-leader"] == ""
    data["unit"] = str(fresh_unit.pk)
    preview = client.post(reverse("intake_ui:import", args=[draft.pk]), data).content.decode()
    assert (
        "责任人“张某某”在本单位没有对应账号" in preview and "王某某" not in preview.split("data-summary")[-1]
    )
    client.post(reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1", "other_issuer": "1"})
    measures = Measure.objects.filter(problem__inspection__unit=fresh_unit, problem__number=1)
    assert measures.count() == 2
    office = Unit.objects.get(kind=UnitKind.OFFICE, parent=fresh_unit, name="办公室")
    for measure in measures:
        assert (measure.responsible_leader, measure.leader_user) == ("局长王某某", leader)
        assert (measure.responsible_person, measure.person_user) == ("张某某", None)
        assert measure.responsible_office == office
    assert not Measure.objects.filter(problem__inspection__unit=fresh_unit, problem__number=2).exclude(
        responsible_leader=""
    )


def test_a_name_corrected_on_the_review_page_is_the_one_imported(login, seed, seed_text, fresh_unit, leader):
    draft = draft_create(user=seed.liaison, source_name="通报.txt", source_kind="text",
                         parsed=read_notice(seed_text))  # fmt: skip
    client = login(seed.liaison)
    data = form_fields(client.get(reverse("intake_ui:review", args=[draft.pk])).content.decode())
    data.update({"unit": str(fresh_unit.pk), "p1m-0-leader": "王某某", "p1m-0-person": "王某某"})
    preview = client.post(reverse("intake_ui:import", args=[draft.pk]), data).content.decode()
    assert "没有对应账号" not in preview
    client.post(reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1", "other_issuer": "1"})
    measure = Measure.objects.get(problem__inspection__unit=fresh_unit, problem__number=2, number=1)
    assert (measure.leader_user, measure.person_user) == (leader, leader)


def test_a_label_on_a_measures_line_is_that_measures_own(seed_text):
    """Labels after a measure belong to it; the problem's (before its first measure) are the defaults."""
    text = seed_text.replace(
        "整改进展情况:一是局党组严格执行",
        "责任单位:办公室\n整改进展情况:一是局党组严格执行",
        1,
    )
    notice = read_notice(text)
    first = notice.problems[0]
    assert first.responsible == {"office": "办公室"}
    measure_text = first.measures[1].text
    labelled = text.replace(measure_text, measure_text + "责任领导:王五;责任单位:人事股", 1)
    first = read_notice(labelled).problems[0]
    assert first.responsible == {"office": "办公室"}
    assert first.measures[1].responsible == {"leader": "王五", "office": "人事股"}
    assert first.measures[0].responsible == {}
    from zhenggai.intake_ui.people import people_defaults

    data = read_notice(labelled).to_json(spans=True)["problems"][0]
    assert people_defaults(data, data["measures"][0]) == {"leader": "", "office": "办公室", "person": ""}
    assert people_defaults(data, data["measures"][1]) == {"leader": "王五", "office": "人事股", "person": ""}


def test_names_after_a_post_match_lists_and_other_prefixes_do_not(fresh_unit):
    from zhenggai.ledger.people import MemberNames

    for username, name in (("w1", "王伟"), ("w2", "张王伟"), ("w3", "李明")):
        user = get_user_model().objects.create_user(username, password="x", first_name=name)
        membership_grant(user=user, unit=fresh_unit, role=Role.UNIT_LEADER, title="副局长")
    members = MemberNames(fresh_unit)
    found = {text: getattr(members.leader(text), "first_name", None)
             for text in ("局长王伟", "局长张王伟", "党组成员、副局长李明", "欧王伟", "王伟、李明", "局长王伟和李明")}  # fmt: skip
    assert found == {"局长王伟": "王伟", "局长张王伟": "张王伟", "党组成员、副局长李明": "李明",
                     "欧王伟": None, "王伟、李明": None, "局长王伟和李明": None}  # fmt: skip
    assert list(members.unmatched_leaders) == ["欧王伟", "王伟、李明", "局长王伟和李明"]


def test_several_offices_in_one_label_are_reported_not_created(login, seed, seed_text, fresh_unit):
    text = _labelled(seed_text).replace("责任单位:办公室", "责任单位:办公室、财务股")
    draft = draft_create(
        user=seed.liaison, source_name="通报.txt", source_kind="text", parsed=read_notice(text)
    )
    client = login(seed.liaison)
    data = form_fields(client.get(reverse("intake_ui:review", args=[draft.pk])).content.decode())
    data["unit"] = str(fresh_unit.pk)
    preview = client.post(reverse("intake_ui:import", args=[draft.pk]), data).content.decode()
    assert "责任单位“办公室、财务股”不是一个股室的名称" in preview
    client.post(reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1", "other_issuer": "1"})
    assert not Unit.objects.filter(parent=fresh_unit, kind=UnitKind.OFFICE).exists()
    measure = Measure.objects.get(problem__inspection__unit=fresh_unit, problem__number=1, number=1)
    assert measure.responsible_office is None
