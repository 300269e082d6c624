"""Celery entry point for jobs (used when ZHENGGAI_JOBS_BACKEND=celery)."""

from celery import shared_task

from zhenggai.jobs.handlers import job_run


@shared_task(name="zhenggai.jobs.run_job")
def run_job(job_id: int) -> None:
    job_run(job_id)
