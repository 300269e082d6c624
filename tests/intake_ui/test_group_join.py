"""An imported inspection that joins an existing group with members does not give those members sight
of the unit's ledger until the inspection office confirms the group (issue #16, "The import checks
whose notice it is"): previewed on the confirmation page, listed on the office's workbench,
confirmed on the inspection's set-up page, recorded in the trail."""

from django.urls import reverse

from tests.intake_ui.conftest import form_fields
from zhenggai.accounts.models import Role, Unit, UnitKind
from zhenggai.audit.models import AuditEvent
from zhenggai.inspections.models import Inspection
from zhenggai.intake import read_notice
from zhenggai.intake_ui.services import draft_create
from zhenggai.intake_ui.services.importing import committee_of
from zhenggai.ledger.permissions import visible_inspections, visible_problems
from zhenggai.setup import services
from zhenggai.signin.models import AccountState
from zhenggai.workbench.selectors import TaskKind, tasks_for


def _member(seed):
    """A member of the seed's group (区委第三巡察组), which inspected 区科技局."""
    office_unit = Unit.objects.get(kind=UnitKind.INSPECTION_OFFICE, parent=committee_of(seed.unit))
    person, _password = services.person_create(
        actor=seed.xunchaban,
        username="zuyuan",
        full_name="组员甲",
        unit=office_unit,
        role=Role.INSPECTION_GROUP,
    )
    AccountState.objects.filter(user=person).update(must_change_password=False)  # past the first sign-in
    services.group_save(actor=seed.xunchaban, group=seed.inspection.group, members=[person])
    return person


def _import(client, seed, seed_text, unit, user=None):
    draft = draft_create(
        user=user or seed.liaison, source_name="通报.txt", source_kind="text", parsed=read_notice(seed_text)
    )
    data = form_fields(client.get(reverse("intake_ui:review", args=[draft.pk])).content.decode())
    data["unit"] = str(unit.pk)
    preview = client.post(reverse("intake_ui:import", args=[draft.pk]), data).content.decode()
    client.post(reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1", "other_issuer": "1"})
    return preview, Inspection.objects.get(unit=unit)


def test_the_groups_members_see_the_import_only_once_the_office_confirms(login, seed, seed_text, fresh_unit):
    member = _member(seed)
    assert list(visible_inspections(member)) == [seed.inspection]
    preview, inspection = _import(login(seed.liaison), seed, seed_text, fresh_unit)
    assert 'data-summary="group"' in preview and "须经巡察办确认" in preview
    assert inspection.group == seed.inspection.group and not inspection.group_confirmed
    # not the member's: neither the inspection nor its problems, as if it did not exist
    assert list(visible_inspections(member)) == [seed.inspection]
    assert not visible_problems(member).filter(inspection=inspection).exists()
    assert login(member).get(reverse("inspection", args=[inspection.pk])).status_code == 404

    # the office is told on its workbench, and confirms on the set-up page
    waiting = [t for t in tasks_for(seed.xunchaban) if t.kind == TaskKind.GROUP_CONFIRM]
    assert [t.object_id for t in waiting] == [inspection.pk]
    assert waiting[0].url == reverse("setup:inspection", args=[inspection.pk])
    assert not [t for t in tasks_for(seed.liaison) if t.kind == TaskKind.GROUP_CONFIRM]
    office = login(seed.xunchaban)
    page = office.get(reverse("setup:inspection", args=[inspection.pk])).content.decode()
    assert 'id="group-confirm"' in page
    office.post(reverse("setup:inspection_group_confirm", args=[inspection.pk]))
    inspection.refresh_from_db()
    assert inspection.group_confirmed
    assert AuditEvent.objects.filter(
        object_type="inspections.inspection",
        object_id=str(inspection.pk),
        changes__group_confirmed=[False, True],
    ).exists()
    assert set(visible_inspections(member)) == {seed.inspection, inspection}
    assert not [t for t in tasks_for(seed.xunchaban) if t.kind == TaskKind.GROUP_CONFIRM]


def test_a_group_staffed_after_the_import_still_waits_for_the_office(login, seed, seed_text, fresh_unit):
    services.group_save(actor=seed.xunchaban, group=seed.inspection.group, members=[])
    preview, inspection = _import(login(seed.liaison), seed, seed_text, fresh_unit)
    assert 'data-summary="group"' in preview and not inspection.group_confirmed
    member = _member(seed)  # the office staffs the group afterwards
    assert inspection not in set(visible_inspections(member))


def test_an_import_by_the_committees_own_office_needs_no_say(login, seed, seed_text, fresh_unit):
    _member(seed)
    preview, inspection = _import(login(seed.xunchaban), seed, seed_text, fresh_unit, user=seed.xunchaban)
    assert 'data-summary="group"' not in preview and inspection.group_confirmed


def test_only_the_office_confirms_a_group(login, seed, seed_text, fresh_unit):
    _member(seed)
    _preview, inspection = _import(login(seed.liaison), seed, seed_text, fresh_unit)
    response = login(seed.liaison).post(reverse("setup:inspection_group_confirm", args=[inspection.pk]))
    assert response.status_code in (403, 404)
    inspection.refresh_from_db()
    assert not inspection.group_confirmed


def test_the_office_confirms_through_the_api_too(login, seed, seed_text, fresh_unit):
    _member(seed)
    _preview, inspection = _import(login(seed.liaison), seed, seed_text, fresh_unit)
    url = f"/api/v1/inspections/{inspection.pk}/group-confirm/"
    assert login(seed.liaison).post(url).status_code in (403, 404)
    response = login(seed.xunchaban).post(url)
    assert response.status_code == 200 and response.json()["group_confirmed"] is True
    inspection.refresh_from_db()
    assert inspection.group_confirmed
