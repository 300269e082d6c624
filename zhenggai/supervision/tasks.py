"""Celery tasks (for deployments that run a worker and beat; the embedded default uses cron or the
demo server's thread instead, see docs/supervision.md)."""

import datetime as dt

from celery import shared_task


@shared_task(name="zhenggai.supervision.tasks.run_daily_reminders", ignore_result=False)
def run_daily_reminders(today: str | None = None) -> dict:
    """Run the day's reminders (``today`` as YYYY-MM-DD, default the local date); returns the report."""
    from zhenggai.notices.import_previews import import_previews_expire
    from zhenggai.supervision.services import reminders_run

    report = reminders_run(dt.date.fromisoformat(today) if today else None)
    return {**report.as_dict(), "expired_import_previews": import_previews_expire()}
