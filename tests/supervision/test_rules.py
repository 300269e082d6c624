"""Who gets what when: recipients, sent-back, look-backs, 督办, policies, settings, failures, cost."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhenggai.accounts.models import SupervisionPolicy
from zhenggai.ledger.models import LookBackReview, MeasureKind
from zhenggai.ledger.reviews import review_record
from zhenggai.ledger.services import measure_create, progress_create
from zhenggai.ledger.transitions import measure_transition
from zhenggai.supervision.models import EmailStatus, Notification, ReminderKind, ReminderLog
from zhenggai.supervision.services import notice_answer, notice_issue, reminders_run

from .helpers import delivered, free_port, grow

SHANGHAI = ZoneInfo("Asia/Shanghai")
D = dt.date(2023, 5, 20)
LIAISON, CLERK, LEADER = (
    "liaison@kjj.zhanhua.example",
    "clerk@kjj.zhanhua.example",
    "leader@kjj.zhanhua.example",
)
OFFICE, DEPUTY = "xunchaban@xcb.zhanhua.example", "deputy@kjj.zhanhua.example"


@pytest.fixture
def travel():
    with time_machine.travel(dt.datetime(2023, 4, 20, 8, tzinfo=SHANGHAI), tick=False) as traveller:
        yield traveller


def run(day, outbox, traveller):
    traveller.move_to(dt.datetime.combine(day, dt.time(8), tzinfo=SHANGHAI))
    start = len(outbox)
    report = reminders_run(day)
    return report, set(delivered(outbox[start:]))


def _new_measure(seed, leader_user=None, office="高新技术股", deadline=D, problem=3):
    return measure_create(
        problem=seed.problem(problem),
        content="测试措施",
        kind=MeasureKind.DEADLINE,
        deadline=deadline,
        responsible_office=seed.office(office) if office else None,
        leader_user=leader_user,
    )


def _url(measure):
    return f"/problems/{measure.problem_id}/#measure-{measure.pk}"


def _about(found, measure):
    return {(to, kind) for to, kind, link in found if link == _url(measure)}


def test_escalation_goes_to_the_first_responsible_leader_when_the_measure_names_none(
    seed, mailoutbox, travel
):
    measure = _new_measure(seed, leader_user=None, office="成果转化股")
    _, found = run(D + dt.timedelta(days=8), mailoutbox, travel)
    # 成果转化股 has no clerk: the liaison is told; the unit's first-responsible leader is copied.
    assert _about(found, measure) == {(LIAISON, ReminderKind.OVERDUE), (LEADER, ReminderKind.ESCALATE_LEADER)}


def test_a_clerk_hears_of_their_office_only_and_the_sibling_unit_of_nothing(seed, mailoutbox, travel):
    _, found = run(dt.date(2023, 8, 1), mailoutbox, travel)
    clerk_links = {link for to, _kind, link in found if to == CLERK}
    assert clerk_links == {_url(seed.measure(3, 3))}  # 3.3, the 高新技术股's long-term measure
    assert not any(to.startswith("outsider") or to.startswith("group3") for to, _k, _l in found)


def test_someone_who_is_both_worker_and_leader_reads_an_item_once(seed, mailoutbox, travel):
    measure = _new_measure(seed, leader_user=seed.liaison, office=None)
    _, found = run(D + dt.timedelta(days=10), mailoutbox, travel)
    assert _about(found, measure) == {(LIAISON, ReminderKind.OVERDUE)}


def test_a_committee_policy_sets_the_warning_window(seed, mailoutbox, travel):
    SupervisionPolicy.objects.create(committee=seed.unit.parent, warning_days=3)
    measure = _new_measure(seed)
    _, found = run(D - dt.timedelta(days=4), mailoutbox, travel)
    assert _about(found, measure) == set()
    _, found = run(D - dt.timedelta(days=3), mailoutbox, travel)
    assert _about(found, measure) == {(LIAISON, ReminderKind.DUE_SOON), (CLERK, ReminderKind.DUE_SOON)}


def test_escalation_thresholds_come_from_settings(seed, users, mailoutbox, travel, settings):
    settings.ZHENGGAI_ESCALATE_LEADER_DAYS = 2
    settings.ZHENGGAI_ESCALATE_OFFICE_DAYS = 4
    measure = _new_measure(seed, leader_user=users["deputy"])
    _, found = run(D + dt.timedelta(days=2), mailoutbox, travel)
    assert (DEPUTY, ReminderKind.ESCALATE_LEADER) not in _about(found, measure)
    _, found = run(D + dt.timedelta(days=3), mailoutbox, travel)
    assert (DEPUTY, ReminderKind.ESCALATE_LEADER) in _about(found, measure)
    _, found = run(D + dt.timedelta(days=5), mailoutbox, travel)
    assert (OFFICE, ReminderKind.ESCALATE_OFFICE) in _about(found, measure)


def _submit(seed, measure, on):
    upload = SimpleUploadedFile("记录.txt", b"ok", content_type="text/plain")
    progress_create(measure=measure, happened_on=on, text="已完成", reporter=seed.liaison, files=[upload])
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="已完成")


def test_a_return_is_reported_once_to_the_office_clerk_and_the_liaison(seed, mailoutbox, travel):
    measure = _new_measure(seed, deadline=dt.date(2023, 12, 31))  # green all along
    day = dt.date(2023, 5, 2)
    travel.move_to(dt.datetime.combine(day, dt.time(9), tzinfo=SHANGHAI))
    _submit(seed, measure, day)
    measure_transition(measure=measure, move_name="return_by_leader", actor=seed.leader, reason="佐证不足")
    _, found = run(day, mailoutbox, travel)
    assert _about(found, measure) == {(LIAISON, ReminderKind.SENT_BACK), (CLERK, ReminderKind.SENT_BACK)}
    body = next(m.body for m in mailoutbox if CLERK in m.to)
    assert "2023年5月2日被单位领导退回,理由:佐证不足" in body
    _, found = run(day + dt.timedelta(days=1), mailoutbox, travel)
    assert _about(found, measure) == set()  # told once, not every day

    # Returned again three days later, while the job did not run for a while: told again, once.
    later = day + dt.timedelta(days=4)
    travel.move_to(dt.datetime.combine(later, dt.time(9), tzinfo=SHANGHAI))
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="已补充")
    measure_transition(measure=measure, move_name="confirm", actor=seed.leader)
    measure_transition(measure=measure, move_name="return_by_office", actor=seed.xunchaban, reason="标准不符")
    _, found = run(later + dt.timedelta(days=2), mailoutbox, travel)
    assert _about(found, measure) == {(LIAISON, ReminderKind.SENT_BACK), (CLERK, ReminderKind.SENT_BACK)}
    assert "被巡察办退回,理由:标准不符" in mailoutbox[-1].body


def test_look_back_due_reaches_the_liaison_and_the_office_until_it_is_recorded(seed, mailoutbox, travel):
    review = LookBackReview.objects.get(problem=seed.problem(4))
    link = f"/problems/{review.problem_id}/"
    _, found = run(review.due_on - dt.timedelta(days=8), mailoutbox, travel)
    assert not any(kind == ReminderKind.LOOK_BACK and link_ == link for _to, kind, link_ in found)
    _, found = run(review.due_on - dt.timedelta(days=7), mailoutbox, travel)
    looks = {(to, kind) for to, kind, link_ in found if link_ == link}
    assert looks == {(LIAISON, ReminderKind.LOOK_BACK), (OFFICE, ReminderKind.LOOK_BACK)}
    travel.move_to(dt.datetime.combine(review.due_on, dt.time(9), tzinfo=SHANGHAI))
    review_record(review=review, outcome="holds", notes="整改成果巩固", reviewer=seed.xunchaban)
    _, found = run(review.due_on + dt.timedelta(days=1), mailoutbox, travel)
    assert not any(kind == ReminderKind.LOOK_BACK and l_ == link for _to, kind, l_ in found)


def test_an_open_notice_chases_the_unit_and_once_late_the_office(seed, mailoutbox, travel):
    travel.move_to(dt.datetime(2023, 5, 2, 9, tzinfo=SHANGHAI))
    notice = notice_issue(
        problem=seed.problem(1), issued_by=seed.xunchaban, content="请说明学习制度落实情况", answer_due=D
    )
    link = f"/supervision/notices/{notice.pk}/"

    def about(found):
        return {(to, kind) for to, kind, link_ in found if link_ == link}

    _, found = run(D, mailoutbox, travel)
    assert about(found) == {(LIAISON, ReminderKind.NOTICE_OPEN), (LEADER, ReminderKind.NOTICE_OPEN)}
    _, found = run(D + dt.timedelta(days=1), mailoutbox, travel)
    assert about(found) == {
        (LIAISON, ReminderKind.NOTICE_OPEN),
        (LEADER, ReminderKind.NOTICE_OPEN),
        (OFFICE, ReminderKind.NOTICE_LATE),
    }
    assert "已超期1天" in mailoutbox[-1].body
    notice_answer(notice=notice, answered_by=seed.liaison, answer="已制定学习计划并落实")
    _, found = run(D + dt.timedelta(days=2), mailoutbox, travel)
    assert about(found) == set()


def test_without_an_address_the_reminder_is_in_app_only_and_inactive_users_get_nothing(
    seed, users, mailoutbox, travel
):
    seed.clerk.email = ""
    seed.clerk.save(update_fields=["email"])
    users["deputy"].is_active = False
    users["deputy"].save(update_fields=["is_active"])
    measure = _new_measure(seed, leader_user=users["deputy"])
    report, found = run(D + dt.timedelta(days=9), mailoutbox, travel)
    assert _about(found, measure) == {(LIAISON, ReminderKind.OVERDUE)}
    clerk_note = Notification.objects.get(user=seed.clerk)
    assert clerk_note.email_status == EmailStatus.NONE and "测试措施" in clerk_note.body
    assert not Notification.objects.filter(user=users["deputy"]).exists()
    assert report.email_failures == 0


def test_mail_server_down_the_run_goes_on_and_a_later_run_the_same_day_delivers_once(
    seed, smtp_server, settings, travel
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    day = dt.date(2023, 8, 1)
    travel.move_to(dt.datetime.combine(day, dt.time(8), tzinfo=SHANGHAI))
    down = reminders_run(day)
    assert down.digests == 5 and down.email_failures == 5 and down.emails_sent == 0
    assert down.errors and "邮件" in down.errors[0]
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.FAILED}
    logged = ReminderLog.objects.count()

    settings.EMAIL_PORT = smtp_server.port
    again = reminders_run(day)
    assert again.items == 0 and again.digests == 0 and again.emails_sent == 5
    assert ReminderLog.objects.count() == logged
    assert sorted(to for mail in smtp_server.new() for to in mail.to) == sorted(
        [LIAISON, CLERK, LEADER, DEPUTY, OFFICE]
    )
    assert reminders_run(day).emails_sent == 0 and smtp_server.new() == []


def test_query_count_does_not_grow_with_the_ledger(seed, mailoutbox, travel):
    def queries(day):
        travel.move_to(dt.datetime.combine(day, dt.time(8), tzinfo=SHANGHAI))
        with CaptureQueriesContext(connection) as ctx:
            report = reminders_run(day)
        sql = [q["sql"] for q in ctx.captured_queries]
        reads = [s for s in sql if not s.lstrip().upper().startswith(("INSERT", "SAVEPOINT", "RELEASE"))]
        return report, reads, len(sql) - len(reads)

    grow(seed, units=2, measures=3, deadline=dt.date(2023, 7, 1), tag="a")
    small, small_reads, _ = queries(dt.date(2023, 7, 10))
    grow(seed, units=8, measures=25, deadline=dt.date(2023, 7, 1), tag="b")
    big, big_reads, big_writes = queries(dt.date(2023, 7, 11))
    assert big.items > 10 * small.items > 0
    assert len(big_reads) == len(small_reads) <= 20
    # Writes are batched: the log lines and notifications go in a few bulk inserts, not one per row.
    assert big_writes <= 12
