"""Directory sign-in (LDAP/Active Directory, OpenID Connect): which units and roles a directory
account holds, by rules the operator writes (docs/signin-directory.md). One place for the rule,
whichever directory the account came from.

The rules are a TOML file named by ``ZHENGGAI_DIRECTORY_RULES``::

    [[rule]]
    group = "cn=kjj-liaison,ou=groups,dc=zhanhua,dc=gov,dc=cn"  # an LDAP group DN, or an OIDC groups value
    unit = "滨州市沾化区科学技术局"                               # a unit's full or short name
    role = "unit_liaison"

    [[rule]]
    attribute = "departmentNumber"  # an LDAP attribute, or an OIDC claim
    value = "KJJ-BGS"
    unit = "办公室"
    parent = "滨州市沾化区科学技术局"  # when the name alone is not unique (offices are often not)
    role = "office_clerk"
    title = "经办人"

At each directory sign-in ``sync_memberships`` gives the account the memberships its rules name and
takes away those the directory gave earlier that no rule names any more; memberships granted by hand
on the set-up pages are left alone. Every change is in the audit trail.
"""

import logging
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q

from zhenggai.accounts.models import ROLE_UNIT_KIND, Membership, Role, Unit
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record, snapshot
from zhenggai.signin.models import DirectoryGrant

log = logging.getLogger(__name__)

MEMBERSHIP_FIELDS = ["user", "unit", "role", "title", "is_first_responsible"]
_KEYS = {"group", "attribute", "value", "unit", "unit_id", "parent", "role", "title"}


@dataclass(frozen=True)
class DirectoryRule:
    role: str
    group: str = ""
    attribute: str = ""
    value: str = ""
    unit: str = ""
    unit_id: int | None = None
    parent: str = ""
    title: str = ""

    def matches(self, groups: set[str], attributes: Mapping[str, Iterable[str]]) -> bool:
        if self.group:
            return normalise_dn(self.group) in groups
        values = attributes.get(self.attribute) or ()
        if isinstance(values, str):
            values = (values,)
        return self.value in {str(v).strip() for v in values}


def normalise_dn(name: str) -> str:
    """LDAP names compare without case and without the spaces around ``,`` and ``=``; an OIDC group
    value compares the same way (it is usually a plain name)."""
    parts = [part.strip() for part in name.split(",")]
    return ",".join("=".join(side.strip() for side in part.split("=", 1)) for part in parts).casefold()


def _rule(raw: object, number: int) -> DirectoryRule:
    where = f"第 {number} 条规则"
    if not isinstance(raw, dict):
        raise ImproperlyConfigured(f"目录映射规则文件:{where}不是一张表。")
    unknown = set(raw) - _KEYS
    if unknown:
        raise ImproperlyConfigured(f"目录映射规则文件:{where}有不认识的键 {', '.join(sorted(unknown))}。")
    role = raw.get("role", "")
    if role not in Role.values:
        raise ImproperlyConfigured(
            f"目录映射规则文件:{where}的 role 应为 {'、'.join(Role.values)} 之一,而不是 {role!r}。"
        )
    by_group = bool(raw.get("group"))
    by_attribute = bool(raw.get("attribute")) and "value" in raw
    if by_group == by_attribute:
        raise ImproperlyConfigured(f"目录映射规则文件:{where}须有 group,或者 attribute 和 value(二者取一)。")
    if not raw.get("unit") and not raw.get("unit_id"):
        raise ImproperlyConfigured(f"目录映射规则文件:{where}须写明 unit(单位名称)或 unit_id。")
    unit_id = raw.get("unit_id")
    if unit_id is not None and (not isinstance(unit_id, int) or isinstance(unit_id, bool) or unit_id < 1):
        raise ImproperlyConfigured(f"目录映射规则文件:{where}的 unit_id 应为正整数。")
    return DirectoryRule(
        role=role,
        group=str(raw.get("group", "")),
        attribute=str(raw.get("attribute", "")),
        value=str(raw.get("value", "")).strip(),
        unit=str(raw.get("unit", "")).strip(),
        unit_id=unit_id,
        parent=str(raw.get("parent", "")).strip(),
        title=str(raw.get("title", "")).strip()[:100],
    )


def parse_rules(text: str) -> list[DirectoryRule]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImproperlyConfigured(f"目录映射规则文件不是有效的 TOML:{exc}") from exc
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise ImproperlyConfigured("目录映射规则文件:rule 应写成 [[rule]] 表的数组。")
    return [_rule(raw, number) for number, raw in enumerate(raw_rules, start=1)]


_cache: dict[tuple[str, float], list[DirectoryRule]] = {}


def configured_rules() -> list[DirectoryRule]:
    """The rules of ``ZHENGGAI_DIRECTORY_RULES`` (read again when the file changes); none when unset."""
    name = getattr(settings, "ZHENGGAI_DIRECTORY_RULES", "")
    if not name:
        return []
    path = Path(name)
    try:
        key = (str(path), path.stat().st_mtime)
    except OSError as exc:
        raise ImproperlyConfigured(f"读不到目录映射规则文件 {path}:{exc.strerror}") from exc
    if key not in _cache:
        _cache.clear()
        _cache[key] = parse_rules(path.read_text(encoding="utf-8"))
    return _cache[key]


def _unit_of(rule: DirectoryRule) -> Unit | None:
    if rule.unit_id is not None:
        units = list(Unit.objects.filter(pk=rule.unit_id)[:2])
    else:
        units_q = Unit.objects.filter(Q(name=rule.unit) | Q(short_name=rule.unit))
        if rule.parent:
            units_q = units_q.filter(Q(parent__name=rule.parent) | Q(parent__short_name=rule.parent))
        units = list(units_q[:2])
    if len(units) != 1:
        log.warning("directory rule %s: %s units match, rule skipped", rule, len(units))
        return None
    unit = units[0]
    if ROLE_UNIT_KIND[Role(rule.role)] != unit.kind:
        log.warning("directory rule %s: role %s is not held at a unit of kind %s", rule, rule.role, unit.kind)
        return None
    return unit


def granted_by_rules(
    groups: Iterable[str],
    attributes: Mapping[str, Iterable[str]],
    rules: list[DirectoryRule] | None = None,
) -> dict[tuple[int, str], str]:
    """(unit id, role) → title, for every rule the account's groups and attributes meet."""
    group_set = {normalise_dn(g) for g in groups}
    granted: dict[tuple[int, str], str] = {}
    for rule in configured_rules() if rules is None else rules:
        if rule.matches(group_set, attributes):
            unit = _unit_of(rule)
            if unit is not None:
                granted.setdefault((unit.pk, rule.role), rule.title)
    return granted


@transaction.atomic
def sync_memberships(
    user,  # type: ignore[no-untyped-def]
    *,
    groups: Iterable[str] = (),
    attributes: Mapping[str, Iterable[str]] | None = None,
    source: str,
    rules: list[DirectoryRule] | None = None,
) -> list[Membership]:
    """Bring ``user``'s directory-given memberships in line with the rules; returns the memberships
    the directory now gives. ``source`` ("ldap", "oidc") is recorded with each grant."""
    wanted = granted_by_rules(groups, attributes or {}, rules)
    reason = f"目录同步({source})"
    given = {
        (grant.membership.unit_id, grant.membership.role): grant
        for grant in DirectoryGrant.objects.filter(membership__user=user).select_related("membership__unit")
    }
    for key, grant in given.items():
        if key not in wanted:
            membership = grant.membership
            audit_record(
                actor=None,
                action=AuditAction.DELETE,
                obj=membership,
                unit_path=membership.unit.path,
                changes={k: [v, None] for k, v in snapshot(membership, MEMBERSHIP_FIELDS).items()},
                reason=reason,
            )
            membership.delete()  # the grant goes with it (CASCADE)
    result = []
    units = Unit.objects.in_bulk([unit_id for unit_id, _role in wanted])
    for (unit_id, role), title in wanted.items():
        membership, created = Membership.objects.get_or_create(
            user=user, unit_id=unit_id, role=role, defaults={"title": title}
        )
        if created:
            DirectoryGrant.objects.create(membership=membership, source=source)
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                obj=membership,
                unit_path=units[unit_id].path,
                changes={k: [None, v] for k, v in snapshot(membership, MEMBERSHIP_FIELDS).items()},
                reason=reason,
            )
        result.append(membership)
    return result
