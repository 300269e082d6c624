"""Starting jobs and reporting their progress.

On the embedded default a job runs in a daemon thread of the web process; with
ZHENGGAI_JOBS_BACKEND=celery it is sent to the Celery workers (zhenggai/celery.py) instead,
which is what several app servers behind one database need.
"""

import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction

from zhenggai.jobs.handlers import HANDLERS, Progress, handler, job_run
from zhenggai.jobs.models import Job
from zhenggai.jobs.tasks import run_job

__all__ = ["HANDLERS", "Progress", "handler", "job_run", "job_start"]


def job_start(*, kind: str, owner, params: dict, return_url: str = "") -> Job:
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, owner=owner, params=params, return_url=return_url)
    backend = settings.ZHENGGAI_JOBS_BACKEND
    if backend == "celery":
        transaction.on_commit(lambda: run_job.delay(job.pk))
    elif backend == "inline":  # tests and scripts: run in this thread once the request commits
        transaction.on_commit(lambda: job_run(job.pk))
    else:
        transaction.on_commit(
            lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
        )
    return job


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        job_run(job_id)
    finally:
        connection.close()
