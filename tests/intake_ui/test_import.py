"""Importing a reviewed draft: one transaction through the ledger's services, all or nothing."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.intake_ui.conftest import form_fields
from zhenggai.accounts.models import Role, UnitKind
from zhenggai.accounts.services import membership_grant, unit_create
from zhenggai.audit.models import AuditEvent
from zhenggai.audit.verify import audit_verify
from zhenggai.inspections.models import Inspection, InspectionGroup, Meeting, Round
from zhenggai.intake import read_notice
from zhenggai.intake_ui.models import IntakeDraft
from zhenggai.intake_ui.services import ImportRefused, draft_create, draft_import
from zhenggai.ledger.models import Measure, Problem, ProgressEntry, ProgressFigure


@pytest.fixture
def draft(seed, seed_text) -> IntakeDraft:
    return draft_create(
        user=seed.liaison, source_name="通报.txt", source_kind="text", parsed=read_notice(seed_text)
    )


def _form(client, draft, **changes) -> dict:
    page = client.get(reverse("intake_ui:review", args=[draft.pk])).content.decode()
    data = form_fields(page)
    data.update({k: str(v) for k, v in changes.items()})
    return data


def _import(client, draft, **changes):
    """Review → 导入台账… (checks and asks) → 确认导入, as a person does it."""
    preview = client.post(reverse("intake_ui:import", args=[draft.pk]), _form(client, draft, **changes))
    assert preview.status_code == 200
    if "确认导入" not in preview.content.decode() or 'name="confirm"' not in preview.content.decode():
        return preview
    return client.post(reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1", "other_issuer": "1"})


def _ledger_size():
    return (
        Round.objects.count(),
        InspectionGroup.objects.count(),
        Inspection.objects.count(),
        Problem.objects.count(),
        Measure.objects.count(),
        ProgressEntry.objects.count(),
        AuditEvent.objects.count(),
    )


def test_import_the_seed_into_a_fresh_unit(login, seed, draft, fresh_unit):
    client = login(seed.liaison)
    rounds, groups = Round.objects.count(), InspectionGroup.objects.count()
    preview = client.post(
        reverse("intake_ui:import", args=[draft.pk]), _form(client, draft, unit=fresh_unit.pk)
    )
    page = preview.content.decode()
    assert (
        "反馈问题 5 项,整改措施 12 项(其中长期坚持 0 项),每项措施一条整改进展(共 12 条,含数量 10 个)" in page
    )
    assert "沿用区委已有的轮次" in page
    assert _ledger_size()[2] == 1  # the check rolled back everything it tried

    last_event = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    response = client.post(
        reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1", "other_issuer": "1"}
    )
    inspection = Inspection.objects.get(unit=fresh_unit)
    assert response.status_code == 302 and response["Location"] == reverse("inspection", args=[inspection.pk])
    draft.refresh_from_db()
    assert draft.imported_inspection == inspection and draft.imported_at

    # the seed committee's round and group are reused, not duplicated
    assert (Round.objects.count(), InspectionGroup.objects.count()) == (rounds, groups)
    assert inspection.round == seed.inspection.round and inspection.group == seed.inspection.group
    assert (str(inspection.onsite_start), str(inspection.onsite_end), str(inspection.feedback_date)) == (
        "2022-06-28",
        "2022-08-22",
        "2022-11-04",
    )
    assert inspection.plan.doc_number == "沾科党字〔2022〕22号"
    assert str(inspection.plan.issued_on) == "2022-11-08"
    assert Meeting.objects.get(inspection=inspection).title == "局党组巡察整改专题会议"
    assert fresh_unit.contact.phone == "0543-8192576" and fresh_unit.contact.postcode == "256800"

    problems = list(inspection.problems.order_by("number"))
    assert len(problems) == 5
    assert [p.title[:6] for p in problems] == [
        "关于学习贯彻",
        "关于农业科技",
        "关于引导推动",
        "关于工作作风",
        "关于落实区委",
    ]
    measures = Measure.objects.filter(problem__inspection=inspection)
    assert measures.count() == 12
    assert ProgressEntry.objects.filter(measure__problem__inspection=inspection).count() == 12
    values = {f.value for f in ProgressFigure.objects.filter(entry__measure__problem__inspection=inspection)}
    assert {Decimal(v) for v in (40, 14, 12, 32, 93)} <= values

    reserve = measures.get(content="建立高新技术企业储备库")
    assert (reserve.kind, str(reserve.deadline), reserve.status) == ("deadline", "2023-02-04", "in_progress")
    entry = reserve.progress.get()
    assert (str(entry.happened_on), entry.date_precision) == ("2023-01-01", "month")
    assert (
        entry.text.startswith("建立高新技术企业储备库。2023年1月，与工信部门")
        and entry.reporter == seed.liaison
    )
    assert [(f.label, f.value, f.unit) for f in entry.figures.all()] == [("40家", Decimal("40.00"), "家")]
    undated = measures.get(content__startswith="开展政策宣传").progress.get()
    assert (str(undated.happened_on), undated.date_precision) == ("2023-03-29", "as_of")  # the signature date

    # every write is in the audit trail, by the liaison, and the chain is whole
    events = AuditEvent.objects.filter(seq__gt=last_event)
    assert events.count() >= 1 + 1 + 1 + 5 + 12 + 12 and set(events.values_list("actor", flat=True)) == {
        seed.liaison.pk
    }
    assert audit_verify().ok
    call_command("verify")

    # the ledger page shows it
    ledger = client.get(response["Location"]).content.decode()
    assert 'data-count="total">5<' in ledger and "沾科党字〔2022〕22号" in ledger


def test_importing_twice_is_refused(login, seed, draft, fresh_unit):
    client = login(seed.liaison)
    assert _import(client, draft, unit=fresh_unit.pk).status_code == 302
    size = _ledger_size()
    again = client.post(
        reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1", "other_issuer": "1"}, follow=True
    )
    assert "该通报草稿已导入,不能重复导入。" in again.content.decode()
    again = client.post(reverse("intake_ui:import", args=[draft.pk]), _form(client, draft), follow=True)
    assert "该通报草稿已导入,不能重复导入。" in again.content.decode()
    with pytest.raises(ImportRefused):
        draft_import(IntakeDraft.objects.get(pk=draft.pk), seed.liaison)
    assert _ledger_size() == size
    # the review page now links to the ledger and saves nothing
    page = client.get(reverse("intake_ui:review", args=[draft.pk])).content.decode()
    assert "该通报已导入" in page and "disabled" in page
    assert (
        client.post(reverse("intake_ui:review", args=[draft.pk]), _form(client, draft, round="x")).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.parsed["round"] == "二届区委第二轮巡察"


def test_a_second_notice_for_a_unit_already_inspected_in_the_round_is_refused(login, seed, draft):
    client = login(seed.liaison)
    size = _ledger_size()
    response = _import(client, draft, unit=seed.unit.pk)
    assert "区科技局在“二届区委第二轮巡察”中已有巡察记录,不能重复导入" in response.content.decode()
    assert _ledger_size() == size


def test_a_refused_progress_date_writes_nothing(login, seed, draft, fresh_unit):
    client = login(seed.liaison)
    size = _ledger_size()
    response = _import(client, draft, unit=fresh_unit.pk, **{"p1m-0-progress_date": "2022-05-01"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "进展日期不能早于巡察进驻日期(2022-06-28)。" in page
    assert 'name="p1m-0-progress_date" value="2022-05-01"' in page  # shown on the field, as typed
    assert _ledger_size() == size and audit_verify().ok
    # a date in the future is refused the same way
    response = _import(client, draft, unit=fresh_unit.pk, **{"p0m-1-progress_date": "2999-01-01"})
    assert "不能晚于今天" in response.content.decode() and _ledger_size() == size


def test_a_refusal_at_confirmation_writes_nothing(login, seed, draft, fresh_unit):
    client = login(seed.liaison)
    client.post(reverse("intake_ui:import", args=[draft.pk]), _form(client, draft, unit=fresh_unit.pk))
    draft.refresh_from_db()
    draft.parsed["problems"][4]["measures"][1]["deadline"] = "2022-01-01"  # before the feedback
    draft.save()
    size = _ledger_size()
    response = client.post(
        reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1", "other_issuer": "1"}, follow=True
    )
    assert "整改时限不能早于反馈日期(2022-11-04)。" in response.content.decode()
    assert _ledger_size() == size and audit_verify().ok
    draft.refresh_from_db()
    assert draft.imported_inspection is None


def test_missing_round_and_group_are_asked_for(login, seed, draft, fresh_unit):
    client = login(seed.liaison)
    response = _import(client, draft, unit=fresh_unit.pk, round="", group="")
    page = response.content.decode()
    assert "请填写巡察轮次" in page and "请填写巡察组" in page
    response = _import(client, draft, unit="")
    assert "请选择被巡察单位。" in response.content.decode()


def test_a_new_round_is_created_under_the_units_committee(login, seed, draft, fresh_unit):
    client = login(seed.liaison)
    response = _import(client, draft, unit=fresh_unit.pk, round="二届区委第五轮巡察", group="区委第一巡察组")
    assert response.status_code == 302
    inspection = Inspection.objects.get(unit=fresh_unit)
    assert inspection.round.committee == seed.unit.parent
    assert (inspection.round.name, inspection.round.term, inspection.round.number, inspection.round.year) == (
        "二届区委第五轮巡察",
        2,
        5,
        2022,
    )
    assert (inspection.group.name, inspection.group.number) == ("区委第一巡察组", 1)


def test_onsite_dates_out_of_order_are_shown_on_their_field(login, seed, draft, fresh_unit):
    client = login(seed.liaison)
    size = _ledger_size()
    response = _import(client, draft, unit=fresh_unit.pk, period_end="2022-12-01")
    assert "反馈日期不能早于进驻结束日期。" in response.content.decode()
    assert _ledger_size() == size


def test_a_forged_unit_never_imports(login, seed, draft, fresh_unit, seed_text):
    # the outsider (liaison of the sibling unit) uploads the notice and names a unit that is not theirs
    client = login(seed.outsider)
    theirs = draft_create(
        user=seed.outsider, source_name="x.txt", source_kind="text", parsed=read_notice(seed_text)
    )
    size = _ledger_size()
    for forged in (seed.unit.pk, fresh_unit.pk, seed.unit.parent.pk, 999999, "x"):
        response = client.post(
            reverse("intake_ui:import", args=[theirs.pk]), _form(client, theirs, unit=forged)
        )
        assert response.status_code == 200
        assert (
            "您不能为该单位导入整改台账" in response.content.decode()
            or "选择一个有效的选项" in response.content.decode()
        )
    # a unit stored on the draft behind the form's back is checked again at confirmation
    theirs.unit = fresh_unit
    theirs.save()
    response = client.post(
        reverse("intake_ui:import", args=[theirs.pk]), {"confirm": "1", "other_issuer": "1"}, follow=True
    )
    assert "您不能为该单位导入整改台账。" in response.content.decode()
    assert _ledger_size() == size
    # and someone else's draft is simply not there
    assert (
        client.post(
            reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1", "other_issuer": "1"}
        ).status_code
        == 404
    )


def test_the_inspection_office_imports_for_a_unit_of_its_committee(login, seed, fresh_unit, seed_text):
    client = login(seed.xunchaban)
    assert client.post(reverse("intake_ui:upload"), {"text": seed_text}).status_code == 302
    draft = IntakeDraft.objects.get(created_by=seed.xunchaban)
    assert _import(client, draft, unit=fresh_unit.pk).status_code == 302
    assert Inspection.objects.get(unit=fresh_unit).problems.count() == 5


def test_a_unit_outside_any_committee_is_refused(login, seed, draft, django_user_model):
    loose = unit_create(name="无上级单位", kind=UnitKind.UNIT)
    membership_grant(user=seed.liaison, unit=loose, role=Role.UNIT_LIAISON)
    response = _import(login(seed.liaison), draft, unit=loose.pk)
    assert "该单位不在任何党委(巡察主体)之下" in response.content.decode()
