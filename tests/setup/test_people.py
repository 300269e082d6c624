"""People and roles: one-time passwords, roles never wider than the granter's scope, accounts
deactivated but kept (their sessions end, their name stays in the trail)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from zhenggai.accounts.models import Membership, Role, Unit, UnitKind
from zhenggai.accounts.services import unit_create
from zhenggai.audit.models import AuditEvent
from zhenggai.core.errors import ServiceError
from zhenggai.setup import services
from zhenggai.signin.models import AccountState

pytestmark = pytest.mark.django_db


def office_unit(seed) -> Unit:
    return Unit.objects.get(kind=UnitKind.INSPECTION_OFFICE, parent=seed.inspection.round.committee)


def test_the_office_creates_a_liaison_with_a_one_time_password(seed, client):
    person, password = services.person_create(
        actor=seed.xunchaban,
        username="lianluo2",
        full_name="联络员乙",
        unit=seed.unit,
        role=Role.UNIT_LIAISON,
        email="lianluo2@example.org",
    )
    assert len(password) >= 12 and person.check_password(password)
    assert AccountState.objects.get(user=person).must_change_password
    assert Membership.objects.filter(user=person, unit=seed.unit, role=Role.UNIT_LIAISON).exists()
    created = AuditEvent.objects.filter(
        object_type="auth.user", object_id=str(person.pk), action="create"
    ).get()
    assert password not in str(created.changes)
    assert client.login(username="lianluo2", password=password)


def test_nobody_grants_a_role_wider_than_their_own(seed):
    office = office_unit(seed)
    with pytest.raises(ServiceError, match="不能在"):  # a liaison cannot make an inspection-office member
        services.person_create(
            actor=seed.liaison, username="x1", full_name="甲", unit=office, role=Role.INSPECTION_OFFICE
        )
    with pytest.raises(ServiceError, match="不能在"):  # … nor act in another unit
        sibling = Membership.objects.get(user=seed.outsider, role=Role.UNIT_LIAISON).unit
        services.person_create(
            actor=seed.liaison, username="x2", full_name="乙", unit=sibling, role=Role.UNIT_LEADER
        )
    with pytest.raises(ServiceError, match="不能在"):  # a clerk sits at an office, not at the unit
        services.person_create(
            actor=seed.liaison, username="x3", full_name="丙", unit=seed.unit, role=Role.OFFICE_CLERK
        )
    committee = unit_create(name="中共某市委员会", kind=UnitKind.COMMITTEE)
    far = unit_create(name="市科技局", kind=UnitKind.UNIT, parent=committee)
    with pytest.raises(ServiceError, match="不能在"):  # an office cannot reach outside its committee
        services.person_create(
            actor=seed.xunchaban, username="x4", full_name="丁", unit=far, role=Role.UNIT_LIAISON
        )
    with pytest.raises(ServiceError, match="不能在"):  # the office names liaisons, the liaison the rest
        services.person_create(
            actor=seed.xunchaban, username="x5", full_name="戊", unit=seed.unit, role=Role.UNIT_LEADER
        )
    assert not get_user_model().objects.filter(username__in=["x1", "x2", "x3", "x4", "x5"]).exists()


def test_the_liaison_adds_a_leader_and_a_clerk(seed):
    leader, _ = services.person_create(
        actor=seed.liaison,
        username="fuju",
        full_name="副局长甲",
        unit=seed.unit,
        role=Role.UNIT_LEADER,
        title="党组成员、副局长",
    )
    office = seed.office("高新技术股")
    clerk, _ = services.person_create(
        actor=seed.liaison, username="jingban", full_name="经办人甲", unit=office, role=Role.OFFICE_CLERK
    )
    assert Membership.objects.get(user=leader).title == "党组成员、副局长"
    assert Membership.objects.get(user=clerk).unit == office
    with pytest.raises(ServiceError, match="第一责任人"):
        services.role_grant(
            actor=seed.liaison, person=clerk, unit=office, role=Role.OFFICE_CLERK, first_responsible=True
        )


def test_a_duplicate_username_is_refused_in_chinese(seed):
    with pytest.raises(ServiceError, match="已被使用"):
        services.person_create(
            actor=seed.liaison, username="LIAISON", full_name="重名", unit=seed.unit, role=Role.UNIT_LEADER
        )


def test_deactivating_keeps_the_account_and_ends_its_sessions(seed, client):
    clerk, password = services.person_create(
        actor=seed.liaison,
        username="jingban2",
        full_name="经办人乙",
        unit=seed.office("高新技术股"),
        role=Role.OFFICE_CLERK,
    )
    assert client.login(username="jingban2", password=password)
    assert client.get(reverse("home")).url == reverse(
        "signin:password_change"
    )  # signed in, one-time password
    services.person_deactivate(actor=seed.liaison, person=clerk)
    clerk.refresh_from_db()
    assert not clerk.is_active and get_user_model().objects.filter(pk=clerk.pk).exists()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response.url
    assert not client.login(username="jingban2", password=password)
    event = AuditEvent.objects.filter(object_type="auth.user", object_id=str(clerk.pk), action="update").get()
    assert event.changes == {"is_active": [True, False]}
    person, again = services.person_reactivate(actor=seed.liaison, person=clerk)
    assert person.is_active and client.login(username="jingban2", password=again)


def test_a_liaison_cannot_lock_out_someone_with_wider_roles(seed):
    with pytest.raises(ServiceError, match="无权授予"):
        services.person_deactivate(actor=seed.liaison, person=seed.xunchaban)
    with pytest.raises(ServiceError, match="无权授予"):
        services.person_deactivate(actor=seed.liaison, person=seed.liaison)  # nor themselves
    with pytest.raises(ServiceError):
        services.person_reset_password(actor=seed.outsider, person=seed.clerk)


def test_people_pages_show_only_ones_own_people(seed, login):
    client = login(seed.liaison)
    body = client.get(reverse("setup:people")).content.decode()
    assert (
        seed.clerk.username in body
        and seed.xunchaban.username not in body
        and seed.outsider.username not in body
    )
    assert client.get(reverse("setup:person", args=[seed.xunchaban.pk])).status_code == 404
    assert client.get(reverse("setup:person", args=[seed.outsider.pk])).status_code == 404
    response = client.post(
        reverse("setup:person_new"),
        {
            "username": "kezhang",
            "full_name": "科长甲",
            "unit": seed.office("高新技术股").pk,
            "role": Role.OFFICE_CLERK,
        },
        follow=True,
    )
    body = response.content.decode()
    assert "一次性密码" in body and 'id="one-time-password"' in body
    assert response.headers["Cache-Control"] == "no-store"
    # shown once: the next visit has it no more
    person = get_user_model().objects.get(username="kezhang")
    assert (
        'id="one-time-password"' not in client.get(reverse("setup:person", args=[person.pk])).content.decode()
    )
    # a forged choice of unit: refused on the form, nothing created
    response = client.post(
        reverse("setup:person_new"),
        {"username": "evil", "full_name": "某", "unit": office_unit(seed).pk, "role": Role.INSPECTION_OFFICE},
    )
    assert response.status_code == 200 and not get_user_model().objects.filter(username="evil").exists()
