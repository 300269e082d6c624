"""`zhenggai remind` for cron, and the demo server's daily thread."""

import datetime as dt
import io
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhenggai.demo.management.commands.demo import Command as DemoCommand
from zhenggai.supervision import scheduler
from zhenggai.supervision.models import Notification, ReminderLog, ReminderRun

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_remind_runs_the_given_day_once(seed, mailoutbox):
    out = io.StringIO()
    call_command("remind", "--date", "2023-08-01", stdout=out)
    assert "2023-08-01:提醒事项13条,通知5人,邮件成功5封、失败0封" in out.getvalue()
    assert len(mailoutbox) == 5
    run = ReminderRun.objects.get(ran_on=dt.date(2023, 8, 1))
    assert run.finished_at and run.report["items"] == 13
    call_command("remind", "--date", "2023-08-01", stdout=io.StringIO())
    assert len(mailoutbox) == 5


def test_dry_run_prints_and_writes_nothing(seed, mailoutbox):
    out = io.StringIO()
    call_command("remind", "--date", "2023-08-01", "--dry-run", stdout=out)
    assert "【整改提醒】2023年8月1日:已逾期4项" in out.getvalue()
    assert mailoutbox == [] and not ReminderLog.objects.exists() and not Notification.objects.exists()
    assert not ReminderRun.objects.exists()


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError):
        call_command("remind", "--date", "2023-02-30")


def test_the_demo_command_can_leave_the_scheduler_off():
    parser = DemoCommand().create_parser("zhenggai", "demo")
    assert parser.parse_args(["--no-scheduler"]).no_scheduler is True
    assert parser.parse_args([]).no_scheduler is False


@pytest.mark.parametrize(
    ("local", "last_run", "due"),
    [
        (dt.datetime(2023, 8, 1, 7, 59), None, False),
        (dt.datetime(2023, 8, 1, 8, 0), None, True),
        (dt.datetime(2023, 8, 1, 8, 0), dt.date(2023, 8, 1), False),
        (dt.datetime(2023, 8, 2, 9, 30), dt.date(2023, 8, 1), True),
    ],
)
def test_the_daily_thread_runs_once_a_day_from_eight(local, last_run, due):
    assert scheduler.due_today(local.replace(tzinfo=SHANGHAI), last_run) is due


def test_the_daily_thread_calls_the_job_once_and_survives_its_errors(monkeypatch, settings):
    settings.ZHENGGAI_REMINDER_TIME = "00:00"
    calls, ran = [], threading.Event()

    def fake_run(today):
        calls.append(today)
        ran.set()
        raise RuntimeError("数据库暂时不可用")

    monkeypatch.setattr("zhenggai.supervision.services.reminders_run", fake_run)
    thread = scheduler.start_daily_thread(interval=0.01)
    try:
        assert ran.wait(5)
        threading.Event().wait(0.2)  # many more ticks: still once today
        assert thread.is_alive() and len(calls) == 1
    finally:
        thread.stop()
        thread.join(5)
