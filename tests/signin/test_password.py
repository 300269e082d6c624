"""One's own password: a one-time password is replaced before any work; the rules (length ≥ 10,
common passwords, likeness to the account, digits only) answer in Chinese; a change ends the other
sessions; a reset by mail goes through a real SMTP server and works once."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from zhenggai.accounts.models import Role
from zhenggai.audit.models import AuditEvent
from zhenggai.setup import services as setup
from zhenggai.signin.models import AccountState

pytestmark = pytest.mark.django_db

CHANGE = "/account/password/"
GOOD = "Zhenggai-2026-qiuShi"


def new_liaison(seed, email="wang5@example.org"):
    return setup.person_create(
        actor=seed.xunchaban,
        username="wang5",
        full_name="王五",
        unit=seed.unit,
        role=Role.UNIT_LIAISON,
        email=email,
    )


def change(client, old, new, again=None):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": again or new})


def test_a_one_time_password_is_replaced_before_any_work(seed):
    person, one_time = new_liaison(seed)
    client = Client()
    response = client.post("/login/", {"username": "wang5", "password": one_time})
    assert response.status_code == 302
    page = client.get(f"/inspections/{seed.inspection.pk}/")
    assert page.status_code == 302 and page["Location"] == CHANGE
    api = client.get("/api/v1/inspections/")
    assert api.status_code == 403 and "设置您自己的密码" in api.json()["detail"]
    form = client.get(CHANGE)
    assert "设置您自己的密码" in form.content.decode() and "至少" in form.content.decode()

    for weak, reason in [
        ("12345678", "至少"),  # short
        ("password12", "太常见"),  # common
        ("1234567890", "只包含数字"),  # digits only
        ("wang5@example", "相似"),  # like the e-mail address
    ]:
        answer = change(client, one_time, weak).content.decode()
        assert reason in answer, (weak, answer)
    assert "不一致" in change(client, one_time, GOOD, GOOD + "x").content.decode()
    assert AccountState.objects.get(user=person).must_change_password

    done = change(client, one_time, GOOD)
    assert done.status_code == 302
    state = AccountState.objects.get(user=person)
    assert not state.must_change_password and state.password_changed_at
    assert client.get(f"/inspections/{seed.inspection.pk}/").status_code == 200
    assert AuditEvent.objects.filter(
        object_type="auth.user", object_id=str(person.pk), reason="本人修改密码"
    ).exists()


def test_a_change_ends_the_other_sessions_but_not_this_one(seed):
    user = seed.liaison
    user.set_password("Old-Password-2026")
    user.save()
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        assert client.login(username=user.username, password="Old-Password-2026")
    assert change(here, "Old-Password-2026", GOOD).status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/")["Location"].startswith("/login/")
    assert "当前密码" in here.get(CHANGE).content.decode()
    assert "不正确" in change(here, "wrong-old-password", GOOD + "2").content.decode()


def test_a_directory_account_changes_its_password_in_the_directory(seed):
    user = get_user_model().objects.create_user("ldapuser")
    user.set_unusable_password()
    user.save()
    client = Client()
    client.force_login(user)
    assert "统一身份认证" in client.get(CHANGE).content.decode()


def test_reset_by_mail_through_a_real_smtp_server(seed, smtp_inbox):
    person, _one_time = new_liaison(seed)
    anonymous = Client()
    assert "忘记密码" in anonymous.get("/login/").content.decode()
    sent = anonymous.post("/account/password/reset/", {"email": "nobody@example.org"})
    assert sent.status_code == 302 and smtp_inbox.new() == []  # the same answer, no mail
    sent = anonymous.post("/account/password/reset/", {"email": "WANG5@example.org"})
    assert sent.status_code == 302
    assert "请查收邮件" in anonymous.get(sent["Location"]).content.decode()
    (mail,) = smtp_inbox.new()
    assert mail.to == ["wang5@example.org"] and "重置密码" in mail.subject and "wang5" in mail.body
    link = re.search(r"http://testserver(/account/password/reset/\S+/)", mail.body).group(1)

    form = anonymous.get(link, follow=True)
    assert "新密码" in form.content.decode()
    url = form.redirect_chain[-1][0]
    assert (
        "至少" in anonymous.post(url, {"new_password1": "short", "new_password2": "short"}).content.decode()
    )
    done = anonymous.post(url, {"new_password1": GOOD, "new_password2": GOOD})
    assert done.status_code == 302 and "密码已重置" in anonymous.get(done["Location"]).content.decode()
    assert Client().login(username="wang5", password=GOOD)
    assert not AccountState.objects.get(user=person).must_change_password
    assert "已失效" in anonymous.get(link, follow=True).content.decode()  # once only


def test_reset_requests_are_limited_per_address(seed, mailoutbox):
    anonymous = Client()
    for _ in range(5):
        assert anonymous.post("/account/password/reset/", {"email": "nobody@example.org"}).status_code == 302
    refused = anonymous.post("/account/password/reset/", {"email": "nobody@example.org"})
    assert refused.status_code == 429 and "过于频繁" in refused.content.decode()
