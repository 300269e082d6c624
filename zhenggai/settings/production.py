"""Production: base with the security switches on. Set DATABASE_URL to PostgreSQL.

Intranet deployments that terminate TLS at a proxy keep the defaults and set
SECURE_PROXY_SSL_HEADER through ZHENGGAI_BEHIND_TLS_PROXY; plain-HTTP test installs switch the
TLS settings off explicitly (ZHENGGAI_REQUIRE_TLS=false), never silently.
"""

from django.core.exceptions import ImproperlyConfigured

from zhenggai.core.env import env_bool, env_int, env_str
from zhenggai.settings.base import *  # noqa: F403

# Refuse to start with the repository's key or a short one: with it, anyone can forge the public
# forms' tokens, sessions and password-reset links. Raised while the settings load, so every way in
# (gunicorn through wsgi.py, `zhenggai serve`, `migrate`, Celery) stops before serving anything.
MIN_SECRET_KEY_LENGTH = 32
if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH:  # noqa: F405
    raise ImproperlyConfigured(
        f"生产环境必须设置自己的 DJANGO_SECRET_KEY（至少 {MIN_SECRET_KEY_LENGTH} 个字符，不能是开发用的默认密钥）。"
        "生成一个：python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

_TLS = env_bool("ZHENGGAI_REQUIRE_TLS", True)
SESSION_COOKIE_SECURE = _TLS
CSRF_COOKIE_SECURE = _TLS
SECURE_SSL_REDIRECT = _TLS
SECURE_HSTS_SECONDS = env_int("ZHENGGAI_HSTS_SECONDS", 3600 if _TLS else 0)
# Government intranet hosts often share a parent domain with systems we do not run, and are not on
# the public internet: HSTS for sub-domains and preload lists are an operator's explicit choice.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ZHENGGAI_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("ZHENGGAI_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,  # noqa: F405
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
if env_bool("ZHENGGAI_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
ZHENGGAI_AUDIT_KEY_GENERATE = False  # the audit key comes from the operator (check audit.E001)
X_FRAME_OPTIONS = "DENY"

# The inspection office and superusers must sign in with a second factor (docs/signin-2fa.md).
ZHENGGAI_OTP_REQUIRED_ROLES = env_str("ZHENGGAI_OTP_REQUIRED_ROLES", "inspection_office,superuser")
