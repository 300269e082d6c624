"""System checks: production refuses to run without the audit chain's key (docs/security/audit-trail.md)."""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register("security")
def audit_key_configured(app_configs=None, **kwargs):
    """``audit.E001``: no usable audit key (production does not generate one). Stops ``migrate``,
    ``runserver`` and ``check``; ``audit_record`` refuses to write without a key anyway."""
    from zhenggai.audit.keys import audit_key

    try:
        audit_key()
    except ImproperlyConfigured as error:
        return [
            Error(
                f"审计链没有可用的密钥:{error}",
                hint=(
                    "Set ZHENGGAI_AUDIT_KEY (at least 32 characters, e.g. `openssl rand -hex 32`) or "
                    "ZHENGGAI_AUDIT_KEY_FILE to a file outside the database; see docs/security/audit-trail.md."
                ),
                id="audit.E001",
            )
        ]
    return []
