"""One measure walked day by day, with frozen time, from green through yellow to red and past both
escalation thresholds; the daily job runs every day (twice), and a real SMTP server's inbox is
read after each run."""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenggai.ledger.models import MeasureKind, MeasureStatus
from zhenggai.ledger.services import measure_create, progress_create
from zhenggai.ledger.transitions import measure_transition
from zhenggai.supervision.models import Notification, ReminderKind, ReminderLog
from zhenggai.supervision.services import reminders_run

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEADLINE = dt.date(2023, 5, 20)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8, 0), tzinfo=SHANGHAI)


def _quiet_the_seed(seed, on: dt.date) -> None:
    """Report on the seed's long-term measures so that only the walked measure is due in the window."""
    for problem in (1, 2, 3):
        for measure in seed.problem(problem).measures.live().filter(kind=MeasureKind.LONG_TERM):
            progress_create(measure=measure, happened_on=on, text="季度报告", reporter=seed.liaison)


def _expected(day: dt.date, url: str) -> set[tuple[str, str, str]]:
    """(address, kind, link) the walked measure must produce on ``day``, by the rules."""
    workers = ("clerk@kjj.zhanhua.example", "liaison@kjj.zhanhua.example")
    late = (day - DEADLINE).days
    if late < -7:
        return set()
    if late <= 0:
        return {(to, ReminderKind.DUE_SOON, url) for to in workers}
    expected = {(to, ReminderKind.OVERDUE, url) for to in workers}
    if late > 7:
        expected.add(("deputy@kjj.zhanhua.example", ReminderKind.ESCALATE_LEADER, url))
    if late > 30:
        expected.add(("xunchaban@xcb.zhanhua.example", ReminderKind.ESCALATE_OFFICE, url))
    return expected


def test_a_measure_from_green_to_both_escalations_reminds_each_day_exactly_once(seed, users, smtp_inbox):
    first, last = DEADLINE - dt.timedelta(days=12), DEADLINE + dt.timedelta(days=33)
    with time_machine.travel(_at(dt.date(2023, 4, 20)), tick=False) as traveller:
        _quiet_the_seed(seed, dt.date(2023, 4, 20))
        measure = measure_create(
            problem=seed.problem(3),
            content="建立科技型中小企业评价入库台账",
            kind=MeasureKind.DEADLINE,
            deadline=DEADLINE,
            responsible_office=seed.office("高新技术股"),
            leader_user=users["deputy"],
            actor=seed.liaison,
        )
        url = f"/problems/{measure.problem_id}/#measure-{measure.pk}"

        seen: Counter = Counter()
        day = first
        while day <= last:
            traveller.move_to(_at(day))
            reminders_run(day)
            arrived = [
                (to, kind, link)
                for mail in smtp_inbox.new()
                for to in mail.to
                for kind, link in mail.entries()
            ]
            assert len(arrived) == len(set(arrived)), f"{day}: something arrived twice"
            assert set(arrived) == _expected(day, url), day
            seen.update(arrived)
            # The same day again: nothing new, however often the job runs.
            reminders_run(day)
            assert smtp_inbox.new() == [], day
            day += dt.timedelta(days=1)

        # Each reminder and each escalation: once a day, on exactly the days the rules say.
        assert seen[("liaison@kjj.zhanhua.example", ReminderKind.DUE_SOON, url)] == 8  # D-7 … D
        assert seen[("clerk@kjj.zhanhua.example", ReminderKind.OVERDUE, url)] == 33  # D+1 … D+33
        assert seen[("deputy@kjj.zhanhua.example", ReminderKind.ESCALATE_LEADER, url)] == 26  # D+8 …
        assert seen[("xunchaban@xcb.zhanhua.example", ReminderKind.ESCALATE_OFFICE, url)] == 3  # D+31 …
        assert not any(to == "leader@kjj.zhanhua.example" for to, _k, _u in seen)  # the deputy leads it
        assert not any(to.startswith("outsider") for to, _k, _u in seen)

        # The digest is Chinese and says why.
        traveller.move_to(_at(last))
        body = Notification.objects.filter(user=users["deputy"], sent_on=last).get().body
        assert "逾期超过7天,抄送责任领导督促" in body
        assert "整改时限2023年5月20日,已逾期33天" in body

        # Struck off (销号): liaison submits with evidence, the leader confirms, the office approves.
        evidence = SimpleUploadedFile("入库台账.txt", "台账已建立".encode(), content_type="text/plain")
        progress_create(
            measure=measure, happened_on=last, text="台账已建立", reporter=seed.liaison, files=[evidence]
        )
        measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="已完成")
        measure_transition(measure=measure, move_name="confirm", actor=seed.leader)
        measure_transition(measure=measure, move_name="approve", actor=seed.xunchaban)
        assert measure.status == MeasureStatus.CLOSED
        for offset in (1, 2, 3):
            day = last + dt.timedelta(days=offset)
            traveller.move_to(_at(day))
            report = reminders_run(day)
            assert smtp_inbox.new() == [] and report.items == 0, day
    assert not ReminderLog.objects.filter(measure=measure, sent_on__gt=last).exists()
