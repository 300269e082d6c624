"""The daily task in a real Celery worker over the real Redis on this machine.

The worker is a subprocess (`celery -A zhenggai worker --pool=solo`) on a queue of its own, in a
Redis database of its own (ZHENGGAI_TEST_REDIS_URL, default db 13), reading this test's database
(committed: the test is transactional; SQLite's in-memory test database is copied to a file first)
and sending mail to this test's SMTP server. Every wait is bounded; the worker is killed at the end.
"""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from celery import Celery
from django.db import connection

from zhenggai.celery import app
from zhenggai.supervision.models import ReminderLog

from .helpers import delivered

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("ZHENGGAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
TASK = "zhenggai.supervision.tasks.run_daily_reminders"


def _redis() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"无法连接 Redis({REDIS_URL}):{error}。Celery 测试需要本机的 Redis。")
    return client


def _database_url_for_the_worker(tmp_path: Path) -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        copy = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
        return f"sqlite:///{copy}"
    assert connection.vendor in ("postgresql", "mysql")
    user = quote(settings["USER"] or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
    host = settings["HOST"] or "127.0.0.1"
    if connection.vendor == "mysql":
        return f"mysql://{user}{password}@{host}:{settings['PORT'] or 3306}/{settings['NAME']}"
    port = settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def test_the_beat_schedule_runs_the_task_daily_at_eight_shanghai_time():
    entry = app.conf.beat_schedule["daily-reminders"]
    assert entry["task"] == TASK
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}
    assert app.conf.timezone == "Asia/Shanghai"
    assert app.conf.broker_url.startswith("redis://")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_daily_task_and_the_mail_arrives(seed, smtp_server, tmp_path):
    client = _redis()
    queue = f"zhenggai-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhenggai.settings.test",
        "DATABASE_URL": _database_url_for_the_worker(tmp_path),
        "ZHENGGAI_VAR_DIR": str(tmp_path),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_TIMEOUT": "5",
    }
    log = (tmp_path / "worker.log").open("w+")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "zhenggai",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--hostname",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    sender = Celery("zhenggai-test", broker=REDIS_URL, backend=REDIS_URL)
    task_ids = []
    try:
        result = sender.send_task(TASK, args=["2023-08-01"], queue=queue)
        task_ids.append(result.id)
        try:
            report = result.get(timeout=90)
        except Exception:
            log.seek(0)
            pytest.fail(f"the worker did not run the task:\n{log.read()[-4000:]}")
        assert report["today"] == "2023-08-01" and report["emails_sent"] == 5 and report["errors"] == []
        mails = smtp_server.wait_for(5, timeout=10)
        assert sorted(to for mail in mails for to in mail.to) == sorted(
            [
                "clerk@kjj.zhanhua.example",
                "deputy@kjj.zhanhua.example",
                "leader@kjj.zhanhua.example",
                "liaison@kjj.zhanhua.example",
                "xunchaban@xcb.zhanhua.example",
            ]
        )
        m33 = seed.measure(3, 3)  # 高新技术股's long-term measure
        link = f"/problems/{m33.problem_id}/#measure-{m33.pk}"
        assert ("clerk@kjj.zhanhua.example", "overdue", link) in delivered(mails)

        # Run again the same day through the worker: idempotent, nothing new is mailed.
        second = sender.send_task(TASK, args=["2023-08-01"], queue=queue)
        task_ids.append(second.id)
        again = second.get(timeout=60)
        assert again["items"] == 0 and again["emails_sent"] == 0 and len(smtp_server.mails) == 5
    finally:
        _stop(worker)
        log.close()
        client.delete(queue, f"_kombu.binding.{queue}", *(f"celery-task-meta-{i}" for i in task_ids))
        sender.close()
    if connection.vendor != "sqlite":  # the worker wrote to this very database
        assert ReminderLog.objects.filter(sent_on=dt.date(2023, 8, 1)).count() == report["items"]


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is not None:
        return
    os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=5)
