"""A seed case with one task of every kind waiting for someone (besides the seed's own: the
long-term measures late to report, the look-backs of problems 4 and 5)."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from zhenggai.api.tokens import token_create
from zhenggai.ledger.models import Measure
from zhenggai.ledger.services import measure_create, progress_create
from zhenggai.ledger.transitions import measure_transition
from zhenggai.notices.services import notice_create
from zhenggai.public.services import feedback_submit
from zhenggai.supervision.services import notice_issue

FAR = dt.date(2031, 12, 31)  # green: due long after the tests run


@pytest.fixture
def users(seed):
    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def api():
    """``api(user)``: an API client carrying a fresh personal token of ``user``."""

    def _client(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='测试')[1]}")
        return client

    return _client


def fresh_measure(seed, *, problem: int, office: str, leader, content: str, deadline=FAR) -> Measure:
    return measure_create(
        problem=seed.problem(problem),
        content=content,
        kind="deadline",
        deadline=deadline,
        responsible_office=seed.office(office),
        leader_user=leader,
        actor=seed.liaison,
    )


def submitted(seed, measure: Measure) -> Measure:
    upload = SimpleUploadedFile("记录.txt", b"ok", content_type="text/plain")
    progress_create(
        measure=measure,
        happened_on=timezone.localdate(),
        text="已完成",
        reporter=seed.liaison,
        files=[upload],
    )
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="已完成")
    measure.refresh_from_db()
    return measure


@dataclass
class World:
    led_by_deputy: Measure  # submitted: the deputy (and the first-responsible leader) confirm it
    led_by_leader: Measure  # submitted: only the first-responsible leader confirms it
    confirmed: Measure  # the inspection office approves it
    returned: Measure  # sent back by the leader: the liaison and 高新技术股's clerk resubmit it
    supervision: object
    feedback: object
    draft: object


@pytest.fixture
def world(seed, users) -> World:
    deputy, leader = users["deputy"], users["leader"]
    led_by_deputy = submitted(
        seed, fresh_measure(seed, problem=2, office="农村科技股", leader=deputy, content="待审核甲")
    )
    led_by_leader = submitted(
        seed, fresh_measure(seed, problem=1, office="办公室", leader=leader, content="待审核乙")
    )
    confirmed = submitted(
        seed, fresh_measure(seed, problem=3, office="高新技术股", leader=deputy, content="待批准")
    )
    measure_transition(measure=confirmed, move_name="confirm", actor=leader)
    returned = submitted(
        seed, fresh_measure(seed, problem=3, office="高新技术股", leader=deputy, content="被退回")
    )
    measure_transition(measure=returned, move_name="return_by_leader", actor=leader, reason="佐证不足")
    today = timezone.localdate()
    notice = notice_issue(
        problem=seed.problem(3), issued_by=seed.xunchaban, content="请说明整改进展", answer_due=FAR
    )
    published = seed.inspection.notices.get(state="published")
    feedback = feedback_submit(unit=seed.unit, notice=published, message="群众意见一则", nonce="wb").feedback
    draft = notice_create(inspection=seed.inspection, cutoff_date=today, signed_on=today)
    for m in (led_by_deputy, led_by_leader, confirmed, returned):
        m.refresh_from_db()
    return World(led_by_deputy, led_by_leader, confirmed, returned, notice, feedback, draft)
