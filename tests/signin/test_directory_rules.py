"""The operator's rules that map directory groups and attributes to units and roles (LDAP and OIDC
alike): grants follow the directory, hand-made grants stay, every change is audited, a bad file is
refused with a Chinese message."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured

from zhenggai.accounts.models import Membership, Role
from zhenggai.audit.models import AuditEvent
from zhenggai.signin.directory_rules import configured_rules, parse_rules, sync_memberships
from zhenggai.signin.models import DirectoryGrant

pytestmark = pytest.mark.django_db

RULES = """
[[rule]]
group = "CN=kjj-liaison, OU=groups, DC=zhanhua, DC=gov"
unit = "区科技局"
role = "unit_liaison"

[[rule]]
attribute = "departmentNumber"
value = "GXJS"
unit = "高新技术股"
parent = "滨州市沾化区科学技术局"
role = "office_clerk"
title = "经办人"

[[rule]]
group = "cn=nowhere,dc=gov"
unit = "不存在的单位"
role = "unit_leader"
"""


def roles_of(user) -> set[tuple[str, str]]:
    return set(Membership.objects.filter(user=user).values_list("unit__name", "role"))


def test_grants_follow_the_directory_and_hand_grants_stay(seed):
    rules = parse_rules(RULES)
    user = get_user_model().objects.create_user("zhang3")
    Membership.objects.create(user=user, unit=seed.unit, role=Role.UNIT_LEADER)  # by hand

    sync_memberships(
        user,
        groups=["cn=KJJ-liaison,ou=groups,dc=zhanhua,dc=gov"],  # case and spaces do not matter
        attributes={"departmentNumber": ["GXJS"]},
        source="ldap",
        rules=rules,
    )
    assert roles_of(user) == {
        (seed.unit.name, Role.UNIT_LEADER),
        (seed.unit.name, Role.UNIT_LIAISON),
        ("高新技术股", Role.OFFICE_CLERK),
    }
    clerk = Membership.objects.get(user=user, role=Role.OFFICE_CLERK)
    assert clerk.title == "经办人" and clerk.directory_grant.source == "ldap"
    assert (
        AuditEvent.objects.filter(
            object_type="accounts.membership", action="create", reason="目录同步(ldap)"
        ).count()
        == 2
    )

    sync_memberships(user, groups=[], attributes={"departmentNumber": ["GXJS"]}, source="ldap", rules=rules)
    assert roles_of(user) == {(seed.unit.name, Role.UNIT_LEADER), ("高新技术股", Role.OFFICE_CLERK)}
    assert (
        AuditEvent.objects.filter(
            object_type="accounts.membership", action="delete", reason="目录同步(ldap)"
        ).count()
        == 1
    )
    assert DirectoryGrant.objects.filter(membership__user=user).count() == 1

    sync_memberships(user, source="ldap", rules=rules)  # out of every group: only the hand grant
    assert roles_of(user) == {(seed.unit.name, Role.UNIT_LEADER)}


def test_a_role_at_the_wrong_kind_of_unit_is_skipped(seed):
    rules = parse_rules('[[rule]]\ngroup = "g"\nunit = "高新技术股"\nrole = "unit_liaison"\n')
    user = get_user_model().objects.create_user("li4")
    assert sync_memberships(user, groups=["g"], source="oidc", rules=rules) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[rule]\n", "不是有效的 TOML"),
        ('[[rule]]\ngroup = "g"\nunit = "x"\nrole = "admin"\n', "role 应为"),
        ('[[rule]]\nunit = "x"\nrole = "unit_leader"\n', "二者取一"),
        ('[[rule]]\ngroup = "g"\nrole = "unit_leader"\n', "unit"),
        ('[[rule]]\ngroup = "g"\nunit = "x"\nrole = "unit_leader"\ncolour = 1\n', "不认识的键 colour"),
    ],
)
def test_a_bad_rules_file_is_refused_in_chinese(text, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_rules(text)


def test_the_configured_file_is_read_and_reread(tmp_path, settings):
    path = tmp_path / "directory.toml"
    path.write_text(RULES, encoding="utf-8")
    settings.ZHENGGAI_DIRECTORY_RULES = str(path)
    assert len(configured_rules()) == 3
    settings.ZHENGGAI_DIRECTORY_RULES = str(tmp_path / "missing.toml")
    with pytest.raises(ImproperlyConfigured, match="读不到"):
        configured_rules()
