"""The close-out workflow: every allowed move by the right role, every disallowed move refused."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenggai.accounts.models import SupervisionPolicy
from zhenggai.core.errors import ServiceError
from zhenggai.ledger.models import (
    LookBackReview,
    MeasureKind,
    MeasureStatus,
    MeasureTransition,
    ProblemStatus,
)
from zhenggai.ledger.reporting import long_term_label, long_term_overdue_q, report_cutoff
from zhenggai.ledger.reviews import review_record
from zhenggai.ledger.services import (
    measure_create,
    measure_delete,
    problem_create,
    problem_delete,
    progress_create,
    progress_delete,
)
from zhenggai.ledger.transitions import allowed_moves, measure_transition
from zhenggai.ledger.workflow import MOVES


def _evidence():
    return SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")


@pytest.fixture
def open_measure(seed):
    """A new one-off measure of problem 4, started with evidence: ready to be submitted."""
    measure = measure_create(
        problem=seed.problem(4),
        content="建立科技项目跟踪服务台账",
        kind=MeasureKind.DEADLINE,
        deadline=dt.date(2023, 6, 30),
    )
    progress_create(measure=measure, happened_on=dt.date(2023, 5, 1), text="台账已建立", files=[_evidence()])
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS
    return measure


def test_full_close_out_completes_the_problem_and_schedules_a_look_back(seed, open_measure):
    problem = seed.problem(4)
    assert problem.status == ProblemStatus.IN_PROGRESS
    measure_transition(
        measure=open_measure, move_name="submit", actor=seed.liaison, reason="台账已建立并运行"
    )
    measure_transition(measure=open_measure, move_name="confirm", actor=seed.leader)
    measure_transition(
        measure=open_measure, move_name="approve", actor=seed.xunchaban, on=dt.date(2023, 7, 1)
    )
    problem.refresh_from_db()
    open_measure.refresh_from_db()
    assert open_measure.status == MeasureStatus.CLOSED and open_measure.completed_on == dt.date(2023, 7, 1)
    assert problem.status == ProblemStatus.COMPLETED and problem.completed_on == dt.date(2023, 7, 1)
    review = LookBackReview.objects.get(problem=problem, outcome="pending")
    assert review.due_on == dt.date(2024, 1, 1)  # six months by default
    trail = list(open_measure.transitions.values_list("move", "source", "target", "actor__username"))
    assert trail == [
        ("submit", "in_progress", "submitted", "liaison"),
        ("confirm", "submitted", "confirmed", "leader"),
        ("approve", "confirmed", "closed", "xunchaban"),
    ]
    assert open_measure.transitions.first().reason == "台账已建立并运行"


def test_returns_need_a_reason_and_go_back_to_in_progress(seed, open_measure):
    measure_transition(measure=open_measure, move_name="submit", actor=seed.liaison, reason="完成")
    with pytest.raises(ServiceError, match="请填写退回理由"):
        measure_transition(measure=open_measure, move_name="return_by_leader", actor=seed.leader, reason=" ")
    measure_transition(
        measure=open_measure, move_name="return_by_leader", actor=seed.leader, reason="佐证不足"
    )
    assert open_measure.status == MeasureStatus.IN_PROGRESS
    measure_transition(measure=open_measure, move_name="submit", actor=seed.liaison, reason="补充了材料")
    measure_transition(measure=open_measure, move_name="confirm", actor=seed.leader)
    measure_transition(
        measure=open_measure, move_name="return_by_office", actor=seed.xunchaban, reason="未见制度文本"
    )
    assert open_measure.status == MeasureStatus.IN_PROGRESS
    assert open_measure.transitions.filter(move="return_by_office").get().reason == "未见制度文本"


def test_submit_needs_evidence(seed):
    measure = measure_create(
        problem=seed.problem(4), content="x", kind=MeasureKind.DEADLINE, deadline=dt.date(2023, 6, 1)
    )
    progress_create(measure=measure, happened_on=dt.date(2023, 5, 1), text="无附件")
    with pytest.raises(ServiceError, match="至少上传一份佐证材料"):
        measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="完成")
    assert not MeasureTransition.objects.filter(measure=measure).exists()


def test_long_term_measures_are_never_struck_off(seed):
    measure = seed.measure(1, 1)  # long-term, in progress, with progress
    progress_create(measure=measure, happened_on=dt.date(2023, 5, 1), text="学习", files=[_evidence()])
    assert "submit" not in [m.name for m in allowed_moves(seed.liaison, measure)]
    with pytest.raises(ServiceError, match="不能执行"):
        measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="完成")


def _personas(seed):
    return {
        "xunchaban": seed.xunchaban,
        "leader": seed.leader,
        "liaison": seed.liaison,
        "clerk": seed.clerk,
        "outsider": seed.outsider,
    }


# Who may make each move (for a measure of 高新技术股 led by the deputy).
ALLOWED = {
    "start": {"leader", "liaison", "clerk"},
    "submit": {"liaison", "clerk"},
    "confirm": {"leader"},
    "return_by_leader": {"leader"},
    "approve": {"xunchaban"},
    "return_by_office": {"xunchaban"},
    "reopen": {"xunchaban"},
}


def _measure_in(seed, status: str):
    measure = measure_create(
        problem=seed.problem(3),
        content="补充措施",
        kind=MeasureKind.DEADLINE,
        deadline=dt.date(2023, 6, 30),
        responsible_office=seed.office("高新技术股"),
    )
    progress_create(measure=measure, happened_on=dt.date(2023, 5, 1), text="进展", files=[_evidence()])
    measure.status = status
    measure.save(update_fields=["status"])
    return measure


@pytest.mark.parametrize("move", MOVES, ids=lambda m: m.name)
def test_each_move_only_by_its_roles_and_only_from_its_state(seed, move):
    assert set(ALLOWED) == {m.name for m in MOVES}
    for name, user in _personas(seed).items():
        measure = _measure_in(seed, move.source)
        if name in ALLOWED[move.name]:
            measure_transition(measure=measure, move_name=move.name, actor=user, reason="理由")
            assert measure.status == move.target
        else:
            with pytest.raises(ServiceError):
                measure_transition(measure=measure, move_name=move.name, actor=user, reason="理由")
            measure.refresh_from_db()
            assert measure.status == move.source
    for other_state in set(MeasureStatus.values) - {move.source}:
        measure = _measure_in(seed, other_state)
        with pytest.raises(ServiceError, match="不能执行"):
            measure_transition(measure=measure, move_name=move.name, actor=seed.xunchaban, reason="理由")


def test_deputy_confirms_only_the_measures_they_lead(seed):
    deputy = type(seed.leader).objects.get(username="deputy")
    led = _measure_in(seed, MeasureStatus.SUBMITTED)
    led.leader_user = deputy
    led.save(update_fields=["leader_user"])
    measure_transition(measure=led, move_name="confirm", actor=deputy)
    not_led = _measure_in(seed, MeasureStatus.SUBMITTED)
    not_led.leader_user = seed.leader
    not_led.save(update_fields=["leader_user"])
    with pytest.raises(ServiceError, match="没有权限"):
        measure_transition(measure=not_led, move_name="confirm", actor=deputy)


def test_unknown_move_is_refused(seed):
    with pytest.raises(ServiceError, match="未知的操作"):
        measure_transition(measure=seed.measure(1, 1), move_name="delete_everything", actor=seed.xunchaban)


def test_look_back_holds(seed):
    review = LookBackReview.objects.get(problem=seed.problem(4), outcome="pending")
    assert review.due_on == dt.date(2023, 9, 28)  # struck off 2023-03-28, plus six months
    review_record(review=review, outcome="holds", notes="制度运行良好,未反弹", reviewer=seed.xunchaban)
    review.refresh_from_db()
    assert review.outcome == "holds" and review.reviewer == seed.xunchaban
    assert seed.problem(4).status == ProblemStatus.COMPLETED
    with pytest.raises(ServiceError, match="不能重复记录"):
        review_record(review=review, outcome="relapsed", notes="x", reviewer=seed.xunchaban)


def test_look_back_relapse_reopens_until_a_new_measure_is_struck_off(seed):
    problem = seed.problem(5)
    review = LookBackReview.objects.get(problem=problem, outcome="pending")
    for user in (seed.liaison, seed.leader, seed.outsider):
        with pytest.raises(ServiceError):
            review_record(review=review, outcome="relapsed", notes="x", reviewer=user)
    review_record(review=review, outcome="relapsed", notes="项目监管再次出现走过场", reviewer=seed.xunchaban)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.IN_PROGRESS and problem.awaiting_new_measure
    assert not LookBackReview.objects.filter(problem=problem, outcome="pending").exists()
    measure = measure_create(
        problem=problem, content="建立项目监管回访制度", kind="deadline", deadline=dt.date(2023, 12, 31)
    )
    problem.refresh_from_db()
    assert not problem.awaiting_new_measure and problem.status == ProblemStatus.IN_PROGRESS
    progress_create(measure=measure, happened_on=dt.date(2023, 11, 1), text="已印发", files=[_evidence()])
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="已印发")
    measure_transition(measure=measure, move_name="confirm", actor=seed.leader)
    measure_transition(measure=measure, move_name="approve", actor=seed.xunchaban, on=dt.date(2023, 12, 1))
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.COMPLETED
    outcomes = list(problem.reviews.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == ["relapsed", "pending"]  # history keeps both


def test_group_member_may_record_a_look_back(seed):
    group3 = type(seed.leader).objects.get(username="group3")
    review = LookBackReview.objects.get(problem=seed.problem(4), outcome="pending")
    review_record(review=review, outcome="holds", notes="巩固", reviewer=group3)


def test_look_back_interval_follows_the_committee_policy(seed):
    SupervisionPolicy.objects.create(committee=seed.unit.parent, look_back_months=3)
    problem = problem_create(inspection=seed.inspection, title="新问题")
    measure = measure_create(problem=problem, content="x", kind="immediate", deadline=dt.date(2023, 1, 1))
    progress_create(measure=measure, happened_on=dt.date(2022, 12, 1), text="完成", files=[_evidence()])
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="完成")
    measure_transition(measure=measure, move_name="confirm", actor=seed.leader)
    measure_transition(measure=measure, move_name="approve", actor=seed.xunchaban, on=dt.date(2022, 12, 31))
    assert problem.reviews.get().due_on == dt.date(2023, 3, 31)


def test_long_term_report_is_overdue_after_a_quarter_without_progress(seed):
    measure = seed.measure(3, 3)  # last progress 2023-03-29
    cutoff = report_cutoff(3, today=dt.date(2023, 6, 1))
    annotated = type(measure).objects.get(pk=measure.pk)
    assert long_term_label(annotated, cutoff) == "阶段性成效"
    later = report_cutoff(3, today=dt.date(2023, 7, 15))
    annotated = type(measure).objects.get(pk=measure.pk)
    assert long_term_label(annotated, later) == "逾期未报"
    overdue = type(measure).objects.all().filter(long_term_overdue_q(later))
    assert set(overdue.values_list("kind", flat=True)) == {"long_term"}
    assert overdue.count() == 4  # every long-term measure of the seed


def test_struck_off_work_cannot_be_deleted(seed):
    with pytest.raises(ServiceError, match="不能删除"):
        measure_delete(measure=seed.measure(4, 1))
    with pytest.raises(ServiceError, match="不能删除"):
        problem_delete(problem=seed.problem(4))
    with pytest.raises(ServiceError, match="不能删除"):
        progress_delete(entry=seed.measure(4, 1).progress.get())


def test_soft_deletion_hides_but_keeps_the_row(seed):
    measure = measure_create(problem=seed.problem(1), content="多余的措施", kind="long_term")
    measure_delete(measure=measure)
    assert not type(measure).objects.live().filter(pk=measure.pk).exists()
    assert type(measure).objects.filter(pk=measure.pk, deleted_at__isnull=False).exists()
    problem = problem_create(inspection=seed.inspection, title="录错的问题")
    problem_delete(problem=problem)
    assert seed.inspection.problems.live().count() == 5
