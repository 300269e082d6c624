"""Test settings: same as base, with fast hashing and media in a temp folder."""

import tempfile

from zhenggai.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="zhenggai-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

ZHENGGAI_JOBS_BACKEND = "inline"

ZHENGGAI_AUDIT_KEY = "test-only-audit-key-0123456789abcdef"
ZHENGGAI_AUDIT_KEY_FILE = ""
ZHENGGAI_AUDIT_ALGORITHM = "hmac-sha256"
ZHENGGAI_AUDIT_ANCHOR_DIR = tempfile.mkdtemp(prefix="zhenggai-test-anchors-")
