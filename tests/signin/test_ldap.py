"""Directory sign-in (LDAP / Active Directory) against a real OpenLDAP server: Debian's slapd, started
here on 127.0.0.1 with a small directory (a unit liaison in a group, an office clerk with a
departmentNumber, a user locked by the password policy, Active-Directory-like entries with
sAMAccountName, memberOf and userAccountControl), signed in to through the real login page."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.supervision.helpers import free_port
from zhenggai.accounts.models import Membership, Role
from zhenggai.audit.models import AuditEvent
from zhenggai.signin.models import AccountState
from zhenggai.signin.onetime import issue_one_time_password

BACKEND = "zhenggai.signin.ldap.backend.DirectoryBackend"
THROTTLE = "zhenggai.signin.throttle.backends.ThrottleBackend"  # first, as in the settings
BASE = "dc=zhanhua,dc=gov,dc=cn"
ADMIN, ADMIN_PASSWORD = f"cn=admin,{BASE}", "admin-secret"
SERVICE, SERVICE_PASSWORD = f"cn=zhenggai,ou=services,{BASE}", "service-secret"
LIAISONS = f"cn=kjj-liaison,ou=groups,{BASE}"
AD_FILTER = "(&(objectClass=user)(sAMAccountName=%(user)s)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))"
WRONG = "请输入一个正确的用户名和密码"

# Active Directory's own attributes (with AD's OIDs), enough for the filter and the groups of AD.
AD_SCHEMA = """
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.2.102 NAME 'memberOf' EQUALITY distinguishedNameMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
objectclass ( 1.2.840.113556.1.5.9 NAME 'user' SUP inetOrgPerson STRUCTURAL
  MAY ( sAMAccountName $ userAccountControl $ memberOf ) )
"""


def _person(uid: str, name: str, *extra: str, ou: str = "people") -> str:
    lines = [
        f"dn: uid={uid},ou={ou},{BASE}",
        "objectClass: inetOrgPerson",
        f"uid: {uid}",
        f"cn: {name}",
        f"sn: {name[0]}",
        f"mail: {uid}@zhanhua.gov.cn",
        f"userPassword: {uid}-pw",
        *extra,
    ]
    return "\n".join(lines)


def _ad_user(name: str, display: str, control: int, *groups: str) -> str:
    lines = [
        f"dn: CN={name},OU=ad,{BASE}",
        "objectClass: user",
        f"cn: {name}",
        f"sn: {display[0]}",
        f"displayName: {display}",
        f"sAMAccountName: {name}",
        f"userAccountControl: {control}",
        f"userPassword: {name}-pw",
        *(f"memberOf: {group}" for group in groups),
    ]
    return "\n".join(lines)


DIRECTORY = "\n\n".join(
    [
        f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: zhanhua\no: zhanhua",
        *(
            f"dn: ou={ou},{BASE}\nobjectClass: organizationalUnit\nou: {ou}"
            for ou in ("people", "groups", "services", "policies", "ad")
        ),
        f"dn: cn=default,ou=policies,{BASE}\nobjectClass: device\nobjectClass: pwdPolicy\ncn: default\n"
        "pwdAttribute: userPassword\npwdLockout: TRUE",
        f"dn: {SERVICE}\nobjectClass: person\ncn: zhenggai\nsn: service\nuserPassword: {SERVICE_PASSWORD}",
        _person("zhangsan", "张三"),  # the unit's liaison (group)
        _person("lisi", "李四", "departmentNumber: KJJ-BGS"),  # a clerk of 办公室 (attribute)
        _person("sunqi", "孙七"),  # a liaison who leaves the group during the tests
        _person("qianba", "钱八"),  # removed from the directory during the tests
        _person("wangwu", "王五", "pwdAccountLockedTime: 000001010000Z"),  # locked (disabled)
        f"dn: {LIAISONS}\nobjectClass: groupOfNames\ncn: kjj-liaison\n"
        + "\n".join(f"member: uid={uid},ou=people,{BASE}" for uid in ("zhangsan", "sunqi", "qianba")),
        _ad_user("zhou9", "周九", 512, LIAISONS.upper()),  # an enabled AD account, in the group by memberOf
        _ad_user("wu10", "吴十", 514, LIAISONS),  # ACCOUNTDISABLE (2) set
    ]
)

RULES = f"""
[[rule]]
group = "{LIAISONS}"
unit = "区科技局"
role = "unit_liaison"

[[rule]]
attribute = "departmentNumber"
value = "KJJ-BGS"
unit = "办公室"
parent = "滨州市沾化区科学技术局"
role = "office_clerk"
title = "经办人"
"""


class Slapd:
    def __init__(self, uri: str, ca_file: Path) -> None:
        self.uri, self.ca_file = uri, ca_file

    def modify(self, ldif: str, tool: str = "ldapmodify") -> None:
        subprocess.run(
            [tool, "-x", "-H", self.uri, "-D", ADMIN, "-w", ADMIN_PASSWORD],
            input=ldif, text=True, capture_output=True, check=True, timeout=20,
        )  # fmt: skip


@pytest.fixture(scope="module")
def slapd(tmp_path_factory):
    binary = shutil.which("slapd") or ("/usr/sbin/slapd" if Path("/usr/sbin/slapd").exists() else None)
    if binary is None or not shutil.which("ldapadd") or not shutil.which("openssl"):
        pytest.skip(
            "slapd, ldap-utils or openssl is not installed (scripts/bootstrap.sh TEST_DEBS installs them)"
        )
    root = tmp_path_factory.mktemp("slapd")
    (root / "db").mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem"), "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    (root / "ad.schema").write_text(AD_SCHEMA)
    (root / "slapd.conf").write_text(
        "".join(f"include /etc/ldap/schema/{name}.schema\n" for name in ("core", "cosine", "inetorgperson"))
        + f"include {root / 'ad.schema'}\n"
        "modulepath /usr/lib/ldap\nmoduleload back_mdb\nmoduleload ppolicy\n"
        f"pidfile {root / 'slapd.pid'}\n"
        f"TLSCertificateFile {root / 'cert.pem'}\nTLSCertificateKeyFile {root / 'key.pem'}\n"
        f'database mdb\nmaxsize 10485760\nsuffix "{BASE}"\nrootdn "{ADMIN}"\nrootpw {ADMIN_PASSWORD}\n'
        f"directory {root / 'db'}\n"
        f'overlay ppolicy\nppolicy_default "cn=default,ou=policies,{BASE}"\n'
    )
    port = free_port()
    uri = f"ldap://127.0.0.1:{port}"
    log = (root / "slapd.log").open("wb")
    process = subprocess.Popen(
        [binary, "-f", str(root / "slapd.conf"), "-h", f"{uri}/", "-d", "0"], stdout=log, stderr=log
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(
                    f"slapd did not start: {(root / 'slapd.log').read_text(errors='replace')[-2000:]}"
                )
            time.sleep(0.05)
    server = Slapd(uri, root / "cert.pem")
    try:
        server.modify(DIRECTORY + "\n", tool="ldapadd")
        yield server
    finally:
        process.terminate()
        process.wait(10)
        log.close()


@pytest.fixture
def directory(slapd, settings, tmp_path):
    """LDAP sign-in on, as the ZHENGGAI_LDAP_* variables would set it, for an OpenLDAP directory."""
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    settings.ZHENGGAI_DIRECTORY_RULES = str(rules)
    settings.ZHENGGAI_LDAP_URI = slapd.uri
    settings.ZHENGGAI_LDAP_BIND_DN = SERVICE
    settings.ZHENGGAI_LDAP_BIND_PASSWORD = SERVICE_PASSWORD
    settings.ZHENGGAI_LDAP_USER_SEARCH_BASE = f"ou=people,{BASE}"
    settings.ZHENGGAI_LDAP_USER_FILTER = "(uid=%(user)s)"
    settings.ZHENGGAI_LDAP_GROUP_SEARCH_BASE = f"ou=groups,{BASE}"
    settings.ZHENGGAI_LDAP_GROUP_TYPE = "groupOfNames"
    settings.ZHENGGAI_LDAP_START_TLS = False
    settings.ZHENGGAI_LDAP_CA_FILE = ""
    settings.ZHENGGAI_LDAP_TIMEOUT = 5
    settings.ZHENGGAI_LDAP_ATTR_NAME = "cn"
    settings.ZHENGGAI_LDAP_ATTR_EMAIL = "mail"
    settings.AUTHENTICATION_BACKENDS = [THROTTLE, "django.contrib.auth.backends.ModelBackend", BACKEND]
    return settings


def sign_in(client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def roles_of(username: str) -> set[tuple[str, str, str]]:
    return set(Membership.objects.filter(user__username=username).values_list("unit__name", "role", "title"))


def test_a_liaison_signs_in_on_the_login_page_and_gets_the_unit_of_the_group(client, seed, directory):
    # an account made here before (a one-time password) becomes a directory account
    user = get_user_model().objects.create_user("zhangsan")
    one_time = issue_one_time_password(user)

    response = sign_in(client, "zhangsan", "zhangsan-pw")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_backend"] == BACKEND
    user.refresh_from_db()
    assert (user.first_name, user.email) == ("张三", "zhangsan@zhanhua.gov.cn")
    assert not user.has_usable_password()  # the password is the directory's: no local one to change
    assert not AccountState.objects.get(user=user).must_change_password
    assert roles_of("zhangsan") == {(seed.unit.name, Role.UNIT_LIAISON, "")}
    assert Membership.objects.get(user=user).directory_grant.source == "ldap"
    assert client.get("/").status_code == 200  # signed in

    client.logout()
    assert WRONG in sign_in(client, "zhangsan", one_time).content.decode()  # the old local password is void


def test_the_clerk_gets_the_office_of_the_department(client, seed, directory):
    assert sign_in(client, "LiSi", "lisi-pw").status_code == 302  # names are matched without case
    assert roles_of("lisi") == {("办公室", Role.OFFICE_CLERK, "经办人")}
    assert Membership.objects.get(user__username="lisi").unit.parent == seed.unit


def test_a_wrong_password_and_disabled_absent_or_removed_users_cannot_sign_in(client, seed, directory, slapd):
    assert sign_in(client, "qianba", "qianba-pw").status_code == 302
    client.logout()
    slapd.modify(f"dn: uid=qianba,ou=people,{BASE}\nchangetype: delete\n")  # removed from the directory

    for username, password in [
        ("zhangsan", "wrong-pw"),
        ("zhangsan", ""),  # never an anonymous bind
        ("wangwu", "wangwu-pw"),  # locked by the password policy (pwdAccountLockedTime)
        ("zhaoliu", "zhaoliu-pw"),  # not in the directory
        ("qianba", "qianba-pw"),
    ]:
        response = sign_in(client, username, password)
        assert response.status_code == 200, username
        assert "_auth_user_id" not in client.session
        if password:
            assert WRONG in response.content.decode(), username
    assert not get_user_model().objects.filter(username__in=["zhangsan", "wangwu", "zhaoliu"]).exists()


def test_leaving_the_group_in_the_directory_takes_the_role_away_at_the_next_sign_in(
    client, seed, directory, slapd
):
    assert sign_in(client, "sunqi", "sunqi-pw").status_code == 302
    assert roles_of("sunqi") == {(seed.unit.name, Role.UNIT_LIAISON, "")}
    client.logout()

    slapd.modify(f"dn: {LIAISONS}\nchangetype: modify\ndelete: member\nmember: uid=sunqi,ou=people,{BASE}\n")
    assert sign_in(client, "sunqi", "sunqi-pw").status_code == 302
    assert roles_of("sunqi") == set()
    assert AuditEvent.objects.filter(
        object_type="accounts.membership", action="delete", reason="目录同步(ldap)"
    ).exists()


def test_the_directory_down_or_failing_is_a_chinese_message_and_local_accounts_still_sign_in(
    client, seed, directory, slapd
):
    seed.liaison.set_password("local-password-1")
    seed.liaison.save()
    directory.ZHENGGAI_LDAP_URI = f"ldap://127.0.0.1:{free_port()}"  # nothing listens there
    response = sign_in(client, "zhangsan", "zhangsan-pw")
    assert response.status_code == 200
    assert "现在连不上目录服务器（LDAP）" in response.content.decode()
    assert sign_in(client, "liaison", "local-password-1").status_code == 302  # checked before the directory
    client.logout()

    with socket.socket() as silent:  # takes the connection, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        directory.ZHENGGAI_LDAP_URI = f"ldap://127.0.0.1:{silent.getsockname()[1]}"
        directory.ZHENGGAI_LDAP_TIMEOUT = 1
        started = time.monotonic()
        response = sign_in(client, "zhangsan", "zhangsan-pw")
        assert time.monotonic() - started < 5
        assert "现在连不上目录服务器（LDAP）" in response.content.decode()

    directory.ZHENGGAI_LDAP_URI = slapd.uri
    directory.ZHENGGAI_LDAP_BIND_PASSWORD = "not-the-service-password"
    response = sign_in(client, "zhangsan", "zhangsan-pw")
    assert response.status_code == 200
    assert "目录服务器（LDAP）出错" in response.content.decode()

    directory.ZHENGGAI_LDAP_BIND_PASSWORD = SERVICE_PASSWORD
    directory.ZHENGGAI_DIRECTORY_RULES = str(
        Path(directory.ZHENGGAI_DIRECTORY_RULES).with_name("missing.toml")
    )
    response = sign_in(client, "zhangsan", "zhangsan-pw")
    assert response.status_code == 200
    assert "目录登录的配置有误" in response.content.decode()
    assert not Membership.objects.filter(user__username="zhangsan").exists()


def test_active_directory_over_starttls_by_samaccountname_and_memberof(client, seed, directory, slapd):
    directory.ZHENGGAI_LDAP_USER_SEARCH_BASE = f"ou=ad,{BASE}"
    directory.ZHENGGAI_LDAP_USER_FILTER = AD_FILTER
    directory.ZHENGGAI_LDAP_GROUP_SEARCH_BASE = ""  # the groups are the user's memberOf
    directory.ZHENGGAI_LDAP_ATTR_NAME = "displayName"
    directory.ZHENGGAI_LDAP_START_TLS = True
    directory.ZHENGGAI_LDAP_CA_FILE = str(slapd.ca_file)

    assert sign_in(client, "zhou9", "zhou9-pw").status_code == 302
    assert get_user_model().objects.get(username="zhou9").first_name == "周九"
    assert roles_of("zhou9") == {(seed.unit.name, Role.UNIT_LIAISON, "")}
    client.logout()

    assert WRONG in sign_in(client, "wu10", "wu10-pw").content.decode()  # disabled (userAccountControl)

    directory.ZHENGGAI_LDAP_CA_FILE = ""  # the directory's certificate is then not trusted
    response = sign_in(client, "zhou9", "zhou9-pw")
    assert response.status_code == 200 and "现在连不上目录服务器（LDAP）" in response.content.decode()


def test_local_superusers_and_accounts_deactivated_here_are_not_signed_in_by_the_directory(
    client, seed, directory
):
    users = get_user_model().objects
    users.create_superuser("zhangsan", password="local-admin-pw-1")
    users.create_user("lisi", is_active=False)

    assert WRONG in sign_in(client, "zhangsan", "zhangsan-pw").content.decode()
    assert users.get(username="zhangsan").check_password("local-admin-pw-1")  # left as it was
    assert WRONG in sign_in(client, "lisi", "lisi-pw").content.decode()
    assert roles_of("zhangsan") == roles_of("lisi") == set()
    assert sign_in(client, "zhangsan", "local-admin-pw-1").status_code == 302


def test_wrong_directory_passwords_lock_the_account_like_a_local_one(client, seed, directory):
    for _ in range(4):
        assert WRONG in sign_in(client, "zhangsan", "wrong-pw").content.decode()
    assert sign_in(client, "zhangsan", "wrong-pw").status_code == 429  # the fifth locks
    locked = sign_in(client, "zhangsan", "zhangsan-pw")  # the right password, but locked
    assert locked.status_code == 429 and "已暂时锁定" in locked.content.decode()
    assert not get_user_model().objects.filter(username="zhangsan", last_login__isnull=False).exists()


def test_the_backend_is_there_only_with_zhenggai_ldap_uri(settings):
    code = "import sys; from zhenggai.settings import base; print(base.AUTHENTICATION_BACKENDS, 'ldap' in sys.modules)"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHENGGAI_LDAP_")}
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert (
        off.stdout.strip() == f"['{THROTTLE}', 'django.contrib.auth.backends.ModelBackend'] False"
    )  # python-ldap not loaded
    env["ZHENGGAI_LDAP_URI"] = "ldap://127.0.0.1:389"
    on = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert (
        on.stdout.strip() == f"['{THROTTLE}', 'django.contrib.auth.backends.ModelBackend', '{BACKEND}'] False"
    )

    settings.ZHENGGAI_LDAP_URI = "ldap://127.0.0.1:389"  # on, but nowhere to look for users
    settings.ZHENGGAI_LDAP_USER_SEARCH_BASE = ""
    with pytest.raises(SystemCheckError, match="ZHENGGAI_LDAP_USER_SEARCH_BASE"):
        call_command("check")
