"""What `zhenggai serve` and `zhenggai demo` share: the worker count, the metrics folder, gunicorn's argv."""

import os
import shutil
import sys
from pathlib import Path

from django.conf import settings

MAX_WORKERS = 8  # beyond this one machine's database, not the web workers, is the limit (docs/deploy.md)


def worker_count(cores: int | None = None) -> int:
    """ZHENGGAI_WORKERS if set, else 2 × cores + 1, at most MAX_WORKERS."""
    raw = os.environ.get("ZHENGGAI_WORKERS", "")
    if raw.strip():
        return max(1, int(raw))
    cores = cores or os.cpu_count() or 1
    return min(2 * cores + 1, MAX_WORKERS)


def prepare_metrics_dir() -> Path:
    """PROMETHEUS_MULTIPROC_DIR (default var/prometheus), emptied: the workers of the last run are gone.

    Set in the environment before gunicorn starts, so that every worker writes its counters there
    and /metrics, answered by any one worker, adds them all up."""
    path = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or settings.VAR_DIR / "prometheus")
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)
    return path


def gunicorn_argv(*, bind: str, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:zhenggai.ops.gunicorn_conf",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "zhenggai.wsgi:application",
    ]
