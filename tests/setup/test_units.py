"""The unit tree: the office adds and renames units under its committee; a liaison adds offices."""

import pytest
from django.urls import reverse

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.audit.models import AuditEvent
from zhenggai.core.errors import ServiceError
from zhenggai.setup import services

pytestmark = pytest.mark.django_db


def test_the_office_adds_and_renames_a_unit_under_its_committee(seed):
    committee = seed.inspection.round.committee
    unit = services.unit_add(actor=seed.xunchaban, parent=committee, name="区教育局", short_name="教育局")
    assert unit.kind == UnitKind.UNIT and unit.path.startswith(committee.path)
    services.unit_update(actor=seed.xunchaban, unit=unit, name="区教育和体育局")
    event = AuditEvent.objects.get(object_type="accounts.unit", object_id=str(unit.pk), action="update")
    assert event.changes == {"name": ["区教育局", "区教育和体育局"]}
    with pytest.raises(ServiceError, match="已存在"):
        services.unit_add(actor=seed.xunchaban, parent=committee, name="区教育和体育局")
    with pytest.raises(ServiceError):  # a liaison adds no units, renames none
        services.unit_add(actor=seed.liaison, parent=committee, name="区卫健局")
    with pytest.raises(ServiceError):
        services.unit_update(actor=seed.liaison, unit=seed.unit, name="改名")


def test_a_liaison_adds_offices_to_their_own_unit_only(seed):
    office = services.unit_add(actor=seed.liaison, parent=seed.unit, name="法规股")
    assert office.kind == UnitKind.OFFICE and office.parent == seed.unit
    services.unit_update(actor=seed.liaison, unit=office, name="政策法规股")
    sibling = (
        Unit.objects.filter(kind=UnitKind.UNIT, parent=seed.unit.parent).exclude(pk=seed.unit.pk).first()
    )
    with pytest.raises(ServiceError):
        services.unit_add(actor=seed.liaison, parent=sibling, name="法规股")
    with pytest.raises(ServiceError):
        services.unit_add(actor=seed.liaison, parent=office, name="下级")  # nothing under an office


def test_unit_pages(seed, login):
    client = login(seed.liaison)
    body = client.get(reverse("setup:units")).content.decode()
    assert seed.unit.name in body and "高新技术股" in body
    response = client.post(
        reverse("setup:unit", args=[seed.unit.pk]), {"action": "add", "add-name": "综合股"}, follow=True
    )
    assert "已添加“综合股”" in response.content.decode()
    response = client.post(
        reverse("setup:unit", args=[seed.unit.pk]), {"action": "add", "add-name": "综合股"}
    )
    assert "已存在" in response.content.decode()
    outsider = login(seed.outsider)
    assert outsider.get(reverse("setup:unit", args=[seed.unit.pk])).status_code == 404
