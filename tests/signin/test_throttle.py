"""Sign-in throttling (django-axes, zhenggai/signin/throttle): an account locks after
ZHENGGAI_LOGIN_FAILURE_LIMIT failures, an address after ZHENGGAI_LOGIN_ADDRESS_FAILURE_LIMIT; during
the lock the right password is refused with a Chinese 429 page; the lock ends with the cool-off or an
audited unlock; the records are read by the superuser and, for their committee, the office."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from zhenggai.accounts.models import Membership, Role
from zhenggai.accounts.services import unit_create
from zhenggai.audit.models import AuditEvent
from zhenggai.signin.addresses import client_address, throttle_address

pytestmark = pytest.mark.django_db

PASSWORD = "zhenggai-demo"  # the seed personas' password
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LOGIN = reverse("login")


def sign_in(client, username, password, path=LOGIN, **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def fail(client, username, times, **extra):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", **extra)
        assert response.status_code in (200, 429)
    return response


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, seed):
    with time_machine.travel(START, tick=False):
        first = fail(client, "liaison", 4)
        assert first.status_code == 200  # the fourth: the form again, not locked yet
        locked = fail(client, "liaison", 1)
        assert locked.status_code == 429
        response = sign_in(client, "liaison", PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429 and "已暂时锁定" in page and "17:15 之后" in page  # 09:00 UTC + 15 min
    assert 'name="password"' in page and 'value="liaison"' in page  # the log-in form, in the site's layout
    assert 'class="topbar"' in page and int(response["Retry-After"]) == 15 * 60
    assert not signed_in(client)
    assert AccessFailureLog.objects.filter(username="liaison").count() == 6
    assert AccessFailureLog.objects.filter(username="liaison", locked_out=True).count() == 2
    # another account from the same address is not locked by one account's failures
    assert sign_in(Client(), "leader", PASSWORD).status_code == 302


def test_the_lock_ends_with_the_cool_off(client, seed, settings):
    settings.ZHENGGAI_LOGIN_COOLOFF_MINUTES = 10
    with time_machine.travel(START, tick=False) as traveller:
        fail(client, "clerk", 5)
        traveller.shift(dt.timedelta(minutes=9, seconds=59))
        assert sign_in(client, "clerk", PASSWORD).status_code == 429  # …and the lock starts again
        traveller.shift(dt.timedelta(minutes=10, seconds=1))
        response = sign_in(client, "clerk", PASSWORD)
        assert response.status_code == 302 and signed_in(client)
    assert not AccessAttempt.objects.filter(username="clerk").exists()  # a success clears the account's
    assert AccessLog.objects.filter(username="clerk").count() == 1


def test_a_success_clears_the_accounts_failures(client, seed):
    fail(client, "leader", 4)
    assert sign_in(client, "leader", PASSWORD).status_code == 302
    client.logout()
    fail(client, "leader", 1)
    assert sign_in(client, "leader", PASSWORD).status_code == 302


def test_an_address_locks_every_account_behind_it(seed, settings):
    settings.ZHENGGAI_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    here, elsewhere = Client(REMOTE_ADDR="192.0.2.10"), Client(REMOTE_ADDR="198.51.100.7")
    for name in ("a1", "a2", "a3", "a4", "a5", "a6"):  # names tried once each: no account reaches 5
        fail(here, name, 1)
    response = sign_in(here, "leader", PASSWORD)
    assert response.status_code == 429 and "已暂时锁定" in response.content.decode()
    # signing in to one's own account does not clear the address
    assert sign_in(elsewhere, "liaison", PASSWORD).status_code == 302
    assert sign_in(here, "liaison", PASSWORD).status_code == 429
    assert sign_in(Client(REMOTE_ADDR="198.51.100.8"), "leader", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(seed, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.org", "Root-Pass-12345")
    client = Client()
    admin_login = reverse("admin:login")
    for _ in range(5):
        sign_in(client, "root", "wrong", path=admin_login)
    response = sign_in(client, "root", "Root-Pass-12345", path=admin_login)
    assert response.status_code == 429 and "已暂时锁定" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302  # still sent to sign in


def test_the_api_and_scripts_get_json(client, seed):
    fail(client, "liaison", 5)
    response = sign_in(client, "liaison", PASSWORD, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 429 and "已暂时锁定" in response.json()["detail"]


def test_the_address_comes_from_the_proxy_header_only_when_configured(settings):
    def seen(remote, forwarded=None, function=client_address):
        extra = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
        return function(RequestFactory().post("/login/", **extra))

    settings.ZHENGGAI_SIGNIN_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.ZHENGGAI_SIGNIN_TRUSTED_PROXIES = ""
    assert seen("10.0.0.5", "203.0.113.9") == "10.0.0.5"  # no proxy named: the header is not believed
    settings.ZHENGGAI_SIGNIN_TRUSTED_PROXIES = "10.0.0.5"
    assert seen("10.0.0.5", "1.2.3.4, 203.0.113.9") == "203.0.113.9"  # the forged left part is ignored
    assert seen("198.51.100.1", "203.0.113.9") == "198.51.100.1"  # not from the proxy
    assert seen("10.0.0.5", "2001:db8:1:2::7") == "2001:db8:1:2::7"
    assert seen("10.0.0.5", "2001:db8:1:2::7", throttle_address) == "2001:db8:1:2::"  # counted by /64
    assert seen("10.0.0.5", "not-an-address") is None


def test_failures_behind_the_proxy_count_for_the_client_address(seed, settings):
    settings.ZHENGGAI_SIGNIN_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.ZHENGGAI_SIGNIN_TRUSTED_PROXIES = "127.0.0.1"
    settings.ZHENGGAI_LOGIN_ADDRESS_FAILURE_LIMIT = 2
    client = Client()
    fail(client, "x1", 1, HTTP_X_FORWARDED_FOR="203.0.113.9")
    fail(client, "x2", 1, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    assert sign_in(client, "leader", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert sign_in(client, "leader", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 302


# The records page -------------------------------------------------------------------------------


@pytest.fixture
def far_user(seed):
    """An account under another committee: not the district office's to read."""
    committee = unit_create(name="中共某市委员会", kind="committee")
    unit = unit_create(name="市科技局", kind="unit", parent=committee)
    user = get_user_model().objects.create_user("yuanfang", password=PASSWORD)
    Membership.objects.create(user=user, unit=unit, role=Role.UNIT_LIAISON)
    return user


def _records(client, **params):
    response = client.get(reverse("signin:logins"), params)
    assert response.status_code == 200
    return response


def test_the_office_reads_its_committees_accounts_only(client, seed, far_user, login):
    fail(client, "clerk", 5)  # locked, in the office's committee
    fail(client, "yuanfang", 5)  # locked, another committee
    fail(client, "nobody", 1)  # no such account
    sign_in(Client(), "leader", PASSWORD)
    office = login(seed.xunchaban)
    page = _records(office)
    names = {r["username"] for r in page.context["records"]}
    assert names == {"clerk", "leader", "xunchaban"}  # (the office's own sign-in just now)
    assert [lock.key for lock in page.context["accounts"]] == ["clerk"]
    rows = page.context["records"]
    assert [(r["username"], r["success"]) for r in rows[:2]] == [("xunchaban", True), ("leader", True)]
    assert sum(1 for r in rows if r["username"] == "clerk" and not r["success"]) == 5
    assert "yuanfang" not in page.content.decode() and "nobody" not in page.content.decode()
    assert {r["username"] for r in _records(office, username="clerk").context["records"]} == {"clerk"}


def test_the_superuser_reads_everything_and_others_get_404(client, seed, far_user, django_user_model, login):
    fail(client, "yuanfang", 1)
    fail(client, "nobody", 1)
    root = django_user_model.objects.create_superuser("root", "root@example.org", "Root-Pass-12345")
    names = {r["username"] for r in _records(login(root)).context["records"]}
    assert {"yuanfang", "nobody"} <= names
    for persona in (seed.liaison, seed.leader, seed.clerk, seed.outsider):
        assert login(persona).get(reverse("signin:logins")).status_code == 404


def test_the_records_are_paginated(client, seed, login, settings):
    settings.ZHENGGAI_LOGIN_FAILURE_LIMIT = settings.ZHENGGAI_LOGIN_ADDRESS_FAILURE_LIMIT = 1000
    fail(client, "clerk", 55)
    office = login(seed.xunchaban)  # and one success
    first = _records(office)
    assert len(first.context["records"]) == 50 and first.context["page"].paginator.count == 56
    second = _records(office, page=2).context["records"]
    assert len(second) == 6 and second[-1]["username"] == "clerk" and not second[-1]["success"]


def test_the_office_unlocks_an_account_and_it_is_audited(client, seed, far_user, login):
    fail(client, "clerk", 5)
    assert sign_in(client, "clerk", PASSWORD).status_code == 429
    office = login(seed.xunchaban)
    response = office.post(reverse("signin:logins_unlock"), {"username": "clerk"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="clerk").exists()
    event = AuditEvent.objects.get(object_type="auth.user", object_id=str(seed.clerk.pk), action="other")
    assert event.actor == seed.xunchaban and event.changes == {"failures": [6, 0]}
    assert "解除登录锁定" in event.reason
    assert sign_in(Client(), "clerk", PASSWORD).status_code == 302
    # not the office's: 404, and nothing cleared
    fail(client, "yuanfang", 5)
    assert office.post(reverse("signin:logins_unlock"), {"username": "yuanfang"}).status_code == 404
    assert office.post(reverse("signin:logins_unlock"), {"username": "nobody"}).status_code == 404
    assert AccessAttempt.objects.filter(username="yuanfang").exists()
    assert login(seed.liaison).post(reverse("signin:logins_unlock"), {"username": "clerk"}).status_code == 404


def test_address_locks_are_shown_to_the_office_and_lifted_by_the_superuser(
    seed, settings, login, django_user_model
):
    settings.ZHENGGAI_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    here = Client(REMOTE_ADDR="192.0.2.10")
    tried = ("试探甲", "试探乙", "试探丙")  # names no token or markup can contain by chance
    for name in tried:
        fail(here, name, 1)
    office = login(seed.xunchaban)
    page = _records(office)
    assert [(lock.key, lock.failures) for lock in page.context["addresses"]] == [("192.0.2.10", 3)]
    html = page.content.decode()
    assert not any(name in html for name in tried)  # the names tried from it are not the office's to read
    assert office.post(reverse("signin:logins_unlock"), {"address": "192.0.2.10"}).status_code == 404
    root = django_user_model.objects.create_superuser("root", "root@example.org", "Root-Pass-12345")
    superuser = Client()
    superuser.force_login(root)
    assert superuser.post(reverse("signin:logins_unlock"), {"address": "192.0.2.10"}).status_code == 302
    assert sign_in(here, "leader", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(object_type="axes.accessattempt", object_repr="192.0.2.10").exists()
    response = superuser.post(reverse("signin:logins_unlock"), {"address": "no-address"}, follow=True)
    assert "不是有效的网络地址" in response.content.decode()


def test_each_user_sees_their_own_sign_ins(client, seed, login):
    fail(Client(REMOTE_ADDR="203.0.113.5"), "liaison", 2)
    sign_in(client, "liaison", PASSWORD, HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Chrome/120.0")
    page = client.get(reverse("signin:sessions"))
    records = page.context["records"]
    assert [r["success"] for r in records] == [True, False, False]
    assert records[0]["device"] == "Chrome · Windows" and records[1]["ip_address"] == "203.0.113.5"
    assert "密码错误" in page.content.decode()
    assert (
        not page.context["reads_logins"]
        and login(seed.xunchaban).get(reverse("signin:sessions")).context["reads_logins"]
    )
