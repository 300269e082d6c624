"""Every write appends to the hash-chained audit trail; tampering with a row is detected."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.audit.conftest import raw_sql
from zhenggai.audit.models import AuditEvent
from zhenggai.audit.verify import audit_verify
from zhenggai.core.errors import ServiceError
from zhenggai.ledger.services import (
    measure_create,
    measure_delete,
    measure_update,
    progress_create,
    progress_delete,
)


def _last(**filters):
    return AuditEvent.objects.filter(**filters).order_by("-seq").first()


def test_the_seed_is_fully_recorded_and_verifies(seed):
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"create", "upload", "transition"} <= actions
    assert AuditEvent.objects.filter(action="transition").count() == 8 * 3  # submit, confirm, approve
    result = audit_verify()
    assert result.ok, result.message


def test_edit_records_before_and_after(seed):
    measure = seed.measure(1, 1)
    measure_update(
        measure=measure, expected_version=measure.version, responsible_person="张三", actor=seed.liaison
    )
    event = _last(object_type="ledger.measure", object_id=str(measure.pk))
    assert event.action == "update" and event.actor == seed.liaison
    assert event.changes == {"responsible_person": ["办公室负责人", "张三"]}
    assert event.problem_id == measure.problem_id and event.unit_path == seed.unit.path


def test_soft_deletion_and_refused_deletion_are_in_the_trail(seed):
    measure = measure_create(problem=seed.problem(1), content="录错了", kind="long_term", actor=seed.liaison)
    entry = progress_create(measure=measure, happened_on=dt.date(2023, 5, 1), text="x", reporter=seed.liaison)
    progress_delete(entry=entry, actor=seed.liaison)
    measure_delete(measure=measure, actor=seed.liaison)
    assert _last(object_type="ledger.progressentry", object_id=str(entry.pk)).action == "delete"
    deleted = _last(object_type="ledger.measure", object_id=str(measure.pk))
    assert deleted.action == "delete" and deleted.changes["deleted_at"][0] is None
    struck_off = seed.measure(4, 1)
    with pytest.raises(ServiceError):
        measure_delete(measure=struck_off, actor=seed.liaison)
    attempt = _last(object_type="ledger.measure", object_id=str(struck_off.pk))
    assert attempt.action == "delete_attempt" and "不能删除" in attempt.reason
    assert audit_verify().ok


def test_verify_names_the_row_altered_with_raw_sql(seed, capsys):
    call_command("verify")
    assert "审计链完整" in capsys.readouterr().out
    target = AuditEvent.objects.filter(action="transition").order_by("seq")[3]
    raw_sql("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["approve", target.seq])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == target.seq
    with pytest.raises(CommandError, match=f"第 {target.seq} 条"):
        call_command("verify")


def test_problem_page_shows_its_trail(login, seed):
    page = login(seed.clerk).get(reverse("problem", args=[seed.problem(3).pk])).content.decode()
    assert "操作记录" in page and "状态变更" in page and "新建" in page
