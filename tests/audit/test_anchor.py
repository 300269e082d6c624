"""Anchors: the chain head signed into a file outside the database, written by a command and by the
daily reminders run, and checked by `verify --anchor`."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from tests.audit.conftest import raw_sql, record
from zhenggai.audit.anchor import anchor_write
from zhenggai.audit.models import ChainHead
from zhenggai.audit.selectors import audit_head
from zhenggai.audit.verify import audit_verify
from zhenggai.supervision.services import reminders_run

pytestmark = pytest.mark.django_db

OTHER_KEY = "another-deployment-key-fedcba9876543210"


def test_an_anchor_holds_while_the_chain_grows(chain, tmp_path):
    path = tmp_path / "anchor.json"
    anchor = anchor_write(path)
    stored = json.loads(path.read_text())
    assert stored == anchor and (stored["seq"], stored["hash"]) == audit_head()
    assert {"at", "algorithm", "key_id", "mac"} <= set(stored)
    record(3)
    result = audit_verify(anchors=[path])
    assert result.ok, result.findings


def test_deleting_the_last_rows_and_putting_back_an_old_head_is_caught_by_the_anchor(chain, tmp_path):
    """The head is signed, so it cannot be forged; but an old signed copy of it can be put back."""
    old_head = ChainHead.objects.values(
        "last_seq", "last_hash", "legacy_until", "algorithm", "key_id", "mac"
    ).get()
    record(3)
    path = tmp_path / "anchor.json"
    call_command("audit", "anchor", str(path))
    assert json.loads(path.read_text())["seq"] == 8
    raw_sql("DELETE FROM audit_auditevent WHERE seq > 5")
    raw_sql("DELETE FROM audit_chainhead")
    ChainHead.objects.create(pk=1, **old_head)
    assert audit_verify().ok  # without the anchor, a replayed head looks like a shorter chain
    result = audit_verify(anchors=[path])
    assert not result.ok and any("已没有锚点文件" in f and "第 8 条" in f for f in result.findings)
    with pytest.raises(CommandError, match="第 8 条"):
        call_command("verify", "--anchor", str(path))


def test_a_rewritten_row_behind_an_anchor_is_caught(chain, tmp_path):
    path = tmp_path / "anchor.json"
    anchor_write(path)
    raw_sql("UPDATE audit_auditevent SET hash = %s WHERE seq = 5", ["f" * 64])
    result = audit_verify(anchors=[path])
    assert any("哈希与锚点文件" in f for f in result.findings)


def test_an_altered_anchor_is_refused(chain, tmp_path):
    path = tmp_path / "anchor.json"
    anchor = anchor_write(path)
    path.write_text(json.dumps({**anchor, "seq": 3}))
    result = audit_verify(anchors=[path])
    assert not result.ok and any("签名不符" in f for f in result.findings)


def test_an_anchor_by_another_key_says_so(chain, tmp_path):
    path = tmp_path / "anchor.json"
    with override_settings(ZHENGGAI_AUDIT_KEY=OTHER_KEY):
        anchor_write(path)
    result = audit_verify(anchors=[path])
    assert any("另一把密钥" in f for f in result.findings)


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"format": "other"}'])
def test_a_file_that_is_not_an_anchor_is_named(chain, tmp_path, content):
    path = tmp_path / "anchor.json"
    path.write_text(content)
    result = audit_verify(anchors=[path])
    assert not result.ok and str(path) in result.findings[0]


def test_a_missing_anchor_file_is_named(chain, tmp_path):
    result = audit_verify(anchors=[tmp_path / "nope.json"])
    assert not result.ok and "无法读取锚点文件" in result.findings[0]


def test_verify_can_write_the_anchor_it_checked(chain, tmp_path, capsys):
    path = tmp_path / "a" / "anchor.json"
    call_command("verify", "--write-anchor", str(path))
    assert "已写入锚点:第 5 条" in capsys.readouterr().out
    call_command("verify", "--anchor", str(path))


def test_the_daily_reminders_run_writes_the_days_anchor_and_a_folder_is_checked(chain, tmp_path):
    with override_settings(ZHENGGAI_AUDIT_ANCHOR_DIR=str(tmp_path)):
        reminders_run(dt.date(2024, 3, 1))
        record(1)
        reminders_run(dt.date(2024, 3, 2))
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["audit-anchor-2024-03-01.json", "audit-anchor-2024-03-02.json"]
    seqs = [json.loads((tmp_path / name).read_text())["seq"] for name in files]
    assert seqs[1] > seqs[0]
    assert audit_verify(anchors=[tmp_path]).ok
    raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", [seqs[1]])
    assert not audit_verify(anchors=[tmp_path]).ok


def test_an_anchor_that_cannot_be_written_does_not_stop_the_reminders(chain, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with override_settings(ZHENGGAI_AUDIT_ANCHOR_DIR=str(blocker / "sub")):
        report = reminders_run(dt.date(2024, 3, 1))
    assert any(error.startswith("审计锚点") for error in report.errors)


def test_scheduled_anchors_can_be_switched_off(chain, tmp_path):
    with override_settings(ZHENGGAI_AUDIT_ANCHOR_DIR=""):
        report = reminders_run(dt.date(2024, 3, 1))
    assert not report.errors
