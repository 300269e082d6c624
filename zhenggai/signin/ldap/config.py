"""django-auth-ldap's settings, made from ours (``ZHENGGAI_LDAP_*`` in settings/base.py) each time
the backend is used, and the system check that reports a configuration that cannot work.

python-ldap is imported only here inside the functions, so an install without LDAP never loads it.
"""

import os
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# ZHENGGAI_LDAP_GROUP_TYPE → (django-auth-ldap group type, the search filter of such groups)
GROUP_TYPES = {
    "groupOfNames": ("GroupOfNamesType", "(objectClass=groupOfNames)"),
    "groupOfUniqueNames": ("GroupOfUniqueNamesType", "(objectClass=groupOfUniqueNames)"),
    "posixGroup": ("PosixGroupType", "(objectClass=posixGroup)"),
    "activeDirectory": ("ActiveDirectoryGroupType", "(objectClass=group)"),
}
# Always asked of the user search besides the entry's own attributes: Active Directory's groups,
# and OpenLDAP's when its memberof overlay keeps them (an operational attribute there).
MEMBER_OF = "memberOf"


def enabled() -> bool:
    return bool(getattr(settings, "ZHENGGAI_LDAP_URI", ""))


def configuration_problems() -> list[str]:
    """What makes the LDAP settings unusable, in Chinese; empty when fine or when LDAP is off."""
    if not enabled():
        return []
    problems = []
    if not settings.ZHENGGAI_LDAP_USER_SEARCH_BASE:
        problems.append(
            "设置了 ZHENGGAI_LDAP_URI，还须设置 ZHENGGAI_LDAP_USER_SEARCH_BASE（到目录的哪一处查找用户，"
            "如 ou=people,dc=example,dc=cn）。"
        )
    if "%(user)s" not in settings.ZHENGGAI_LDAP_USER_FILTER:
        problems.append(
            f"ZHENGGAI_LDAP_USER_FILTER 须含 %(user)s（登录时输入的用户名），"
            f"如 (uid=%(user)s)，而不是 {settings.ZHENGGAI_LDAP_USER_FILTER!r}。"
        )
    if settings.ZHENGGAI_LDAP_GROUP_TYPE not in GROUP_TYPES:
        problems.append(
            f"ZHENGGAI_LDAP_GROUP_TYPE 应为 {'、'.join(GROUP_TYPES)} 之一，"
            f"而不是 {settings.ZHENGGAI_LDAP_GROUP_TYPE!r}。"
        )
    ca_file = settings.ZHENGGAI_LDAP_CA_FILE
    if ca_file and not os.access(ca_file, os.R_OK):
        problems.append(f"读不到 ZHENGGAI_LDAP_CA_FILE 指定的 CA 证书文件 {ca_file}。")
    if settings.ZHENGGAI_LDAP_TIMEOUT <= 0:
        problems.append("ZHENGGAI_LDAP_TIMEOUT（秒）应为正整数。")
    return problems


def check_ldap_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [checks.Error(problem, id="signin.E101") for problem in configuration_problems()]


def backend_settings() -> dict[str, Any]:
    """The AUTH_LDAP_* settings (without the prefix) of ``backend.DirectoryBackend``."""
    problems = configuration_problems()
    if problems:
        raise ImproperlyConfigured(problems[0])
    import ldap
    from django_auth_ldap import config as auth_ldap

    timeout = settings.ZHENGGAI_LDAP_TIMEOUT
    options: dict[int, Any] = {
        ldap.OPT_REFERRALS: 0,  # Active Directory: do not chase referrals (they fail or hang)
        ldap.OPT_NETWORK_TIMEOUT: timeout,  # connecting
        ldap.OPT_TIMEOUT: timeout,  # each request
    }
    if (
        settings.ZHENGGAI_LDAP_CA_FILE
    ):  # the directory's certificate is signed by this CA (StartTLS, ldaps://)
        options[ldap.OPT_X_TLS_CACERTFILE] = settings.ZHENGGAI_LDAP_CA_FILE
        options[ldap.OPT_X_TLS_REQUIRE_CERT] = ldap.OPT_X_TLS_DEMAND
        options[ldap.OPT_X_TLS_NEWCTX] = 0  # last: a new TLS context with the options above
    group_type, group_filter = GROUP_TYPES[settings.ZHENGGAI_LDAP_GROUP_TYPE]
    group_base = settings.ZHENGGAI_LDAP_GROUP_SEARCH_BASE
    attr_map = {
        field: attribute
        for field, attribute in (
            ("first_name", settings.ZHENGGAI_LDAP_ATTR_NAME),  # the product shows first_name as the full name
            ("email", settings.ZHENGGAI_LDAP_ATTR_EMAIL),
        )
        if attribute
    }
    return {
        "SERVER_URI": settings.ZHENGGAI_LDAP_URI,
        "BIND_DN": settings.ZHENGGAI_LDAP_BIND_DN,
        "BIND_PASSWORD": settings.ZHENGGAI_LDAP_BIND_PASSWORD,
        "START_TLS": settings.ZHENGGAI_LDAP_START_TLS,
        "CONNECTION_OPTIONS": options,
        "USER_SEARCH": auth_ldap.LDAPSearch(
            settings.ZHENGGAI_LDAP_USER_SEARCH_BASE,
            ldap.SCOPE_SUBTREE,
            settings.ZHENGGAI_LDAP_USER_FILTER,
            attrlist=["*", MEMBER_OF],
        ),
        "GROUP_SEARCH": (
            auth_ldap.LDAPSearch(group_base, ldap.SCOPE_SUBTREE, group_filter) if group_base else None
        ),
        "GROUP_TYPE": getattr(auth_ldap, group_type)(),
        "USER_ATTR_MAP": attr_map,
        "ALWAYS_UPDATE_USER": True,  # name and e-mail follow the directory at each sign-in
        "PERMIT_EMPTY_PASSWORD": False,  # an empty password would be an anonymous bind, which "succeeds"
        "CACHE_TIMEOUT": 0,  # look the user up at each sign-in: a disabled or removed user is refused at once
    }
