"""Separation of duties and opinions: who applied for a 销号 neither confirms nor approves it
(a superuser included); an opinion is required on a return, optional on a decision, and kept."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import ready_to_submit
from zhenggai.accounts.models import Role
from zhenggai.accounts.services import membership_grant
from zhenggai.core.errors import ServiceError
from zhenggai.ledger.flow import flow_of
from zhenggai.ledger.models import MeasureStatus, MeasureTransition
from zhenggai.ledger.services import progress_create
from zhenggai.ledger.transitions import allowed_moves, measure_transition


@pytest.fixture
def measure(seed):
    return ready_to_submit(seed)


@pytest.fixture
def boss(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.org", "x", first_name="系统管理员")


def _names(moves):
    return [move.name for move in moves]


def test_a_superuser_who_applied_can_neither_confirm_nor_approve(seed, measure, boss):
    measure_transition(measure=measure, move_name="submit", actor=boss, reason="完成")
    assert _names(allowed_moves(boss, measure)) == ["return_by_leader"]  # a return stays possible
    with pytest.raises(ServiceError, match="您是该措施销号的申请人") as refused:
        measure_transition(measure=measure, move_name="confirm", actor=boss)
    assert refused.value.code == "own_application"
    measure_transition(measure=measure, move_name="confirm", actor=seed.leader)
    measure.refresh_from_db()
    assert _names(allowed_moves(boss, measure)) == ["return_by_office"]
    with pytest.raises(ServiceError, match="申请、审核、审批须由不同的人办理"):
        measure_transition(measure=measure, move_name="approve", actor=boss)
    measure_transition(measure=measure, move_name="approve", actor=seed.xunchaban)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.CLOSED


def test_a_person_holding_both_roles_does_not_judge_their_own_application(seed, measure):
    membership_grant(user=seed.leader, unit=seed.unit, role=Role.UNIT_LIAISON)  # leader and liaison
    measure_transition(measure=measure, move_name="submit", actor=seed.leader, reason="完成")
    assert "confirm" not in _names(allowed_moves(seed.leader, measure))
    with pytest.raises(ServiceError, match="申请人"):
        measure_transition(measure=measure, move_name="confirm", actor=seed.leader)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.SUBMITTED


def test_the_latest_application_counts(seed, measure, boss):
    """Once returned, a new application by someone else frees the first applicant to judge it."""
    measure_transition(measure=measure, move_name="submit", actor=boss, reason="完成")
    measure_transition(measure=measure, move_name="return_by_leader", actor=seed.leader, reason="补充")
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="已补充")
    assert "confirm" in _names(allowed_moves(boss, measure))
    measure_transition(measure=measure, move_name="confirm", actor=boss, reason="同意")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.CONFIRMED


def test_opinion_required_on_return_optional_on_confirm_and_approve(seed, measure):
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="完成")
    with pytest.raises(ServiceError, match="请填写退回理由"):
        measure_transition(measure=measure, move_name="return_by_leader", actor=seed.leader, reason="  ")
    confirmed = measure_transition(measure=measure, move_name="confirm", actor=seed.leader, reason=" 同意。 ")
    assert confirmed.reason == "同意。"
    with pytest.raises(ServiceError, match="请填写退回理由"):
        measure_transition(measure=measure, move_name="return_by_office", actor=seed.xunchaban)
    approved = measure_transition(measure=measure, move_name="approve", actor=seed.xunchaban)
    assert approved.reason == ""


def test_the_flow_keeps_every_round_with_its_evidence_as_it_was(seed, measure):
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="第一次")
    measure_transition(measure=measure, move_name="return_by_leader", actor=seed.leader, reason="不全")
    progress_create(
        measure=measure,
        happened_on=dt.date(2023, 6, 1),
        text="补充材料",
        files=[SimpleUploadedFile("补充.pdf", b"%PDF-1.4 more", content_type="application/pdf")],
    )
    measure_transition(measure=measure, move_name="submit", actor=seed.clerk, reason="第二次")
    measure_transition(measure=measure, move_name="confirm", actor=seed.leader, reason="同意")
    measure_transition(measure=measure, move_name="approve", actor=seed.xunchaban, reason="准予销号")
    flow = flow_of(measure)
    assert flow["completion_note"] == "第二次"
    first, second = flow["rounds"]
    assert [(s.step, s.passed, s.actor_name, s.transition.reason) for s in first.steps] == [
        ("apply", True, "整改联络员", "第一次"),
        ("review", False, "局党组书记、局长", "不全"),
    ]
    assert [name["name"] for name in first.application.evidence] == ["台账.pdf"]
    assert [(s.label, s.outcome, s.opinion_label) for s in second.steps] == [
        ("申请", "申请销号", "完成情况说明"),
        ("审核", "审核通过", "审批意见"),
        ("审批", "批准销号", "审批意见"),
    ]
    assert [name["name"] for name in second.application.evidence] == ["台账.pdf", "补充.pdf"]
    assert measure.applicant_id_cache == seed.clerk.pk
    stored = MeasureTransition.objects.filter(measure=measure, move="submit").order_by("pk")
    assert [len(t.evidence) for t in stored] == [1, 2]


def test_the_migration_fills_the_evidence_of_the_latest_application_of_frozen_measures(seed, measure):
    import importlib

    from django.apps import apps

    backfill = importlib.import_module("zhenggai.ledger.migrations.0006_transition_evidence").backfill
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="完成")
    MeasureTransition.objects.update(evidence=[])  # as rows written before the column was
    backfill(apps, None)
    submit = MeasureTransition.objects.get(measure=measure, move="submit")
    assert [e["name"] for e in submit.evidence] == ["台账.pdf"]
    # the seed's struck-off measures got theirs too; open measures' rows are left alone
    assert not MeasureTransition.objects.filter(move="submit", evidence=[], measure__status="closed").exists()
