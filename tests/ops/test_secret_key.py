"""Production refuses to start without its own DJANGO_SECRET_KEY; passwords follow Django's validators."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from zhenggai.settings.base import DEV_SECRET_KEY

LOAD = "import django; django.setup(); from django.conf import settings; print(len(settings.SECRET_KEY))"


def _load_production(key: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "zhenggai.settings.production"
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key
    return subprocess.run([sys.executable, "-c", LOAD], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("key", [None, "", DEV_SECRET_KEY, "short-key-of-31-characters-xxxx"])
def test_production_refuses_a_missing_repository_or_short_key(key):
    out = _load_production(key)
    assert out.returncode != 0
    assert "ImproperlyConfigured" in out.stderr
    assert "生产环境必须设置自己的 DJANGO_SECRET_KEY" in out.stderr


def test_production_starts_with_its_own_key():
    out = _load_production("k" * 32)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "32"


def test_the_wsgi_entry_point_refuses_too():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    out = subprocess.run(
        [sys.executable, "-c", "import zhenggai.wsgi"], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode != 0
    assert "DJANGO_SECRET_KEY" in out.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("12345678", "密码太短"),
        ("password", "这个密码太常见了"),
        ("1234567890123", "密码只包含数字"),
        ("wanghongwei-2026", "太相似"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password, reason):
    user = get_user_model()(username="wanghongwei-2026", first_name="宏伟", last_name="王")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert any(reason in message for message in refused.value.messages), refused.value.messages


@pytest.mark.django_db
def test_a_good_password_passes():
    user = get_user_model()(username="liaison-new")
    validate_password("整改台账-沾化-2026", user)
