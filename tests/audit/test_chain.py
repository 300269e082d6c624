"""Recording and verifying the chain, and what tampering behind the ORM looks like to `verify`."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from tests.audit.conftest import raw_set_changes, raw_sql, record
from zhenggai.audit.hashing import GENESIS_HASH, event_hash_of
from zhenggai.audit.keys import audit_key
from zhenggai.audit.models import AppendOnlyError, AuditAction, AuditEvent, ChainHead
from zhenggai.audit.selectors import audit_head
from zhenggai.audit.services import AuditChainError, audit_record
from zhenggai.audit.verify import audit_verify
from zhenggai.cli import main as zhenggai_main

pytestmark = pytest.mark.django_db


def _row(seq: int) -> AuditEvent:
    return AuditEvent.objects.get(seq=seq)


# A good chain ---------------------------------------------------------------------------------


def test_empty_trail_verifies():
    result = audit_verify()
    assert result.ok and result.checked == 0 and result.first_broken_seq is None
    assert result.message == "审计链完整:共 0 条记录。"


def test_events_are_numbered_and_linked(chain):
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == GENESIS_HASH
    for before, after in zip(chain, chain[1:], strict=False):
        assert after.prev_hash == before.hash
    for event in chain:
        stored = AuditEvent.objects.get(pk=event.pk)
        assert len(stored.hash) == 64 and stored.hash == event.hash == event_hash_of(stored)
    assert audit_head() == (5, chain[-1].hash)
    result = audit_verify()
    assert (result.ok, result.checked, result.message) == (True, 5, "审计链完整:共 5 条记录。")


def test_object_fields_come_from_the_instance():
    user = get_user_model().objects.create_user(username="zhangsan")
    event = audit_record(actor=user, action=AuditAction.CREATE, obj=user, unit_path="/1/", reason="开户")
    assert (event.object_type, event.object_id, event.object_repr) == ("auth.user", str(user.pk), "zhangsan")
    assert (event.actor_id, event.actor_pk, event.actor_label) == (user.pk, user.pk, "zhangsan")
    assert event.get_action_display() == "新建"
    assert event.at.tzinfo is not None


def test_bad_input_is_refused_before_anything_is_written():
    with pytest.raises(ValueError):
        audit_record(actor=None, action="rename", object_type="tests.thing", object_id="1")
    with pytest.raises(ValueError):
        audit_record(actor=None, action="update", object_type="tests.thing", object_id="1", unit_path="3")
    with pytest.raises(TypeError):
        audit_record(actor=None, action="update", object_type="tests.thing", changes={"x": [object(), 1]})
    assert AuditEvent.objects.count() == 0 and audit_head() == (0, GENESIS_HASH)


def test_renaming_or_deleting_the_actor_keeps_the_row_meaningful_and_the_chain_valid():
    user = get_user_model().objects.create_user(username="lisi")
    event = record(1, actor=user)[0]
    user.username = "lisi2"
    user.save()
    assert _row(event.seq).actor_label == "lisi"
    user.delete()  # SET_NULL updates the row; the hash covers the recorded id, not the foreign key
    stored = _row(event.seq)
    assert stored.actor_id is None and stored.actor_pk == event.actor_pk and stored.actor_label == "lisi"
    assert audit_verify().ok


# Transactions ---------------------------------------------------------------------------------


def test_an_event_rolls_back_with_the_write_it_records(chain):
    with pytest.raises(RuntimeError), transaction.atomic():
        record(2)
        raise RuntimeError("the write failed")
    assert AuditEvent.objects.count() == 5 and audit_head() == (5, chain[-1].hash)
    assert audit_verify().ok
    assert record(1)[0].seq == 6
    assert audit_verify().checked == 6


def test_a_missing_head_row_is_not_silently_recreated(chain):
    ChainHead.objects.all().delete()
    assert audit_verify().message == "审计链头记录丢失:无法确认第 5 条之后没有记录被删除。"
    with pytest.raises(AuditChainError, match="审计链头记录丢失"):
        record(1)


# The ORM refuses to change history ------------------------------------------------------------


def test_orm_refuses_update_and_delete(chain):
    event = _row(3)
    event.reason = "改一下"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.save(update_fields=["reason"])
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(seq=3).update(reason="改一下")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(seq=3).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(seq=99, at=event.at, action="other")])
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["reason"])
    assert _row(3).reason == "" and AuditEvent.objects.count() == 5
    assert audit_verify().ok


# Tampering behind the ORM's back --------------------------------------------------------------


def test_edited_changes_are_detected_naming_the_row(chain):
    raw_set_changes(3, {"title": ["旧标题", "改过的标题"]})
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 3 and result.checked == 2
    assert result.message == f"第 3 条审计记录(ID {chain[2].pk})的内容被改动:哈希不符。"


def test_edited_reason_is_detected_naming_the_row(chain):
    raw_sql("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["其实没改", 4])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 4
    assert result.message == f"第 4 条审计记录(ID {chain[3].pk})的内容被改动:哈希不符。"


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor_label", "someone"),
        ("action", "delete"),
        ("object_id", "8"),
        ("unit_path", "/1/4/"),
        ("problem_id", 12),
        ("at", "2020-01-01 00:00:00"),
    ],
)
def test_every_hashed_column_is_covered(chain, column, value):
    raw_sql(f"UPDATE audit_auditevent SET {column} = %s WHERE seq = %s", [value, 2])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 2 and "哈希不符" in result.message


def test_a_rewritten_row_with_a_fresh_hash_breaks_the_next_link(chain):
    raw_sql("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["补写的说明", 2])
    raw_sql("UPDATE audit_auditevent SET hash = %s WHERE seq = %s", [event_hash_of(_row(2)), 2])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 3
    assert result.message == f"第 3 条审计记录(ID {chain[2].pk})与第 2 条衔接不上:第 2 条或更早的记录被改写。"


def test_a_rewritten_last_row_with_a_fresh_hash_no_longer_matches_the_head(chain):
    raw_sql("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["补写的说明", 5])
    raw_sql("UPDATE audit_auditevent SET hash = %s WHERE seq = %s", [event_hash_of(_row(5)), 5])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 5
    assert (
        result.message == f"链头哈希与第 5 条审计记录(ID {chain[4].pk})不符:最后一条记录被改写,或链头被改动。"
    )


def test_a_deleted_middle_row_shows_as_a_gap(chain):
    assert raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", [3]) == 1
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 3 and result.checked == 2
    assert result.message == "第 2 条之后缺少第 3 条:记录被删除。"


def test_several_deleted_rows_are_named_as_a_range(chain):
    raw_sql("DELETE FROM audit_auditevent WHERE seq IN (2, 3, 4)")
    assert audit_verify().message == "第 1 条之后缺少第 2 至 4 条:记录被删除。"
    raw_sql("DELETE FROM audit_auditevent WHERE seq = 1")
    assert audit_verify().message == "审计链开头缺少第 1 至 4 条:记录被删除。"


def test_a_deleted_last_row_no_longer_matches_the_head(chain):
    raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", [5])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 5 and result.checked == 4
    assert result.message == "第 4 条之后缺少第 5 条:记录被删除。(链头记录的最后一条是第 5 条。)"


def test_all_rows_deleted_is_detected(chain):
    raw_sql("DELETE FROM audit_auditevent")
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 1
    assert result.message.startswith("审计链开头缺少第 1 至 5 条:记录被删除。")


def test_reordered_rows_are_detected(chain):
    raw_sql("UPDATE audit_auditevent SET seq = 0 WHERE seq = 2")
    raw_sql("UPDATE audit_auditevent SET seq = 2 WHERE seq = 3")
    raw_sql("UPDATE audit_auditevent SET seq = 3 WHERE seq = 0")
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 2 and "哈希不符" in result.message


def test_a_row_added_behind_the_service_is_detected(chain):
    last = chain[-1]
    key = audit_key()  # even someone who holds the key cannot add a row the head does not know
    forged = AuditEvent(
        seq=6,
        at=last.at,
        action="other",
        prev_hash=last.hash,
        hash="",
        canon=2,
        algorithm=key.algorithm,
        key_id=key.key_id,
    )
    forged.hash = event_hash_of(forged)
    forged.save()  # a new row: the ORM lets it in, the head does not know it
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 6
    assert result.message == "第 6 条及之后的审计记录不在链头记录之内:有记录绕过审计服务写入,或链头被改动。"


# The command ----------------------------------------------------------------------------------


@pytest.fixture
def keep_test_connection(monkeypatch):
    """A command run from the command line closes all connections at its end; keep the test's."""
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


def test_command_reports_an_intact_chain_and_exits_0(chain, capsys, keep_test_connection):
    zhenggai_main(["verify"])  # returns: exit code 0
    assert capsys.readouterr().out.strip() == "审计链完整:共 5 条记录。"


def test_command_names_the_broken_row_and_exits_1(chain, capsys, keep_test_connection):
    raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", [2])
    with pytest.raises(SystemExit) as exit_:
        zhenggai_main(["verify"])
    assert exit_.value.code == 1
    assert "第 1 条之后缺少第 2 条:记录被删除。" in capsys.readouterr().err


def test_call_command_raises_with_the_message(chain):
    raw_sql("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["x", 1])
    with pytest.raises(CommandError, match=r"第 1 条审计记录\(ID \d+\)的内容被改动:哈希不符。"):
        call_command("verify")


# The admin ------------------------------------------------------------------------------------


def test_admin_shows_the_trail_read_only(chain, client):
    admin = get_user_model().objects.create_superuser(username="root", password="x")
    client.force_login(admin)
    changelist = client.get("/admin/audit/auditevent/")
    assert changelist.status_code == 200 and "测试对象" in changelist.content.decode()
    page = client.get(f"/admin/audit/auditevent/{chain[0].pk}/change/")
    assert page.status_code == 200 and chain[0].hash in page.content.decode()
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.get(f"/admin/audit/auditevent/{chain[0].pk}/delete/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{chain[0].pk}/change/", {"reason": "x"}).status_code == 403
    assert client.get("/admin/audit/chainhead/").status_code == 200
    assert audit_verify().ok
