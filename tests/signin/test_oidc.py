"""统一身份认证 (OpenID Connect) against a real provider: django-oauth-toolkit's, run by this module as
its own server on 127.0.0.1 (tests/signin/oidc_provider/), with an RSA key made here. The browser's
part (the provider's log-in form and consent) goes over real HTTP with ``requests``; our side is the
Django test client, whose backend exchanges the code for tokens and reads the keys and the userinfo
over real HTTP too."""

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import is_password_usable

from zhenggai.accounts.models import Membership, Role
from zhenggai.audit.models import AuditEvent
from zhenggai.signin.models import DirectoryGrant
from zhenggai.signin.oidc.models import Identity

pytestmark = pytest.mark.django_db

PROVIDER_DIR = Path(__file__).parent / "oidc_provider"
CLIENT_ID = "zhenggai-test"
CLIENT_SECRET = "client-secret-for-the-tests-only"
OUR_SITE = "http://testserver"
CALLBACK = f"{OUR_SITE}/account/oidc/callback/"
UNIT = "滨州市沾化区科学技术局"

RULES = """
[[rule]]
group = "kjj-liaison"
unit = "区科技局"
role = "unit_liaison"

[[rule]]
group = "kjj-leader"
unit = "区科技局"
role = "unit_leader"

[[rule]]
attribute = "departmentNumber"
value = "GXJS"
unit = "高新技术股"
parent = "滨州市沾化区科学技术局"
role = "office_clerk"
title = "经办人"
"""

PEOPLE = {
    "zhangsan": {
        "password": "provider-pass-zhangsan",
        "claims": {
            "name": "张三",
            "email": "zhangsan@zhanhua.gov.cn",
            "email_verified": True,
            "groups": ["kjj-liaison"],
            "departmentNumber": "GXJS",
        },
    },
    "liaison": {"password": "provider-pass-liaison", "claims": {"name": "同名者", "groups": ["kjj-leader"]}},
}


@dataclass
class Provider:
    issuer: str
    folder: Path
    server: subprocess.Popen

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            if self.server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the test provider did not start:\n" + (self.folder / "server.log").read_text())
            time.sleep(0.05)

    def set_claims(self, username: str, **claims) -> None:
        people = json.loads((self.folder / "people.json").read_text(encoding="utf-8"))
        people[username]["claims"] = claims
        (self.folder / "people.json").write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc-provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (folder / "rsa.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    (folder / "people.json").write_text(json.dumps(PEOPLE, ensure_ascii=False), encoding="utf-8")
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}/o"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "provider.settings",
        "OIDC_TEST_PROVIDER_DIR": str(folder),
        "OIDC_TEST_PROVIDER_ISSUER": issuer,
    }
    client = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": CALLBACK,
        "post_logout_uri": f"{OUR_SITE}/login/",
    }
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(  # migrates, makes the client and the people, serves: started, not awaited
        [sys.executable, "manage.py", "provider_serve", json.dumps(client), f"127.0.0.1:{port}"],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield Provider(issuer=issuer, folder=folder, server=server)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def oidc(settings, provider, tmp_path, seed):
    """Our side configured for the provider, with the rules file."""
    provider.wait_until_up()
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    settings.ZHENGGAI_DIRECTORY_RULES = str(rules)
    settings.ZHENGGAI_OIDC_ISSUER = provider.issuer
    settings.ZHENGGAI_OIDC_CLIENT_ID = CLIENT_ID
    settings.ZHENGGAI_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.AUTHENTICATION_BACKENDS = [
        "zhenggai.signin.throttle.backends.ThrottleBackend",
        "django.contrib.auth.backends.ModelBackend",
        "zhenggai.signin.oidc.backend.OIDCBackend",
    ]
    provider.set_claims("zhangsan", **PEOPLE["zhangsan"]["claims"])
    return provider


class _Form(HTMLParser):
    """The first form's action and fields (the submit button named ``allow`` included)."""

    def __init__(self) -> None:
        super().__init__()
        self.action, self.fields, self._in_form = None, {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.action is None:
            self.action, self._in_form = attrs.get("action") or "", True
        elif (
            tag == "input"
            and self._in_form
            and attrs.get("name")
            and (attrs.get("type") != "submit" or attrs["name"] == "allow")
        ):
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def _form(response) -> tuple[str, dict]:
    parser = _Form()
    parser.feed(response.text)
    assert parser.action is not None, response.text
    return urljoin(response.url, parser.action), parser.fields


def at_provider(browser: requests.Session, url: str, username: str) -> str:
    """Through the provider's log-in form and consent page: the address it sends the browser back to."""
    while True:
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code != 302:
            break
        url = urljoin(url, response.headers["Location"])
        if url.startswith(OUR_SITE):
            return url  # signed in there already and consented before
    for _step in range(3):
        action, fields = _form(response)
        if "password" in fields:
            fields |= {"username": username, "password": PEOPLE[username]["password"]}
        else:
            assert "allow" in fields, response.text  # the consent page
        response = browser.post(action, data=fields, headers={"Referer": response.url}, allow_redirects=False)
        while response.status_code == 302:
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(OUR_SITE):
                return location
            response = browser.get(location, allow_redirects=False, timeout=10)
    raise AssertionError(f"the provider did not send us back: {response.status_code} {response.text[:500]}")


def start(client, next_url: str = "/") -> str:
    response = client.get("/account/oidc/authenticate/", {"next": next_url})
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, browser, username="zhangsan", next_url="/"):
    back = at_provider(browser, start(client, next_url), username)
    assert back.startswith(CALLBACK)
    return client.get(back.removeprefix(OUR_SITE))


def roles_of(user) -> set[tuple[str, str]]:
    return set(Membership.objects.filter(user=user).values_list("unit__name", "role"))


def test_the_link_shows_only_when_configured(provider, client, settings, seed):
    # (``provider`` only starts the provider here, to be up by the next test)
    page = client.get("/login/").content.decode()
    assert "统一身份认证登录" not in page and "/account/oidc/" not in page
    assert client.get("/account/oidc/authenticate/").status_code == 404
    assert client.get("/account/oidc/callback/?code=a&state=b").status_code == 404

    # configured (nothing is fetched from the provider to draw the page: it need not be up)
    settings.ZHENGGAI_OIDC_ISSUER = f"http://127.0.0.1:{_free_port()}/o"
    settings.ZHENGGAI_OIDC_CLIENT_ID = CLIENT_ID
    settings.AUTHENTICATION_BACKENDS = [
        "zhenggai.signin.throttle.backends.ThrottleBackend",
        "django.contrib.auth.backends.ModelBackend",
        "zhenggai.signin.oidc.backend.OIDCBackend",
    ]
    page = client.get("/login/?next=/inspections/1/").content.decode()
    assert 'href="/account/oidc/authenticate/?next=%2Finspections%2F1%2F"' in page
    assert "统一身份认证登录" in page
    settings.ZHENGGAI_OIDC_BUTTON_LABEL = "山东通登录"
    assert "山东通登录" in client.get("/login/").content.decode()

    # the password still works, and does not go near the provider (which is down)
    seed.liaison.set_password("local-password-123")
    seed.liaison.save()
    response = client.post("/login/", {"username": "liaison", "password": "local-password-123"})
    assert response.status_code == 302 and response["Location"] == "/"

    # the provider down: a Chinese page, not a 500
    client.logout()
    response = client.get("/account/oidc/authenticate/")
    assert response.status_code == 502
    assert "暂时无法与统一身份认证服务完成验证" in response.content.decode()


def test_sign_in_gives_the_rules_units_and_roles_and_follows_the_provider(client, oidc):
    browser = requests.Session()
    response = sign_in(client, browser, next_url="/inspections/")
    assert response.status_code == 302 and response["Location"] == "/inspections/"

    user = get_user_model().objects.get(username="zhangsan")
    assert (user.first_name, user.email) == ("张三", "zhangsan@zhanhua.gov.cn")
    assert not is_password_usable(user.password)
    assert user.oidc_identity.issuer == oidc.issuer and user.oidc_identity.subject
    assert roles_of(user) == {(UNIT, Role.UNIT_LIAISON), ("高新技术股", Role.OFFICE_CLERK)}
    assert Membership.objects.get(user=user, role=Role.OFFICE_CLERK).title == "经办人"
    assert set(DirectoryGrant.objects.filter(membership__user=user).values_list("source", flat=True)) == {
        "oidc"
    }
    assert client.get("/").wsgi_request.user == user
    assert "oidc_id_token" not in client.session  # kept only for the provider's log-out
    assert AuditEvent.objects.filter(
        object_type="auth.user", object_id=str(user.pk), action="create"
    ).exists()

    # log-out ends our session (the provider's is left: ZHENGGAI_OIDC_PROVIDER_LOGOUT is off)
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/").status_code == 302

    # the provider moves the person: the next sign-in follows (no password asked there this time)
    oidc.set_claims("zhangsan", name="张三", email="zhangsan@zhanhua.gov.cn", groups=["kjj-leader"])
    assert sign_in(client, browser).status_code == 302
    assert get_user_model().objects.filter(username="zhangsan").count() == 1
    assert Identity.objects.count() == 1
    assert roles_of(user) == {(UNIT, Role.UNIT_LEADER)}
    assert (
        AuditEvent.objects.filter(
            object_type="accounts.membership", action="delete", reason="目录同步(oidc)"
        ).count()
        == 2
    )
    assert client.get("/").wsgi_request.user == user


def test_a_forged_state_a_token_error_or_a_refusal_is_a_chinese_page(client, oidc, settings):
    browser = requests.Session()

    def page(response, status, words):
        text = response.content.decode()
        assert response.status_code == status and words in text, text
        assert "统一身份认证登录未成功" in text

    authorize = start(client)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    page(client.get("/account/oidc/callback/", {"code": "x", "state": "forged"}), 400, "这次登录请求已失效")
    # a code the provider never gave: the token endpoint (real HTTP) says invalid_grant
    page(
        client.get("/account/oidc/callback/", {"code": "bogus", "state": state}),
        502,
        "暂时无法与统一身份认证服务完成验证",
    )
    page(
        client.get("/account/oidc/callback/", {"code": "bogus", "state": state}), 400, "这次登录请求已失效"
    )  # used

    authorize = start(client)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    page(client.get("/account/oidc/callback/", {"error": "access_denied", "state": state}), 403, "未获授权")
    page(client.get("/account/oidc/callback/"), 400, "返回的地址不完整")

    # a real code, replayed: the second time the state is gone
    back = at_provider(browser, start(client), "zhangsan").removeprefix(OUR_SITE)
    assert client.get(back).status_code == 302
    client.logout()
    page(client.get(back), 400, "这次登录请求已失效")

    # the provider refuses our client (a wrong secret at the token endpoint)
    settings.ZHENGGAI_OIDC_CLIENT_SECRET = "not-the-secret"
    back = at_provider(browser, start(client), "zhangsan").removeprefix(OUR_SITE)
    page(client.get(back), 502, "暂时无法与统一身份认证服务完成验证")
    assert "_auth_user_id" not in client.session


def test_a_local_account_of_the_same_name_is_not_taken_over_unless_allowed(client, oidc, settings):
    browser = requests.Session()
    local = get_user_model().objects.get(username="liaison")
    response = sign_in(client, browser, username="liaison")
    assert response.status_code == 403
    assert "本系统已有用户名为“liaison”的账号" in response.content.decode()
    assert not Identity.objects.exists() and "_auth_user_id" not in client.session

    settings.ZHENGGAI_OIDC_LINK_EXISTING = True
    assert sign_in(client, browser, username="liaison").status_code == 302
    assert Identity.objects.get().user == local
    assert (UNIT, Role.UNIT_LEADER) in roles_of(local)  # the rules' grant; the hand-made ones stay
    assert (UNIT, Role.UNIT_LIAISON) in roles_of(local)


def test_log_out_can_end_the_providers_session_too(client, oidc, settings):
    settings.ZHENGGAI_OIDC_PROVIDER_LOGOUT = True
    browser = requests.Session()
    assert sign_in(client, browser).status_code == 302
    response = client.post("/logout/")
    assert client.get("/").status_code == 302  # our session ended
    end_session = response["Location"]
    assert end_session.startswith(f"{oidc.issuer}/logout/") and "id_token_hint=" in end_session
    back = browser.get(end_session, allow_redirects=False, timeout=10)
    assert back.status_code == 302 and back.headers["Location"] == f"{OUR_SITE}/login/"
    # signed out there too: the provider asks for the password again
    response = browser.get(start(client), timeout=10)
    assert 'name="password"' in response.text


def test_a_deactivated_account_or_a_broken_rules_file_is_a_chinese_page(client, oidc, settings, tmp_path):
    browser = requests.Session()
    assert sign_in(client, browser).status_code == 302
    client.logout()
    user = get_user_model().objects.get(username="zhangsan")
    user.is_active = False
    user.save()
    response = sign_in(client, browser)
    assert response.status_code == 403 and "此账号已停用" in response.content.decode()
    assert "_auth_user_id" not in client.session

    user.is_active = True
    user.save()
    broken = tmp_path / "broken.toml"
    broken.write_text('[[rule]]\ngroup = "kjj-liaison"\nrole = "chief"\n', encoding="utf-8")
    settings.ZHENGGAI_DIRECTORY_RULES = str(broken)
    response = sign_in(client, browser)
    assert response.status_code == 503 and "统一身份认证的配置有误" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert roles_of(user) == {(UNIT, Role.UNIT_LIAISON), ("高新技术股", Role.OFFICE_CLERK)}  # untouched
