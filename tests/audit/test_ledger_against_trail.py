"""`verify` checks the ledger against the trail: rows written or changed by SQL behind the services,
and a trail emptied or shortened while the ledger stayed, are named."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.audit.conftest import raw_sql
from zhenggai.audit.models import AuditEvent
from zhenggai.audit.verify import audit_verify
from zhenggai.ledger.models import Measure, MeasureStatus
from zhenggai.ledger.services import measure_create, progress_create


def _long_term(seed) -> Measure:
    return Measure.objects.filter(problem__inspection=seed.inspection, kind="long_term").exclude(
        status="closed"
    )[0]


def test_the_seed_and_its_workflow_agree_with_the_trail(seed):
    result = audit_verify()
    assert result.ok and result.findings == (), result.findings
    # the first progress entry starts a measure without a transition of its own: still in agreement
    measure = measure_create(problem=seed.problem(1), content="新措施", kind="long_term", actor=seed.liaison)
    progress_create(measure=measure, happened_on=dt.date(2023, 6, 1), text="已启动", reporter=seed.liaison)
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.IN_PROGRESS
    assert audit_verify().ok


def test_a_long_term_measure_closed_by_sql_is_named(seed):
    measure = _long_term(seed)
    raw_sql("UPDATE ledger_measure SET status = 'closed' WHERE id = %s", [measure.pk])
    result = audit_verify()
    assert not result.ok
    name = f"措施 {measure.problem.number}.{measure.number}(ID {measure.pk})"
    status = next(f for f in result.findings if name in f and "状态为“已销号”" in f)
    assert "最后一次状态变更的结果是“整改中”" in status or "最后一次状态变更的结果是“未启动”" in status
    assert any(name in f and "没有批准销号的记录" in f for f in result.findings)
    # the counts the triggers keep moved with the row: those agree
    assert not any("计数" in f for f in result.findings)
    with pytest.raises(CommandError, match=f"ID {measure.pk}"):
        call_command("verify")


def test_a_status_moved_back_by_sql_is_named(seed):
    struck_off = seed.measure(4, 1)
    raw_sql("UPDATE ledger_measure SET status = 'in_progress' WHERE id = %s", [struck_off.pk])
    result = audit_verify()
    assert not result.ok
    assert [f for f in result.findings if f"ID {struck_off.pk}" in f and "“已销号”" in f]


def test_a_closed_measure_whose_approval_event_was_removed_is_named(seed):
    measure = seed.measure(4, 1)
    approval = AuditEvent.objects.filter(
        object_type="ledger.measure", object_id=str(measure.pk), action="transition"
    ).latest("seq")
    # rewrite the approval into a plain edit (the chain itself would show that too)
    raw_sql("UPDATE audit_auditevent SET action = 'update' WHERE seq = %s", [approval.seq])
    result = audit_verify()
    assert any(f"ID {measure.pk}" in f and "没有批准销号" in f for f in result.findings)


def test_a_tally_count_changed_is_named(seed):
    inspection = seed.inspection
    raw_sql(
        "UPDATE ledger_inspectiontally SET measures_closed = measures_closed + 3 WHERE inspection_id = %s",
        [inspection.pk],
    )
    result = audit_verify()
    assert not result.ok
    finding = next(f for f in result.findings if f"巡察(ID {inspection.pk})" in f)
    assert "措施“已销号”" in finding and "实有" in finding


def test_a_problem_count_changed_is_named(seed):
    problem = seed.problem(2)
    raw_sql(
        "UPDATE ledger_problem SET measures_in_progress = measures_in_progress + 1 WHERE id = %s",
        [problem.pk],
    )
    result = audit_verify()
    assert any(f"问题 {problem.number}(ID {problem.pk})" in f and "措施计数" in f for f in result.findings)


def test_a_missing_tally_row_is_named(seed):
    raw_sql("DELETE FROM ledger_inspectiontally WHERE inspection_id = %s", [seed.inspection.pk])
    assert any("缺少统计行" in f for f in audit_verify().findings)


def test_an_emptied_trail_fails_when_ledger_data_exists(seed):
    assert audit_verify().ok
    raw_sql("DELETE FROM audit_auditevent")
    raw_sql("DELETE FROM audit_chainhead")
    result = audit_verify()
    assert not result.ok and result.checked == 0
    assert "审计记录为空" in result.findings[0] and "个问题" in result.findings[0]
    assert any("没有批准销号的记录" in f for f in result.findings)  # the struck-off measures


def test_a_shortened_trail_names_the_rows_whose_creation_is_gone(seed):
    measure = measure_create(
        problem=seed.problem(1), content="最后新建的措施", kind="long_term", actor=seed.liaison
    )
    created = AuditEvent.objects.get(object_type="ledger.measure", object_id=str(measure.pk), action="create")
    raw_sql("DELETE FROM audit_auditevent WHERE seq >= %s", [created.seq])
    # put back a head that matches the shortened chain: only someone with the key could sign it, so
    # the head check fails too; the ledger check names the measure on its own
    result = audit_verify()
    assert not result.ok
    assert any(f"ID {measure.pk}" in f and "没有新建记录" in f for f in result.findings)


def test_a_measure_written_behind_the_services_is_named(seed):
    problem = seed.problem(1)
    (inserted,) = Measure.objects.bulk_create(
        [Measure(problem=problem, number=99, content="插入的措施", kind="long_term")]
    )
    result = audit_verify()
    assert any(f"措施 {problem.number}.99(ID {inserted.pk})没有新建记录" in f for f in result.findings)


def test_chain_only_skips_the_ledger(seed):
    raw_sql("UPDATE ledger_measure SET status = 'closed' WHERE id = %s", [_long_term(seed).pk])
    assert audit_verify(ledger=False).ok
    call_command("verify", "--chain-only")


def test_many_disagreements_are_counted_past_the_named_ones(seed, monkeypatch):
    monkeypatch.setattr("zhenggai.ledger.trail_check.NAMED", 2)
    raw_sql("UPDATE ledger_problem SET measures_not_started = measures_not_started + 1")
    findings = audit_verify().findings
    counted = [f for f in findings if "未一一列出" in f]
    assert len([f for f in findings if "措施计数" in f]) == 2 and counted


def test_the_checks_are_set_based(seed, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        audit_verify()
