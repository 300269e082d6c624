"""The close-out chain told to the people in it: each move notifies the next actor, in-app at once,
by e-mail (now or in the daily digest) and by the unit's robot; nobody twice, never the actor; a
failing mail server or robot never fails the move. Mail goes to a real SMTP server (aiosmtpd)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import ready_to_submit
from zhenggai.accounts.models import Role
from zhenggai.accounts.services import membership_grant
from zhenggai.ledger.transitions import measure_transition
from zhenggai.supervision.models import (
    DigestChoice,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from zhenggai.supervision.services import reminders_run, webhook_endpoint_create

from .helpers import entries, free_port


@pytest.fixture
def measure(seed):
    """A one-off measure of problem 4 for 高新技术股 (the clerk's office), started, with evidence."""
    return ready_to_submit(seed)


@pytest.fixture
def move(django_capture_on_commit_callbacks):
    """Make a move as a page does: the transaction commits, so the after-commit delivery runs."""

    def _move(measure, name, actor, reason=""):
        with django_capture_on_commit_callbacks(execute=True):
            return measure_transition(measure=measure, move_name=name, actor=actor, reason=reason)

    return _move


def _told(measure) -> list[str]:
    """Usernames told in-app of moves on ``measure`` since the last call (and forget them)."""
    rows = Notification.objects.filter(kind=NotificationKind.WORKFLOW, measure=measure, read_at__isnull=True)
    names = sorted(rows.values_list("user__username", flat=True))
    rows.update(read_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    return names


def _subjects(inbox, username) -> list[str]:
    """Subjects of the new mails to ``username``."""
    return [
        mail.subject.strip() for mail in inbox.new() if any(to.split("@")[0] == username for to in mail.to)
    ]


def _mailed(inbox) -> list[str]:
    return sorted(to.split("@")[0] for mail in inbox.new() for to in mail.to)


def test_each_move_tells_exactly_the_next_people_once_in_app_and_by_mail(seed, measure, move, smtp_inbox):
    move(measure, "submit", seed.liaison, "台账已建立并运行")
    assert _told(measure) == ["leader"]  # the first-responsible leader: the measure has no leader_user
    assert _mailed(smtp_inbox) == ["leader"]

    move(measure, "return_by_leader", seed.leader, "佐证材料不全")
    assert _told(measure) == ["clerk", "liaison"]  # the unit's liaison, the office's clerk
    mails = smtp_inbox.new()
    assert sorted(to.split("@")[0] for mail in mails for to in mail.to) == ["clerk", "liaison"]
    assert "退回理由:佐证材料不全" in mails[0].body and mails[0].subject.strip().startswith("【被退回】")

    move(measure, "submit", seed.clerk, "已补充")
    assert _told(measure) == ["leader"]
    assert _mailed(smtp_inbox) == ["leader"]

    move(measure, "confirm", seed.leader, "同意销号")
    assert _told(measure) == ["xunchaban"]  # the inspection office supervising the unit
    mails = smtp_inbox.new()
    assert [mail.to for mail in mails] == [["xunchaban@xcb.zhanhua.example"]]
    assert "审批意见:同意销号" in mails[0].body and mails[0].subject.strip().startswith("【待审批】")

    move(measure, "approve", seed.xunchaban)
    assert _told(measure) == ["clerk", "liaison"]
    assert _mailed(smtp_inbox) == ["clerk", "liaison"]

    move(measure, "reopen", seed.xunchaban, "回头看发现反弹")
    # everybody in the chain but the actor, the inspection office's own member
    assert _told(measure) == ["clerk", "leader", "liaison"]
    assert _mailed(smtp_inbox) == ["clerk", "leader", "liaison"]
    assert not Notification.objects.filter(kind=NotificationKind.WORKFLOW, email_status=EmailStatus.PENDING)
    assert set(
        Notification.objects.filter(kind=NotificationKind.WORKFLOW).values_list("email_status", flat=True)
    ) == {EmailStatus.SENT}


def test_the_measures_own_leader_is_told_instead_of_the_first_responsible_one(
    seed, measure, move, smtp_inbox
):
    deputy = get_user_model().objects.get(username="deputy")
    measure.leader_user = deputy
    measure.save(update_fields=["leader_user"])
    move(measure, "submit", seed.liaison, "完成")
    assert _told(measure) == ["deputy"]
    assert _mailed(smtp_inbox) == ["deputy"]


def test_nobody_is_told_twice_and_the_actor_is_not_told(seed, measure, move, smtp_inbox):
    # The liaison is also a clerk of the measure's office, and the leader a liaison as well.
    membership_grant(user=seed.liaison, unit=seed.office("高新技术股"), role=Role.OFFICE_CLERK)
    membership_grant(user=seed.leader, unit=seed.unit, role=Role.UNIT_LIAISON)
    move(measure, "submit", seed.clerk, "完成")
    assert _told(measure) == ["leader"]
    move(measure, "return_by_leader", seed.leader, "再补充")
    # liaison once (liaison and clerk), clerk once; the leader, a liaison too, made the move
    assert _told(measure) == ["clerk", "liaison"]
    assert _mailed(smtp_inbox) == ["clerk", "leader", "liaison"]  # submit: leader; return: the two
    move(measure, "submit", seed.liaison, "完成")
    move(measure, "confirm", seed.leader)
    move(measure, "approve", seed.xunchaban)
    _told(measure)
    move(measure, "reopen", seed.xunchaban, "反弹")
    assert _told(measure) == ["clerk", "leader", "liaison"]
    reopened = smtp_inbox.new()[-3:]
    assert sorted(to.split("@")[0] for mail in reopened for to in mail.to) == ["clerk", "leader", "liaison"]


def test_daily_preference_defers_the_mail_to_the_digest_but_not_the_in_app_notice(
    seed, measure, move, smtp_inbox
):
    NotificationPreference.objects.create(user=seed.leader, digest=DigestChoice.DAILY)
    move(measure, "submit", seed.liaison, "台账已建立并运行")
    (notification,) = Notification.objects.filter(user=seed.leader, kind=NotificationKind.WORKFLOW)
    assert notification.read_at is None and notification.email_status == EmailStatus.DAILY
    assert smtp_inbox.new() == []  # no mail now

    reminders_run(dt.date(2026, 3, 2))
    (digest_mail,) = [mail for mail in smtp_inbox.new() if mail.to == ["leader@kjj.zhanhua.example"]]
    assert ("workflow", notification.url) in entries(digest_mail.body)
    assert notification.url == f"{reverse('problem', args=[measure.problem_id])}#measure-{measure.pk}"
    assert "整改联络员申请销号,请审核" in digest_mail.body
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.DIGESTED

    # told once: the next day's digest does not carry it again
    reminders_run(dt.date(2026, 3, 3))
    assert not [
        mail
        for mail in smtp_inbox.new()
        if mail.to == ["leader@kjj.zhanhua.example"] and ("workflow", notification.url) in entries(mail.body)
    ]


def test_immediately_is_the_default_and_a_user_without_email_gets_the_in_app_notice_only(
    seed, measure, move, smtp_inbox
):
    seed.leader.email = ""
    seed.leader.save(update_fields=["email"])
    move(measure, "submit", seed.liaison, "完成")
    (notification,) = Notification.objects.filter(user=seed.leader, kind=NotificationKind.WORKFLOW)
    assert notification.email_status == EmailStatus.NONE
    assert smtp_inbox.new() == []


def test_a_failing_mail_server_or_robot_never_fails_the_move(seed, measure, move, settings, robot_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    webhook_endpoint_create(unit=seed.unit, kind="dingtalk", url=f"{robot_server.url}/fail")
    webhook_endpoint_create(unit=seed.unit, kind="wecom", url=f"http://127.0.0.1:{free_port()}/down")
    transition = move(measure, "submit", seed.liaison, "完成")
    measure.refresh_from_db()
    assert transition.pk and measure.status == "submitted"
    (notification,) = Notification.objects.filter(user=seed.leader, kind=NotificationKind.WORKFLOW)
    assert notification.email_status == EmailStatus.FAILED and notification.email_error
    assert len(robot_server.payloads("/fail")) == 1  # it was tried


def test_a_close_out_mail_that_failed_at_once_goes_with_the_next_daily_run(
    seed, measure, move, settings, smtp_inbox
):
    working = (settings.EMAIL_HOST, settings.EMAIL_PORT)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    move(measure, "submit", seed.liaison, "完成")
    (notification,) = Notification.objects.filter(user=seed.leader, kind=NotificationKind.WORKFLOW)
    assert notification.email_status == EmailStatus.FAILED

    settings.EMAIL_HOST, settings.EMAIL_PORT = working  # the mail server is back
    report = reminders_run()
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT and notification.email_error == ""
    assert report.emails_sent >= 1
    assert _subjects(smtp_inbox, "leader").count(notification.title) == 1
    reminders_run()  # sent once: a later run leaves it alone
    assert notification.title not in _subjects(smtp_inbox, "leader")


def test_a_failed_close_out_mail_is_not_retried_for_ever(seed, measure, move, settings, smtp_inbox):
    from zhenggai.supervision.services import MAIL_RETRY_DAYS

    move(measure, "submit", seed.liaison, "完成")
    (notification,) = Notification.objects.filter(user=seed.leader, kind=NotificationKind.WORKFLOW)
    smtp_inbox.new()
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=MAIL_RETRY_DAYS + 1)
    Notification.objects.filter(pk=notification.pk).update(email_status=EmailStatus.FAILED, created_at=old)
    reminders_run()
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED
    assert notification.title not in _subjects(smtp_inbox, "leader")


def test_the_units_robot_hears_of_unit_moves_and_the_committees_of_the_offices(
    seed, measure, move, mailoutbox, robot_server
):
    base = robot_server.url
    webhook_endpoint_create(unit=seed.unit, kind="dingtalk", url=f"{base}/unit")
    webhook_endpoint_create(unit=seed.unit.parent, kind="wecom", url=f"{base}/committee")
    webhook_endpoint_create(unit=seed.office("高新技术股"), kind="dingtalk", url=f"{base}/office")
    move(measure, "submit", seed.liaison, "完成")
    assert [p["markdown"]["title"] for p in robot_server.payloads("/unit")][0].startswith("【待审核】")
    assert robot_server.payloads("/committee") == [] and robot_server.payloads("/office") == []
    move(measure, "confirm", seed.leader)
    (committee,) = robot_server.payloads("/committee")
    assert "请审批销号" in committee["markdown"]["content"]
    move(measure, "approve", seed.xunchaban)
    assert len(robot_server.payloads("/office")) == 1 and len(robot_server.payloads("/unit")) == 2
    assert {mail.to[0].split("@")[0] for mail in mailoutbox} == {"leader", "xunchaban", "liaison", "clerk"}


def test_a_rolled_back_move_tells_nobody(seed, measure, move):
    from zhenggai.core.errors import ServiceError

    with pytest.raises(ServiceError):
        move(measure, "confirm", seed.liaison)  # not the liaison's move
    assert not Notification.objects.filter(kind=NotificationKind.WORKFLOW).exists()


def test_the_preference_page_sets_daily_and_back(seed, login):
    client = login(seed.leader)
    page = client.get("/supervision/preferences/")
    assert page.status_code == 200 and "每日汇总一次" in page.content.decode()
    client.post("/supervision/preferences/", {"digest": "daily"})
    assert NotificationPreference.objects.get(user=seed.leader).digest == DigestChoice.DAILY
    client.post("/supervision/preferences/", {"digest": "immediately"})
    assert NotificationPreference.objects.get(user=seed.leader).digest == DigestChoice.IMMEDIATELY
    refused = client.post("/supervision/preferences/", {"digest": "weekly"})
    assert (
        refused.status_code == 200
        and NotificationPreference.objects.get(user=seed.leader).digest == "immediately"
    )
    assert "通知设置" in client.get("/supervision/notifications/").content.decode()
