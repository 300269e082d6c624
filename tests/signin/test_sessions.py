"""Sessions (zhenggai/signin/sessions): noted at sign-in, ended after ZHENGGAI_SESSION_IDLE_MINUTES
without a request or ZHENGGAI_SESSION_MAX_HOURS after signing in, listed and ended on
/account/sessions/; ``end_sessions_of`` finds an account's sessions through the notes."""

import datetime as dt
from importlib import import_module

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from zhenggai.api.tokens import token_create
from zhenggai.signin.models import UserSession
from zhenggai.signin.sessions import end_sessions_of

pytestmark = pytest.mark.django_db

PASSWORD = "zhenggai-demo"
START = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0"
HOME = reverse("home")


def device(address: str, agent: str, username: str = "liaison") -> Client:
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    assert client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302
    return client


def signed_in(client: Client) -> bool:
    return client.get(HOME).status_code == 200


def test_the_sessions_page_lists_ones_sessions_and_marks_this_one(seed):
    office = device("10.1.2.3", CHROME)
    phone = device("10.9.8.7", IPHONE)
    device("10.1.2.4", CHROME, username="clerk")  # someone else's
    response = office.get(reverse("signin:sessions"))
    assert response.status_code == 200
    rows = response.context["sessions"]
    assert [
        (r["device"], r["row"].ip_address, r["current"]) for r in sorted(rows, key=lambda r: r["row"].pk)
    ] == [
        ("Chrome · Windows", "10.1.2.3", True),
        ("微信 · iPhone", "10.9.8.7", False),
    ]
    page = response.content.decode()
    assert "当前设备" in page and 'id="end-others"' in page
    assert signed_in(phone)


def test_ending_the_others_keeps_this_one(seed):
    office, phone, tablet = device("10.1.2.3", CHROME), device("10.9.8.7", IPHONE), device("10.9.8.8", IPHONE)
    response = office.post(reverse("signin:sessions_end_others"), follow=True)
    assert "已结束其他 2 个会话" in response.content.decode()
    assert signed_in(office) and not signed_in(phone) and not signed_in(tablet)
    assert UserSession.objects.filter(user=seed.liaison).count() == 1


def test_ending_one_and_not_someone_elses(seed):
    office, phone = device("10.1.2.3", CHROME), device("10.9.8.7", IPHONE)
    clerks = device("10.1.2.4", CHROME, username="clerk")
    theirs = UserSession.objects.get(user=seed.clerk)
    assert office.post(reverse("signin:session_end", args=[theirs.pk])).status_code == 404
    assert signed_in(clerks)
    mine = UserSession.objects.get(user=seed.liaison, ip_address="10.9.8.7")
    assert office.post(reverse("signin:session_end", args=[mine.pk])).status_code == 302
    assert not signed_in(phone) and signed_in(office)
    assert not Session.objects.filter(session_key=mine.session_key).exists()
    this = UserSession.objects.get(user=seed.liaison)
    assert office.post(reverse("signin:session_end", args=[this.pk]))["Location"] == reverse("login")
    assert not signed_in(office) and not UserSession.objects.filter(user=seed.liaison).exists()


def test_end_sessions_of_ends_them_in_the_database_and_the_cache(seed, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    first, second = device("10.1.2.3", CHROME), device("10.9.8.7", IPHONE)
    other = device("10.1.2.4", CHROME, username="clerk")
    assert signed_in(first) and signed_in(second)
    keys = list(UserSession.objects.filter(user=seed.liaison).values_list("session_key", flat=True))
    prefix = import_module(settings.SESSION_ENGINE).KEY_PREFIX
    assert all(cache.get(prefix + key) for key in keys)
    assert end_sessions_of(seed.liaison) == 2
    assert not any(cache.get(prefix + key) for key in keys)
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not signed_in(first) and not signed_in(second) and signed_in(other)
    assert end_sessions_of(seed.liaison) == 0


def test_sign_out_removes_the_note(seed):
    client = device("10.1.2.3", CHROME)
    assert UserSession.objects.filter(user=seed.liaison).count() == 1
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(user=seed.liaison).exists()


def test_idle_sessions_are_signed_out_with_a_message(seed):
    with time_machine.travel(START, tick=False) as traveller:
        client = device("10.1.2.3", CHROME)
        traveller.shift(dt.timedelta(minutes=29))
        assert signed_in(client)  # activity: counted again from here
        traveller.shift(dt.timedelta(minutes=30))
        assert signed_in(client)
        traveller.shift(dt.timedelta(minutes=31, seconds=1))
        target = reverse("problem_list")
        response = client.get(target)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert "next=" in response["Location"]
        page = client.get(response["Location"]).content.decode()
        assert "长时间未操作，已退出登录，请重新登录。" in page
        assert not signed_in(client) and not UserSession.objects.filter(user=seed.liaison).exists()


def test_activity_is_noted_at_most_once_a_minute(seed):
    with time_machine.travel(START, tick=False) as traveller:
        client = device("10.1.2.3", CHROME)
        row = UserSession.objects.get(user=seed.liaison)
        traveller.shift(dt.timedelta(seconds=50))
        assert signed_in(client)
        row.refresh_from_db()
        assert row.last_seen == START
        traveller.shift(dt.timedelta(seconds=20))
        assert signed_in(client)
        row.refresh_from_db()
        assert row.last_seen == START + dt.timedelta(seconds=70)


def test_the_absolute_limit_ends_even_an_active_session(seed, settings):
    settings.ZHENGGAI_SESSION_MAX_HOURS = 1
    with time_machine.travel(START, tick=False) as traveller:
        client = device("10.1.2.3", CHROME)
        for _ in range(3):
            traveller.shift(dt.timedelta(minutes=20))
            assert signed_in(client)
        traveller.shift(dt.timedelta(minutes=1))
        response = client.get(HOME, follow=True)
        assert "登录已满 1 小时" in response.content.decode()
        assert not signed_in(client)


def test_the_api_answers_401_json_to_an_idle_session_and_tokens_are_unaffected(seed):
    with time_machine.travel(START, tick=False) as traveller:
        _token, secret = token_create(user=seed.liaison, name="脚本")
        client = device("10.1.2.3", CHROME)
        scripted = device("10.1.2.4", CHROME)
        assert client.get("/api/v1/me/").status_code == 200
        traveller.shift(dt.timedelta(hours=2))
        # a token request is not the session's business, even with the session's cookie
        assert scripted.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
        response = client.get("/api/v1/me/")
        assert response.status_code == 401 and response.json() == {
            "detail": "长时间未操作，已退出登录，请重新登录。",
            "errors": {},
        }
        assert client.get("/api/v1/me/").status_code in (401, 403)  # signed out now


def test_a_cycled_session_key_is_followed(seed):
    client = device("10.1.2.3", CHROME)
    session = client.session
    old = session.session_key
    session.cycle_key()  # what a password change does (update_session_auth_hash)
    session.save()
    client.cookies["sessionid"] = session.session_key
    assert signed_in(client)
    row = UserSession.objects.get(user=seed.liaison)
    assert row.session_key == session.session_key != old
    assert end_sessions_of(seed.liaison) == 1 and not signed_in(client)


def test_the_migration_notes_the_sessions_signed_in_before_it(seed):
    from importlib import import_module as load

    from django.apps import apps

    migration = load("zhenggai.signin.migrations.0003_user_session")
    device("10.1.2.3", CHROME)
    device("10.1.2.4", CHROME, username="clerk")
    keys = set(UserSession.objects.values_list("session_key", flat=True))
    UserSession.objects.all().delete()  # as before the table
    migration.note_live_sessions(apps, None)
    assert set(UserSession.objects.values_list("session_key", flat=True)) == keys
    assert end_sessions_of(seed.clerk) == 1
