"""Prometheus metrics (prometheus-client; docs/decisions/0008-metrics.md) at /metrics.

Request latency by route name and 5xx responses are counted by the middleware in each process; under
`zhenggai serve` every gunicorn worker writes them to PROMETHEUS_MULTIPROC_DIR and /metrics adds up
all workers. Job queue depth and reminder runs are read from the database when /metrics is asked
(they happen in other processes too: Celery workers, cron's `zhenggai remind`).
"""

import hmac
import os
import time

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from zhenggai.ops.networks import address_in
from zhenggai.ops.requestid import route_of

REQUEST_SECONDS = Histogram(
    "zhenggai_http_request_duration_seconds",
    "Time to answer a request, by route name",
    ["route", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
SERVER_ERRORS = Counter(
    "zhenggai_http_server_errors", "Responses with a 5xx status, by route name", ["route", "status"]
)


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        route = route_of(request)
        REQUEST_SECONDS.labels(route, request.method).observe(time.monotonic() - started)
        if response.status_code >= 500:
            SERVER_ERRORS.labels(route, str(response.status_code)).inc()
        return response


class DatabaseCollector:
    """Job queue depth and reminder runs, read at scrape time (two small aggregate queries)."""

    def collect(self):
        from django.db.models import Count, Max

        from zhenggai.jobs.models import Job, JobState
        from zhenggai.supervision.models import ReminderRun

        up = GaugeMetricFamily("zhenggai_metrics_database_up", "1 when the database answered this scrape")
        try:
            states = dict(
                Job.objects.filter(state__in=[JobState.QUEUED, JobState.RUNNING])
                .values_list("state")
                .annotate(n=Count("id"))
            )
            runs = ReminderRun.objects.aggregate(
                finished=Count("id", filter=~_unfinished()), last=Max("finished_at")
            )
            unfinished = ReminderRun.objects.filter(_unfinished()).count()
        except Exception:  # noqa: BLE001 - /metrics answers even when the database does not
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        jobs = GaugeMetricFamily(
            "zhenggai_jobs", "Background jobs waiting or running, by state", labels=["state"]
        )
        for state in (JobState.QUEUED, JobState.RUNNING):
            jobs.add_metric([str(state)], states.get(state, 0))
        yield jobs
        total = CounterMetricFamily("zhenggai_reminder_runs", "Daily reminder runs that finished")
        total.add_metric([], runs["finished"])
        yield total
        open_runs = GaugeMetricFamily(
            "zhenggai_reminder_runs_unfinished", "Reminder runs started, not finished"
        )
        open_runs.add_metric([], unfinished)
        yield open_runs
        last = GaugeMetricFamily("zhenggai_reminder_last_run_timestamp_seconds", "When the last run finished")
        last.add_metric([], runs["last"].timestamp() if runs["last"] else 0)
        yield last
        if settings.ZHENGGAI_JOBS_BACKEND == "celery":
            yield from _celery_queue()


def _unfinished():
    from django.db.models import Q

    return Q(finished_at__isnull=True)


def _celery_queue():
    depth = GaugeMetricFamily("zhenggai_celery_queue_length", "Tasks waiting in the Celery broker's queue")
    if settings.CELERY_BROKER_URL.startswith("redis"):
        import redis

        try:
            client = redis.Redis.from_url(
                settings.CELERY_BROKER_URL, socket_timeout=2, socket_connect_timeout=2
            )
            depth.add_metric([], client.llen(settings.CELERY_TASK_DEFAULT_QUEUE))
        except redis.RedisError:
            return
        yield depth


def allowed(request) -> bool:
    token = settings.ZHENGGAI_METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip(), token):
        return True
    return address_in(
        request.META.get("REMOTE_ADDR", ""), settings.ZHENGGAI_METRICS_ALLOWED, "ZHENGGAI_METRICS_ALLOWED"
    )


@never_cache
def metrics_view(request):
    if not allowed(request):
        return JsonResponse(
            {"detail": _("无权访问监控指标(见 ZHENGGAI_METRICS_ALLOWED、ZHENGGAI_METRICS_TOKEN)。")},
            status=403,
        )
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return HttpResponse(body + generate_latest(database), content_type=CONTENT_TYPE_LATEST)
