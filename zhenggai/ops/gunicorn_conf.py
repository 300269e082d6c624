"""Gunicorn's settings for `zhenggai serve` (bind and workers come from the command line; anything
else can be added with GUNICORN_CMD_ARGS)."""

import os

wsgi_app = "zhenggai.wsgi:application"
timeout = int(os.environ.get("ZHENGGAI_SERVE_TIMEOUT", "120"))  # a PDF may wait 20 s for a slot, then render
graceful_timeout = 30
accesslog = None  # the application writes one JSON line per request (zhenggai.request), without query strings
# X-Forwarded-* only from the local reverse proxy (nginx on the same host, deploy/nginx-zhenggai.conf).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def child_exit(server, worker):
    """A worker that ended leaves its gauges behind in the multiprocess folder: mark them dead."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


# gunicorn's control socket sits at one path per user (~/.gunicorn/gunicorn.ctl): two servers of the
# same user (the demo beside a test, two instances) would fight over it, and nothing here uses it.
control_socket_disable = True
