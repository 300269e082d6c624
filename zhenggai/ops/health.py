"""GET /healthz: is this app server fit to serve? Database, cache and job queue, each bounded in time.

200 {"status": "ok", …} or 503 with the checks that failed. No data, no log-in, no session: a load
balancer or monitor calls it every few seconds, so each check is one small round trip.
"""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

TIMEOUT = 2.0  # seconds for each check
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="zhenggai-healthz")


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()  # this thread's own connection
    return {}


def _cache() -> dict:
    key, value = "zhenggai:healthz", uuid.uuid4().hex
    cache = caches["default"]
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return what was stored")
    return {}


def _jobs() -> dict:
    backend = settings.ZHENGGAI_JOBS_BACKEND
    if backend == "celery":
        from zhenggai.celery import app

        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=TIMEOUT)
        return {"backend": backend}
    from django.db.models import Count

    from zhenggai.jobs.models import Job, JobState

    try:
        states = dict(
            Job.objects.filter(state__in=[JobState.QUEUED, JobState.RUNNING])
            .values_list("state")
            .annotate(n=Count("id"))
        )
    finally:
        connection.close()
    return {
        "backend": backend,
        "queued": states.get(JobState.QUEUED, 0),
        "running": states.get(JobState.RUNNING, 0),
    }


CHECKS = {"database": _database, "cache": _cache, "jobs": _jobs}


@never_cache
def healthz_view(request):
    started = time.monotonic()
    futures = {name: _POOL.submit(check) for name, check in CHECKS.items()}
    results, failed = {}, []
    for name, future in futures.items():
        left = max(0.05, TIMEOUT - (time.monotonic() - started))
        try:
            results[name] = {"ok": True, **future.result(timeout=left)}
        except FutureTimeout:
            results[name] = {"ok": False, "error": "timeout"}
            failed.append(name)
        except Exception as error:  # noqa: BLE001 - a failed check is the answer, never a 500
            results[name] = {"ok": False, "error": type(error).__name__}
            failed.append(name)
    body = {"status": "fail" if failed else "ok", "failed": failed, "checks": results}
    return JsonResponse(body, status=503 if failed else 200)
