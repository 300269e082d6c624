"""Inside: the unit triages, links and answers; the office watches; everyone else sees nothing."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.public.helpers import code_from, notice_url, submit
from zhenggai.audit.models import AuditEvent
from zhenggai.audit.verify import audit_verify
from zhenggai.core.errors import ServiceError
from zhenggai.inspections.services import inspection_create
from zhenggai.ledger.services import problem_create
from zhenggai.public.models import Feedback, FeedbackStatus
from zhenggai.public.services import feedback_link, feedback_move
from zhenggai.public.workflow import MOVES, moves_from


def _submit(seed, **extra) -> tuple[Feedback, str]:
    client = Client()
    assert submit(client, notice_url(seed, "public:notice_feedback"), **extra).status_code == 302
    return Feedback.objects.latest("pk"), code_from(client)


def _events(feedback):
    return list(
        AuditEvent.objects.filter(object_type="public.feedback", object_id=str(feedback.pk)).order_by("seq")
    )


def test_liaison_accepts_links_transfers_and_answers_every_step_audited(login, seed):
    feedback, code = _submit(seed)
    client = login(seed.liaison)
    detail = reverse("public:inbox_detail", args=[feedback.pk])
    html = client.get(detail).content.decode()
    assert "受理" in html and "不予受理" in html and "转办" in html

    client.post(reverse("public:inbox_move", args=[feedback.pk]), {"move": "accept", "note": "先核实"})
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ACCEPTED and feedback.triaged_at
    measure = seed.measure(3, 2)
    client.post(reverse("public:inbox_link", args=[feedback.pk]), {"measure": measure.pk})
    feedback.refresh_from_db()
    assert feedback.measure == measure and feedback.problem == seed.problem(3)
    office = seed.office("高新技术股")
    client.post(reverse("public:inbox_move", args=[feedback.pk]), {"move": "transfer", "office": office.pk})
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.TRANSFERRED and feedback.transferred_to == office
    response = client.post(
        reverse("public:inbox_move", args=[feedback.pk]),
        {"move": "answer", "reply": "已建立储备库,逐月更新。"},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ANSWERED and feedback.replied_by == seed.liaison

    events = _events(feedback)
    assert [e.action for e in events] == ["create", "transition", "update", "transition", "transition"]
    assert all(e.unit_path == seed.unit.path for e in events)
    assert [e.problem_id for e in events[2:]] == [seed.problem(3).pk] * 3
    assert events[1].changes == {"status": ["received", "accepted"]} and events[1].reason == "accept: 先核实"
    assert events[2].changes == {"problem": [None, seed.problem(3).pk], "measure": [None, measure.pk]}
    assert events[3].changes["transferred_to"] == [None, office.pk]
    assert events[4].changes["reply"] == [None, "已建立储备库,逐月更新。"]
    assert all(e.actor == seed.liaison for e in events[1:])
    assert audit_verify().ok

    lookup = Client().post(reverse("public:track"), {"code": code}).content.decode()
    assert "已答复" in lookup and "已建立储备库,逐月更新。" in lookup
    assert "先核实" not in lookup and "高新技术股" not in lookup


def test_rejection_needs_a_reason_which_the_person_sees(login, seed):
    feedback, code = _submit(seed)
    client = login(seed.leader)  # the first-responsible leader handles it too
    url = reverse("public:inbox_move", args=[feedback.pk])
    client.post(url, {"move": "reject"})
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RECEIVED
    client.post(url, {"move": "reject", "reason": "不属于本单位职责范围,请向区农业农村局反映。"})
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.REJECTED
    lookup = Client().post(reverse("public:track"), {"code": code}).content.decode()
    assert "不予受理" in lookup and "不属于本单位职责范围" in lookup


def test_moves_follow_the_table(seed):
    feedback, _code = _submit(seed)
    with pytest.raises(ServiceError) as error:
        feedback_move(feedback=feedback, move_name="answer", actor=seed.liaison, reply="直接答复")
    assert "不能执行“答复”" in error.value.messages[0]
    with pytest.raises(ServiceError):
        feedback_move(feedback=feedback, move_name="transfer", actor=seed.liaison)  # no office
    other_units_office = seed.outsider.memberships.get().unit
    with pytest.raises(ServiceError):
        feedback_move(feedback=feedback, move_name="transfer", actor=seed.liaison, office=other_units_office)
    with pytest.raises(ServiceError):
        feedback_move(feedback=feedback, move_name="accept", actor=seed.xunchaban)
    with pytest.raises(ServiceError):
        feedback_move(feedback=feedback, move_name="fly", actor=seed.liaison)
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RECEIVED and len(_events(feedback)) == 1
    assert [m.name for m in moves_from(FeedbackStatus.ANSWERED)] == []
    assert {m.target for m in MOVES} <= set(FeedbackStatus.values)


def test_links_stay_inside_the_unit(seed):
    feedback, _code = _submit(seed)
    sibling = seed.outsider.memberships.get().unit
    other = inspection_create(round=seed.inspection.round, group=seed.inspection.group, unit=sibling)
    foreign = problem_create(inspection=other, title="别的单位的问题", category="其他")
    with pytest.raises(ServiceError):
        feedback_link(feedback=feedback, actor=seed.liaison, problem=foreign)
    with pytest.raises(ServiceError):
        feedback_link(feedback=feedback, actor=seed.clerk, problem=seed.problem(1))


def test_who_sees_and_who_handles(client, seed):
    feedback, _code = _submit(seed)
    detail = reverse("public:inbox_detail", args=[feedback.pk])
    move = reverse("public:inbox_move", args=[feedback.pk])
    link = reverse("public:inbox_link", args=[feedback.pk])

    def outcome(user, url, method="get", data=None):
        client.logout()
        client.force_login(user)
        return getattr(client, method)(url, data or {}).status_code

    assert outcome(seed.liaison, detail) == 200
    assert outcome(seed.xunchaban, detail) == 200  # the office sees its tree
    assert outcome(seed.xunchaban, move, "post", {"move": "accept"}) == 403
    assert outcome(seed.xunchaban, link, "post") == 403
    for user in (seed.clerk, seed.outsider):
        assert outcome(user, detail) == 404
        assert outcome(user, move, "post", {"move": "accept"}) == 404
        assert outcome(user, link, "post") == 404
    # once transferred to 高新技术股, its clerk reads it, but the unit still handles it
    feedback_move(
        feedback=feedback, move_name="transfer", actor=seed.liaison, office=seed.office("高新技术股")
    )
    assert outcome(seed.clerk, detail) == 200
    assert outcome(seed.clerk, move, "post", {"move": "answer", "reply": "x"}) == 403
    assert outcome(seed.outsider, detail) == 404
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.TRANSFERRED
    client.logout()
    assert client.get(detail).status_code == 302 and client.get(detail)["Location"].startswith("/login/")


def test_lists_are_scoped_in_sql(client, seed):
    feedback, _code = _submit(seed, message="本单位的意见")
    for user, sees in (
        (seed.liaison, True),
        (seed.xunchaban, True),
        (seed.clerk, False),
        (seed.outsider, False),
    ):
        client.force_login(user)
        html = client.get(reverse("public:inbox")).content.decode()
        assert ("本单位的意见" in html) is sees, user
    client.force_login(seed.xunchaban)
    sibling = seed.outsider.memberships.get().unit
    assert "本单位的意见" not in client.get(reverse("public:inbox"), {"unit": sibling.pk}).content.decode()
    assert "本单位的意见" in client.get(reverse("public:inbox"), {"unit": seed.unit.pk}).content.decode()


def test_the_office_sees_what_is_unanswered_past_n_days(client, seed, settings):
    settings.ZHENGGAI_PUBLIC_ANSWER_DAYS = 15
    late, _ = _submit(seed, message="十六天前的意见")
    fresh, _ = _submit(seed, message="今天的意见")
    answered, _ = _submit(seed, message="早已答复的意见")
    old = timezone.now() - dt.timedelta(days=16)
    Feedback.objects.filter(pk__in=[late.pk, answered.pk]).update(created_at=old)
    feedback_move(feedback=answered, move_name="accept", actor=seed.liaison)
    feedback_move(feedback=answered, move_name="answer", actor=seed.liaison, reply="已答复")

    client.force_login(seed.xunchaban)
    html = client.get(reverse("public:inbox"), {"state": "overdue"}).content.decode()
    assert "十六天前的意见" in html and "今天的意见" not in html and "早已答复的意见" not in html
    assert 'data-figure="feedback_overdue">1<' in html and 'data-figure="feedback_open">2<' in html

    board = client.get(reverse("dashboard")).content.decode()
    assert 'data-figure="feedback_open">2<' in board and 'data-figure="feedback_overdue">1<' in board
    assert reverse("public:inbox") in board
    client.force_login(seed.outsider)
    assert 'data-figure="feedback_open">0<' in client.get(reverse("dashboard")).content.decode()


def test_nav_link_for_signed_in_staff(client, seed):
    client.force_login(seed.liaison)
    html = client.get(reverse("problem_list")).content.decode()
    assert f'href="{reverse("public:inbox")}"' in html and "群众意见" in html
