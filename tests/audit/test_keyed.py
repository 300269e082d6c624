"""The keyed chain: HMAC-SHA256 or HMAC-SM3 under a key outside the database, a signed head, the
unkeyed rows of older databases, and what a rewrite by someone without the key looks like."""

import hashlib
import hmac
import json
import os

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from tests.audit.conftest import raw_sql, record
from zhenggai.audit import keys
from zhenggai.audit.hashing import GENESIS_HASH, event_canonical
from zhenggai.audit.keys import audit_key, hmac_sm3_gmssl, key_id_of, keyed_digest, sm3_gmssl
from zhenggai.audit.models import AuditEvent, ChainHead
from zhenggai.audit.selectors import audit_head
from zhenggai.audit.services import audit_record, head_fields
from zhenggai.audit.verify import audit_verify

pytestmark = pytest.mark.django_db

OTHER_KEY = "another-deployment-key-fedcba9876543210"


# SM3 and HMAC-SM3 -----------------------------------------------------------------------------

# GB/T 32905-2016, appendix A (also in the IETF draft draft-sca-cfrg-sm3).
SM3_VECTORS = [
    (b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    (b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
]


@pytest.mark.parametrize(("message", "digest"), SM3_VECTORS)
def test_sm3_matches_the_standard(message, digest):
    assert sm3_gmssl(message).hex() == digest
    if keys._openssl_sm3():
        assert hashlib.new("sm3", message).hexdigest() == digest


@pytest.mark.parametrize("key", [b"k", b"x" * 32, b"y" * 64, b"z" * 65, bytes(range(200))])
def test_hmac_sm3_is_rfc_2104_over_sm3(key):
    """Our construction over gmssl: H((K^opad) || H((K^ipad) || m)) with a 64-byte block, the same
    bytes as OpenSSL's HMAC-SM3 (and, independently, as the RFC spells it over the SM3 digest)."""
    message = "第 1 条审计记录".encode()
    block = (sm3_gmssl(key) if len(key) > 64 else key).ljust(64, b"\0")
    by_hand = sm3_gmssl(bytes(b ^ 0x5C for b in block) + sm3_gmssl(bytes(b ^ 0x36 for b in block) + message))
    assert hmac_sm3_gmssl(key, message) == by_hand
    if keys._openssl_sm3():
        assert hmac.new(key, message, "sm3").digest() == by_hand
    assert keyed_digest("hmac-sm3", key, message) == by_hand.hex()


def test_hmac_sm3_known_answer():
    # OpenSSL 3: printf abc | openssl dgst -sm3 -hmac key
    assert (
        hmac_sm3_gmssl(b"key", b"abc").hex()
        == "28e63256e7c5a087b1f073265dc53092163f7b82729735d06f28f10af9d52393"
    )


def test_gmssl_is_used_when_openssl_has_no_sm3(monkeypatch):
    monkeypatch.setattr(keys, "_openssl_sm3", lambda: False)
    keys._sm3_backend.cache_clear()
    try:
        assert keyed_digest("hmac-sm3", b"key", b"abc") == hmac_sm3_gmssl(b"key", b"abc").hex()
    finally:
        keys._sm3_backend.cache_clear()


# The key --------------------------------------------------------------------------------------


def test_events_are_keyed_and_name_their_key(chain):
    key = audit_key()
    event = AuditEvent.objects.get(seq=1)
    assert (event.canon, event.algorithm, event.key_id) == (2, "hmac-sha256", key.key_id)
    canonical = event_canonical(
        seq=1,
        at=event.at,
        actor_id=None,
        actor_label="",
        action="update",
        object_type="tests.thing",
        object_id="7",
        object_repr="测试对象",
        unit_path="/1/3/",
        problem_id=None,
        changes={"title": ["旧标题", "新标题"]},
        reason="",
        prev_hash=GENESIS_HASH,
        canon=2,
        algorithm="hmac-sha256",
        key_id=key.key_id,
    )
    assert event.hash == hmac.new(key.secret, canonical, hashlib.sha256).hexdigest()
    assert event.hash != hashlib.sha256(canonical).hexdigest()
    head = ChainHead.objects.get()
    assert head.key_id == key.key_id and len(head.mac) == 64
    assert key.key_id == key_id_of(key.secret) and key.secret.hex()[:16] not in key.key_id


@override_settings(ZHENGGAI_AUDIT_ALGORITHM="hmac-sm3")
def test_a_chain_keyed_with_sm3_verifies_and_sm3_can_follow_sha256():
    with override_settings(ZHENGGAI_AUDIT_ALGORITHM="hmac-sha256"):
        record(2)
    record(2)
    assert (
        list(AuditEvent.objects.values_list("algorithm", flat=True)) == ["hmac-sha256"] * 2 + ["hmac-sm3"] * 2
    )
    assert ChainHead.objects.get().algorithm == "hmac-sm3"
    assert audit_verify().ok
    raw_sql("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["改过", 3])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 3 and "哈希不符" in result.message


def test_the_whole_chain_recomputed_with_plain_sha256_fails(chain):
    """Someone with the database but not the key rewrites every row the old way and moves the head."""
    prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq"):
        fields = {
            "seq": event.seq,
            "at": event.at,
            "actor_id": event.actor_pk,
            "actor_label": event.actor_label,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "object_repr": event.object_repr,
            "unit_path": event.unit_path,
            "problem_id": event.problem_id,
            "changes": event.changes,
            "reason": "伪造" if event.seq == 3 else event.reason,
            "prev_hash": prev,
        }
        digest = hashlib.sha256(event_canonical(**fields)).hexdigest()
        raw_sql(
            "UPDATE audit_auditevent SET reason = %s, prev_hash = %s, hash = %s, canon = 1, "
            "algorithm = 'sha256', key_id = '' WHERE seq = %s",
            [fields["reason"], prev, digest, event.seq],
        )
        prev = digest
    raw_sql("UPDATE audit_chainhead SET last_hash = %s, legacy_until = 5, key_id = '', mac = ''", [prev])
    result = audit_verify()
    assert not result.ok
    assert "尚未用密钥签名" in result.message
    # …and keeping the old signature: it covers the old end and the old legacy boundary
    head = head_fields(audit_key(), 5, prev, 0)
    raw_sql("UPDATE audit_chainhead SET key_id = %s, mac = %s", [head["key_id"], "0" * 64])
    result = audit_verify()
    assert not result.ok and "链头的签名不符" in result.message
    # …and had they signed the head (they cannot: no key), the rows would still be unkeyed
    raw_sql("UPDATE audit_chainhead SET mac = %s, legacy_until = 0", [head["mac"]])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 1 and "普通 SHA-256 重新计算" in result.message


def test_a_keyed_row_recomputed_with_a_guessed_key_fails(chain):
    wrong = keys.AuditKey(
        secret=b"g" * 32, algorithm="hmac-sha256", key_id=audit_key().key_id, source="guess"
    )
    event = AuditEvent.objects.get(seq=5)
    event.reason = "改写"
    from zhenggai.audit.hashing import event_hash_of

    raw_sql(
        "UPDATE audit_auditevent SET reason = %s, hash = %s WHERE seq = 5",
        ["改写", event_hash_of(event, wrong)],
    )
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 5 and "哈希不符" in result.message


def test_verify_with_another_key_says_wrong_key_not_altered(chain):
    with override_settings(ZHENGGAI_AUDIT_KEY=OTHER_KEY):
        result = audit_verify()
    assert not result.ok
    assert "另一把密钥" in result.message and audit_key().key_id in result.message
    assert "改动" not in result.message
    with override_settings(ZHENGGAI_AUDIT_KEY=OTHER_KEY), pytest.raises(CommandError, match="另一把密钥"):
        call_command("verify")


def test_a_row_by_another_key_is_named(chain):
    """A row written while another key was configured: named as such, not as altered."""
    with override_settings(ZHENGGAI_AUDIT_KEY=OTHER_KEY):
        sixth = record(1)[0]
    ChainHead.objects.filter(pk=1).update(**head_fields(audit_key(), 6, sixth.hash, 0))
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 6
    assert "第 6 条审计记录" in result.message and "另一把密钥" in result.message


# Older databases: the unkeyed part ----------------------------------------------------------


def _legacy_chain(n: int) -> str:
    """``n`` rows as the chain was written before it was keyed, and the head the upgrade leaves."""
    prev = GENESIS_HASH
    from django.utils import timezone

    for seq in range(1, n + 1):
        fields = {
            "seq": seq,
            "at": timezone.now(),
            "actor_id": None,
            "actor_label": "",
            "action": "update",
            "object_type": "tests.thing",
            "object_id": "7",
            "object_repr": "旧记录",
            "unit_path": "/1/",
            "problem_id": None,
            "changes": {},
            "reason": "",
            "prev_hash": prev,
        }
        digest = hashlib.sha256(event_canonical(**fields)).hexdigest()
        AuditEvent(
            seq=seq,
            at=fields["at"],
            action="update",
            object_type="tests.thing",
            object_id="7",
            object_repr="旧记录",
            unit_path="/1/",
            prev_hash=prev,
            hash=digest,
        ).save()
        prev = digest
    ChainHead.objects.create(pk=1, last_seq=n, last_hash=prev)
    return prev


def test_the_upgrade_keeps_old_rows_and_signs_the_head():
    from django.apps import apps

    migration = __import__("zhenggai.audit.migrations.0002_keyed_chain", fromlist=["close_the_legacy_part"])
    _legacy_chain(3)
    result = audit_verify()
    assert not result.ok and "尚未用密钥签名" in result.message  # before the migration's step

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.close_the_legacy_part(apps, editor)
    head = ChainHead.objects.get()
    assert (head.legacy_until, head.key_id) == (3, audit_key().key_id)
    assert audit_verify().ok
    record(2)
    assert list(AuditEvent.objects.values_list("canon", flat=True)) == [1, 1, 1, 2, 2]
    assert audit_verify().ok
    # an old row may not be passed off as the start of the keyed part
    raw_sql("UPDATE audit_auditevent SET canon = 1, algorithm = 'sha256', key_id = '' WHERE seq = 4")
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 4


def test_seal_signs_an_unsigned_head_and_is_audited(capsys):
    _legacy_chain(2)
    ChainHead.objects.filter(pk=1).update(legacy_until=2)
    assert not audit_verify().ok
    call_command("audit", "seal")
    assert "已签名审计链头" in capsys.readouterr().out
    sealed = AuditEvent.objects.get(seq=3)
    assert sealed.object_type == "audit.chainhead" and sealed.canon == 2
    assert audit_verify().ok
    # old rows stay plain SHA-256 and are still checked
    raw_sql("UPDATE audit_auditevent SET object_repr = '改过' WHERE seq = 1")
    assert audit_verify().first_broken_seq == 1


def test_seal_on_an_empty_trail_is_refused():
    with pytest.raises(CommandError, match="审计链为空"):
        call_command("audit", "seal")


# Where the key comes from ---------------------------------------------------------------------


def test_a_key_file_is_read(tmp_path):
    path = tmp_path / "audit.key"
    path.write_text(OTHER_KEY + "\n")
    with override_settings(ZHENGGAI_AUDIT_KEY="", ZHENGGAI_AUDIT_KEY_FILE=str(path)):
        key = audit_key()
        assert key.secret == OTHER_KEY.encode() and key.source == str(path)


def test_development_generates_a_key_into_var(tmp_path):
    with override_settings(ZHENGGAI_AUDIT_KEY="", VAR_DIR=tmp_path, ZHENGGAI_AUDIT_KEY_GENERATE=True):
        first = audit_key()
        path = tmp_path / "audit.key"
        assert path.exists() and (path.stat().st_mode & 0o777) == 0o600
        keys._load.cache_clear()
        assert audit_key() == first  # read back, not made again


def test_production_without_a_key_fails_the_system_check_and_writes_nothing(tmp_path):
    unset = {
        "ZHENGGAI_AUDIT_KEY": "",
        "ZHENGGAI_AUDIT_KEY_FILE": "",
        "ZHENGGAI_AUDIT_KEY_GENERATE": False,
        "VAR_DIR": tmp_path,
    }
    with override_settings(**unset):
        errors = [e for e in run_checks(tags=["security"]) if e.id == "audit.E001"]
        assert errors and "ZHENGGAI_AUDIT_KEY" in errors[0].hint
        with pytest.raises(ImproperlyConfigured):
            record(1)
        assert not audit_verify().ok
    assert not (tmp_path / "audit.key").exists()
    assert AuditEvent.objects.count() == 0
    assert not [e for e in run_checks(tags=["security"]) if e.id == "audit.E001"]


@pytest.mark.parametrize(
    "override",
    [
        {"ZHENGGAI_AUDIT_KEY": "short"},
        {"ZHENGGAI_AUDIT_ALGORITHM": "md5"},
        {"ZHENGGAI_AUDIT_KEY": "", "ZHENGGAI_AUDIT_KEY_FILE": "/nonexistent/audit.key"},
    ],
)
def test_an_unusable_key_fails_the_check(override):
    with override_settings(**override):
        assert [e for e in run_checks(tags=["security"]) if e.id == "audit.E001"]


def test_the_production_settings_never_generate_a_key():
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ZHENGGAI_AUDIT_KEY_GENERATE)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhenggai.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# The head as audit_head() gives it -------------------------------------------------------------


def test_audit_head_is_callable_without_arguments(chain):
    assert audit_head() == (5, chain[-1].hash)
    assert json.dumps(audit_head())  # what the backup manifest copies


def test_audit_record_after_a_lost_head_is_refused(chain):
    raw_sql("DELETE FROM audit_chainhead")
    from zhenggai.audit.services import AuditChainError

    with pytest.raises(AuditChainError):
        audit_record(actor=None, action="other", object_type="tests.thing")
