"""Second-factor rules and devices: who must have one, enrolment, recovery codes, checking a code."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhenggai.accounts.models import Membership
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record

RECOVERY_CODE_COUNT = 10
SUPERUSER = "superuser"


def required_roles() -> set[str]:
    raw = getattr(settings, "ZHENGGAI_OTP_REQUIRED_ROLES", "") or ""
    return {part.strip() for part in raw.split(",") if part.strip()}


def is_required(user) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``user``'s roles (or being a superuser) oblige a second factor."""
    roles = required_roles()
    if not roles:
        return False
    if user.is_superuser and SUPERUSER in roles:
        return True
    return Membership.objects.filter(user=user, role__in=roles).exists()


def has_device(user) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``user`` has enrolled (a confirmed TOTP device; recovery codes come with it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# What the middleware needs on every request, decided once at sign-in and kept in the session (no
# query per request): a role granted or a device enrolled elsewhere counts from the next sign-in.
SESSION_KEY = "zhenggai_2fa"


def session_state(user) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    return {"enrolled": has_device(user), "required": is_required(user)}


def confirmed_totp(user) -> TOTPDevice | None:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    """The unconfirmed device being enrolled (created on first visit, same key until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_svg(device: TOTPDevice) -> bytes:
    """The otpauth:// URL as an SVG QR code (drawn here: nothing from the internet)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def _normalise(code: str) -> str:
    return "".join((code or "").split()).lower()


class Throttled(Exception):
    """Too many wrong codes: wait (django-otp's throttling) before the next try."""


@transaction.atomic
def confirm_totp(device: TOTPDevice, code: str) -> bool:
    """Confirm the pending device with a code from the app; other unconfirmed ones go.

    Raises Throttled while wrong codes lock the device (django-otp's throttling)."""
    if not device.verify_is_allowed()[0]:
        raise Throttled
    if not device.verify_token(_normalise(code)):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=device.user, action=AuditAction.CREATE, obj=device, object_repr="两步验证（TOTP）")
    return True


@transaction.atomic
def new_recovery_codes(user) -> list[str]:  # type: ignore[no-untyped-def]
    """Replace the recovery codes with 10 fresh ones (each usable once); returns them in clear."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    before = device.token_set.count()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=device,
        object_repr="两步验证恢复码",
        changes={"recovery_codes": [before, len(codes)]},
    )
    return codes


def recovery_codes_left(user) -> int:  # type: ignore[no-untyped-def]
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify_code(user, code: str):  # type: ignore[no-untyped-def]
    """The confirmed device ``code`` belongs to (a TOTP code or an unused recovery code), or None.

    Raises Throttled while every device of the user is locked by wrong codes."""
    token = _normalise(code)
    devices = list(devices_for_user(user, confirmed=True))
    allowed = [d for d in devices if not hasattr(d, "verify_is_allowed") or d.verify_is_allowed()[0]]
    if devices and not allowed:
        raise Throttled
    if not token:
        return None
    for device in allowed:
        if device.verify_token(token):
            return device
    return None
