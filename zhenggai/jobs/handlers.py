"""What a job is made of: the registered handlers, the progress handed to them, and running one
job to the end (``job_run``, called in a thread, inline or by the Celery task in ``tasks``)."""

import logging
from collections.abc import Callable

from django.utils import timezone

from zhenggai.jobs.models import Job, JobState

log = logging.getLogger(__name__)
HANDLERS: dict[str, Callable[["Progress", Job], None]] = {}


def handler(kind: str):
    def register(fn):
        HANDLERS[kind] = fn
        return fn

    return register


class Progress:
    """Handed to a job's handler: ``step()`` as work is done, saved at most every ``every`` steps."""

    def __init__(self, job: Job, every: int = 500):
        self.job = job
        self.every = every
        self._since = 0

    def total(self, n: int) -> None:
        self.job.total = n
        self.job.save(update_fields=["total"])

    def step(self, n: int = 1) -> None:
        self.job.done += n
        self._since += n
        if self._since >= self.every:
            self._since = 0
            Job.objects.filter(pk=self.job.pk).update(done=self.job.done)


def job_run(job_id: int) -> None:
    """Run one job to the end; never raises (the failure is recorded on the job for the person)."""
    try:
        job = Job.objects.get(pk=job_id)
        job.state = JobState.RUNNING
        job.save(update_fields=["state"])
        HANDLERS[job.kind](Progress(job), job)
        job.state = JobState.DONE
        job.done = max(job.done, job.total)
    except Exception as error:  # noqa: BLE001 - any failure is reported to the person, with its reason
        log.exception("job %s failed", job_id)
        job = Job.objects.get(pk=job_id)
        job.state = JobState.FAILED
        job.message = (
            job.message
            or getattr(error, "message", None)
            or " ".join(getattr(error, "messages", []))
            or "任务失败,请稍后重试或联系管理员。"
        )
    job.finished_at = timezone.now()
    job.save()
