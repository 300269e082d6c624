"""Celery for larger deployments: a worker and beat over Redis run the daily reminders.

    celery -A zhenggai worker --loglevel=info
    celery -A zhenggai beat --loglevel=info

The broker is CELERY_BROKER_URL (default redis://127.0.0.1:6379/0); the beat schedule runs
``zhenggai.supervision.tasks.run_daily_reminders`` every day at ZHENGGAI_REMINDER_TIME (08:00) in
the configured time zone (Asia/Shanghai). See docs/supervision.md.
"""

import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings.base")


def _daily_at(value: str) -> crontab:
    hour, _, minute = value.partition(":")
    return crontab(hour=int(hour), minute=int(minute or 0))


app = Celery("zhenggai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["zhenggai.supervision"])


app.conf.beat_schedule = {
    "daily-reminders": {
        "task": "zhenggai.supervision.tasks.run_daily_reminders",
        "schedule": _daily_at(settings.ZHENGGAI_REMINDER_TIME),
    },
}
