"""The embedded scheduler: a daemon thread in the demo server that runs the reminders once a day.

Production installs use cron (``zhenggai remind``) or Celery beat instead; this thread is for the
one-command demo, where nobody sets up either.
"""

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger("zhenggai.supervision")


def reminder_time() -> dt.time:
    """ZHENGGAI_REMINDER_TIME ("08:00"), the local time of day the reminders go out."""
    hour, _, minute = settings.ZHENGGAI_REMINDER_TIME.partition(":")
    return dt.time(int(hour), int(minute or 0))


def due_today(now: dt.datetime, last_run: dt.date | None) -> bool:
    """Run when today's run has not happened yet and the time of day has come."""
    local = timezone.localtime(now)
    return last_run != local.date() and local.time() >= reminder_time()


class DailyReminderThread(threading.Thread):
    def __init__(self, interval: float = 60.0):
        super().__init__(name="zhenggai-reminders", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()
        self.last_run: dt.date | None = None

    def run(self) -> None:
        from zhenggai.supervision.services import reminders_run

        while not self.stopped.is_set():
            now = timezone.now()
            if due_today(now, self.last_run):
                try:
                    report = reminders_run(timezone.localtime(now).date())
                    logger.warning("每日提醒:%s", report.summary())
                    from zhenggai.notices.import_previews import import_previews_expire

                    import_previews_expire()
                except Exception:  # noqa: BLE001 - the demo server must keep serving
                    logger.exception("每日提醒运行失败")
                finally:
                    close_old_connections()
                self.last_run = timezone.localtime(now).date()
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()


def start_daily_thread(interval: float = 60.0) -> DailyReminderThread:
    thread = DailyReminderThread(interval)
    thread.start()
    return thread
