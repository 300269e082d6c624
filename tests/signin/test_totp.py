"""The second factor (docs/signin-2fa.md): enrolment, verification after the password, recovery
codes, wrong codes, roles that must enrol, and API tokens left alone."""

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from zhenggai.api.tokens import token_create

pytestmark = pytest.mark.django_db

SETUP = reverse("signin:totp_setup")
VERIFY = reverse("signin:totp_verify")


def _code(device) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"


def _enrol(client, user) -> tuple[TOTPDevice, list[str]]:
    """Enrol ``user`` through the pages; returns the confirmed device and its recovery codes."""
    client.force_login(user)
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"] in page.content.decode()
    response = client.post(SETUP, {"code": _code(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("signin:totp_qr")).status_code == 404  # the secret is not shown again
    assert "secret" not in client.get(SETUP).context
    return device, codes


def _login_again(client, user):
    client.logout()
    client.force_login(user)  # the password step: the session is not verified yet


def test_optional_by_default_nobody_is_forced(client, seed):
    client.force_login(seed.xunchaban)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("roles", ["inspection_office", "inspection_office,superuser"])
def test_required_role_must_enrol_first(client, seed, settings, roles):
    settings.ZHENGGAI_OTP_REQUIRED_ROLES = roles
    client.force_login(seed.xunchaban)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert client.get(SETUP).context["required"] is True
    qr = client.get(reverse("signin:totp_qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content and b"style" not in qr.content
    # the API with the session: a JSON 403 in Chinese
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and "两步验证" in api.json()["detail"]
    # another role is not forced
    client.force_login(seed.liaison)
    assert client.get(reverse("home")).status_code == 200
    # once enrolled, the office may work
    _enrol(client, seed.xunchaban)
    assert client.get(reverse("home")).status_code == 200


def test_superuser_required(client, django_user_model, settings):
    settings.ZHENGGAI_OTP_REQUIRED_ROLES = "superuser"
    root = django_user_model.objects.create_superuser("root", password="x" * 12)
    client.force_login(root)
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_verification_after_login(client, seed):
    device, _codes = _enrol(client, seed.liaison)
    assert client.get(reverse("home")).status_code == 200  # verified by the enrolment
    _login_again(client, seed.liaison)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.get(reverse("healthz")).status_code == 200  # open without it
    with time_machine.travel(device.last_t * device.step + 90, tick=False):  # a fresh time step
        response = client.post(VERIFY, {"code": _code(device), "next": "/search/"})
        assert response.status_code == 302 and response["Location"] == "/search/"
        assert client.get(reverse("home")).status_code == 200


def test_recovery_code_works_once(client, seed):
    _device, codes = _enrol(client, seed.liaison)
    _login_again(client, seed.liaison)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    _login_again(client, seed.liaison)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200 and "验证码不正确" in response.context["error"]
    assert StaticToken.objects.filter(device__user=seed.liaison).count() == 9


def test_regenerating_recovery_codes_voids_the_old_ones(client, seed):
    _device, codes = _enrol(client, seed.liaison)
    new = client.post(reverse("signin:totp_recovery")).context["codes"]
    assert len(new) == 10 and not set(new) & set(codes)
    _login_again(client, seed.liaison)
    assert client.post(VERIFY, {"code": codes[1]}).status_code == 200
    assert client.post(reverse("signin:totp_recovery"))["Location"] == VERIFY  # not before verifying


def test_wrong_code_is_a_chinese_error_and_throttled(client, seed):
    device, _codes = _enrol(client, seed.liaison)
    _login_again(client, seed.liaison)
    response = client.post(VERIFY, {"code": "000000x"})
    assert response.status_code == 200 and "验证码不正确" in response.context["error"]
    response = client.post(VERIFY, {"code": "123"})
    assert "错误次数过多" in response.context["error"]  # django-otp's throttle: wait before trying again
    with time_machine.travel(device.last_t * device.step + 600, tick=False):
        response = client.post(VERIFY, {"code": _code(device)})
        assert response.status_code == 302


def test_wrong_code_at_enrolment(client, seed):
    client.force_login(seed.liaison)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "abc"})
    assert response.status_code == 200 and "验证码不正确" in response.context["error"]
    assert "错误次数过多" in client.post(SETUP, {"code": "abc"}).context["error"]
    assert not TOTPDevice.objects.filter(user=seed.liaison, confirmed=True).exists()


def test_api_token_unaffected(client, seed, settings):
    settings.ZHENGGAI_OTP_REQUIRED_ROLES = "inspection_office"
    _enrol(client, seed.xunchaban)
    _login_again(client, seed.xunchaban)
    assert client.get("/api/v1/me/").status_code == 403  # the unverified session
    api = APIClient()
    _token, secret = token_create(user=seed.xunchaban, name="测试")
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/me/").status_code == 200


def test_password_login_then_code(client, seed):
    """The real sign-in form: after the password, the code page; the next page is kept."""
    device, _codes = _enrol(client, seed.liaison)
    client.logout()
    response = client.post(reverse("login"), {"username": "liaison", "password": "zhenggai-demo"})
    assert response.status_code == 302
    target = reverse("inspection", args=[seed.inspection.pk])
    response = client.get(target)
    assert response["Location"] == f"{VERIFY}?next={target.replace('/', '%2F')}"
    page = client.get(response["Location"])
    assert page.status_code == 200 and page.context["next"] == target
    with time_machine.travel(device.last_t * device.step + 90, tick=False):
        response = client.post(VERIFY, {"code": _code(device), "next": target})
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_unsafe_next_is_ignored(client, seed):
    _device, codes = _enrol(client, seed.liaison)
    _login_again(client, seed.liaison)
    response = client.post(VERIFY, {"code": codes[0], "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_enrolment_and_new_codes_are_audited(client, seed):
    from zhenggai.audit.models import AuditEvent

    _enrol(client, seed.liaison)
    client.post(reverse("signin:totp_recovery"))
    events = AuditEvent.objects.filter(actor=seed.liaison, object_type__startswith="otp_")
    assert [(e.action, e.object_type) for e in events.order_by("seq")] == [
        ("create", "otp_totp.totpdevice"),
        ("update", "otp_static.staticdevice"),
        ("update", "otp_static.staticdevice"),
    ]
    assert events.order_by("seq").last().changes == {"recovery_codes": [10, 10]}
