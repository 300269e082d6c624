"""The in-app notification list with unread counts, and 督办: issue, answer, who may do which."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zhenggai.audit.models import AuditEvent
from zhenggai.core.errors import ServiceError
from zhenggai.supervision.models import Notification, NotificationKind, SupervisionNotice
from zhenggai.supervision.services import notice_answer, notice_issue, reminders_run


def _unread_badge(response) -> str | None:
    html = response.content.decode()
    marker = 'class="unread-count"'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split(">", 1)[1].split("<", 1)[0]


# Notifications --------------------------------------------------------------------------------


def test_unread_count_in_the_nav_and_marking_read(login, seed, mailoutbox):
    reminders_run(dt.date(2023, 8, 1))
    client = login(seed.liaison)
    assert _unread_badge(client.get(reverse("home"), follow=True)) == "1"
    Notification.objects.create(user=seed.liaison, kind=NotificationKind.NOTICE, title="另一条", url="/")
    page = client.get(reverse("supervision_notifications"))
    assert _unread_badge(page) == "2"
    text = page.content.decode()
    assert "【整改提醒】2023年8月1日:已逾期4项" in text and "另一条" in text
    m33 = seed.measure(3, 3)
    assert f"http://127.0.0.1:8000/problems/{m33.problem_id}/#measure-{m33.pk}" in text  # links in the body

    digest = Notification.objects.get(user=seed.liaison, kind=NotificationKind.DIGEST)
    response = client.post(reverse("supervision_notification_read", args=[digest.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == digest.url
    digest.refresh_from_db()
    assert digest.read_at is not None
    assert _unread_badge(client.get(reverse("supervision_notifications"))) == "1"
    assert "另一条" in client.get(reverse("supervision_notifications") + "?unread=1").content.decode()

    client.post(reverse("supervision_notifications_read_all"))
    page = client.get(reverse("supervision_notifications"))
    assert _unread_badge(page) is None
    assert not Notification.objects.filter(user=seed.liaison, read_at__isnull=True).exists()


def test_someone_elses_notification_is_not_found(login, seed):
    note = Notification.objects.create(user=seed.liaison, title="联络员的通知")
    client = login(seed.outsider)
    assert client.post(reverse("supervision_notification_read", args=[note.pk])).status_code == 404
    assert "联络员的通知" not in client.get(reverse("supervision_notifications")).content.decode()
    note.refresh_from_db()
    assert note.read_at is None


def test_no_notifications_means_no_badge(login, seed):
    assert _unread_badge(login(seed.clerk).get(reverse("supervision_notifications"))) is None


# 督办 -----------------------------------------------------------------------------------------


def _issue(seed, **extra):
    return notice_issue(
        problem=seed.problem(3),
        issued_by=seed.xunchaban,
        content="高新技术企业培育进展缓慢,请说明原因及下一步措施",
        answer_due=timezone.localdate() + dt.timedelta(days=10),
        **extra,
    )


def test_only_the_inspection_office_issues(seed, users):
    for name in ("liaison", "leader", "deputy", "clerk", "group3", "outsider"):
        with pytest.raises(ServiceError):
            notice_issue(
                problem=seed.problem(3), issued_by=users[name], content="x", answer_due=timezone.localdate()
            )
    assert not SupervisionNotice.objects.exists()


def test_issuing_from_the_problem_page_notifies_the_unit_and_is_in_the_trail(login, seed):
    client = login(seed.xunchaban)
    problem_page = client.get(reverse("problem", args=[seed.problem(3).pk])).content.decode()
    assert reverse("supervision_notice_new", args=[seed.problem(3).pk]) in problem_page
    due = timezone.localdate() + dt.timedelta(days=15)
    url = reverse("supervision_notice_new", args=[seed.problem(3).pk])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"content": " ", "answer_due": due.isoformat()})
    assert empty.status_code == 200 and 'class="error"' in empty.content.decode()
    late = client.post(url, {"content": "请说明", "answer_due": "2020-01-01"})
    assert late.status_code == 200 and "答复期限不能早于今天" in late.content.decode()
    assert not SupervisionNotice.objects.exists()
    response = client.post(url, {"content": "请说明原因及下一步措施", "answer_due": due.isoformat()})
    notice = SupervisionNotice.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "supervision_notice", args=[notice.pk]
    )
    assert notice.issued_by == seed.xunchaban and notice.issued_on == timezone.localdate()
    told = set(
        Notification.objects.filter(kind=NotificationKind.NOTICE).values_list("user__username", flat=True)
    )
    assert told == {"liaison", "leader"}
    event = AuditEvent.objects.get(object_type="supervision.supervisionnotice", action="create")
    assert event.problem_id == notice.problem_id and event.actor == seed.xunchaban
    assert event.changes["content"] == [None, "请说明原因及下一步措施"]
    assert event.unit_path == seed.unit.path


def test_answer_past_due_date_is_refused(seed):
    with pytest.raises(ServiceError) as refused:
        notice_issue(
            problem=seed.problem(3),
            issued_by=seed.xunchaban,
            content="x",
            answer_due=timezone.localdate() - dt.timedelta(days=1),
        )
    assert "answer_due" in refused.value.message_dict


def test_the_unit_answers_once_and_the_answer_is_kept(login, seed, users):
    notice = _issue(seed)
    answer_url = reverse("supervision_notice_answer", args=[notice.pk])
    for name in ("xunchaban", "group3", "deputy", "clerk"):
        assert login(users[name]).post(answer_url, {"answer": "x"}).status_code == 403
    assert login(seed.outsider).post(answer_url, {"answer": "x"}).status_code == 404
    assert login(seed.outsider).get(reverse("supervision_notice", args=[notice.pk])).status_code == 404

    client = login(seed.liaison)
    detail = client.get(reverse("supervision_notice", args=[notice.pk])).content.decode()
    assert "提交答复" in detail
    empty = client.post(answer_url, {"answer": "  "})
    assert empty.status_code == 200 and 'class="error"' in empty.content.decode()
    notice.refresh_from_db()
    assert notice.answered_on is None
    response = client.post(answer_url, {"answer": "已制定培育计划,新增入库企业5家"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.answer == "已制定培育计划，新增入库企业5家" and notice.answered_by == seed.liaison
    assert notice.answered_on == timezone.localdate()
    with pytest.raises(ServiceError):
        notice_answer(notice=notice, answered_by=seed.leader, answer="再答一次")
    event = AuditEvent.objects.get(object_type="supervision.supervisionnotice", action="update")
    assert event.changes["answer"] == ["", "已制定培育计划，新增入库企业5家"] and event.actor == seed.liaison
    assert Notification.objects.filter(user=seed.xunchaban, title__startswith="【督办已答复】").exists()
    # Shown read-only to everyone who sees the problem.
    page = login(users["deputy"]).get(reverse("supervision_notice", args=[notice.pk])).content.decode()
    assert "已制定培育计划" in page and "提交答复" not in page


def test_the_leader_may_answer_too(seed):
    notice = notice_answer(notice=_issue(seed), answered_by=seed.leader, answer="局党组已研究部署")
    assert notice.answered_by == seed.leader


def test_notice_lists_are_scoped(login, seed):
    notice = _issue(seed)
    for user in (seed.xunchaban, seed.liaison, seed.leader, seed.clerk):
        page = login(user).get(reverse("supervision_notices")).content.decode()
        assert reverse("supervision_notice", args=[notice.pk]) in page
    page = login(seed.outsider).get(reverse("supervision_notices")).content.decode()
    assert reverse("supervision_notice", args=[notice.pk]) not in page and "暂无督办" in page
    open_only = login(seed.liaison).get(reverse("supervision_notices") + "?status=answered").content.decode()
    assert reverse("supervision_notice", args=[notice.pk]) not in open_only


def test_the_problem_page_shows_the_notices(login, seed):
    notice = _issue(seed)
    page = login(seed.liaison).get(reverse("problem", args=[seed.problem(3).pk])).content.decode()
    assert 'id="supervision-notices"' in page and "答复督办" in page
    assert reverse("supervision_notice_new", args=[notice.problem_id]) not in page  # the unit cannot issue
