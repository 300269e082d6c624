"""`zhenggai serve` as it runs in production: gunicorn with two workers, production settings, a migrated
SQLite database, static files collected by serve itself; /healthz, /metrics, request ids, JSON logs."""

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.supervision.helpers import free_port

from .server import production_env, run, serve

TOKEN = "metrics-token-0123456789abcdef"
PASSWORD = "Pw-mimi-8812-zhenggai"
pytestmark = pytest.mark.standalone


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("serve")
    env = production_env(var_dir, ZHENGGAI_METRICS_TOKEN=TOKEN, DJANGO_SUPERUSER_PASSWORD=PASSWORD)
    run(env, "migrate", "--verbosity", "0")
    run(env, "createsuperuser", "--noinput", "--username", "ops", "--email", "ops@example.cn")
    server = serve(var_dir, env, "--workers", "2")
    yield server
    server.stop()


def test_healthz_answers_200_with_each_check(served):
    status, headers, body = served.get("/healthz")
    data = json.loads(body)
    assert status == 200, body
    assert data["status"] == "ok" and data["failed"] == []
    assert set(data["checks"]) == {"database", "cache", "jobs"}
    assert data["checks"]["jobs"] == {"ok": True, "backend": "thread", "queued": 0, "running": 0}
    assert "no-store" in headers["Cache-Control"]
    assert "Set-Cookie" not in headers  # no session, no CSRF cookie


def test_healthz_is_503_naming_the_database_when_it_cannot_be_reached(served, tmp_path):
    dead = free_port()  # nothing listens there
    env = {**served.env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead}/zhenggai"}
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "prometheus")
    env["ZHENGGAI_VAR_DIR"] = str(served.var_dir)  # static files already collected there
    other = serve(tmp_path, env, "--workers", "1", "--no-collectstatic")
    try:
        started = time.monotonic()
        status, _headers, body = other.get("/healthz")
        elapsed = time.monotonic() - started
        data = json.loads(body)
        assert status == 503, body
        assert data["status"] == "fail"
        assert "database" in data["failed"] and data["checks"]["database"]["ok"] is False
        assert data["checks"]["cache"]["ok"] is True
        assert elapsed < 3  # bounded: each check has 2 s
    finally:
        other.stop()


def test_static_files_are_served_by_whitenoise_after_serve_collected_them(served):
    css = next((served.var_dir / "static").rglob("*.css"))
    status, headers, _ = served.get("/static/" + css.relative_to(served.var_dir / "static").as_posix())
    assert status == 200 and "text/css" in headers["Content-Type"]


def test_a_request_id_is_made_returned_and_taken_only_from_the_trusted_proxy(served):
    _, headers, _ = served.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    _, headers, _ = served.get("/healthz", headers={"X-Request-ID": "proxy-id-1"})  # from 127.0.0.1
    assert headers["X-Request-ID"] == "proxy-id-1"
    _, headers, _ = served.get("/healthz", source="127.0.0.2", headers={"X-Request-ID": "forged-id"})
    assert headers["X-Request-ID"] != "forged-id"


def test_metrics_only_for_allowed_addresses_or_the_token(served):
    status, headers, body = served.get("/metrics")  # 127.0.0.1: allowed by default
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert b"zhenggai_http_request_duration_seconds" in body
    status, _, body = served.get("/metrics", source="127.0.0.2")
    assert status == 403 and b"zhenggai_" not in body
    status, _, _ = served.get("/metrics", source="127.0.0.2", headers={"Authorization": "Bearer wrong"})
    assert status == 403
    status, _, body = served.get("/metrics", source="127.0.0.2", headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200 and b'zhenggai_jobs{state="queued"} 0.0' in body
    assert b"zhenggai_reminder_runs_total 0.0" in body


def _login_count(body: bytes) -> float:
    match = re.search(
        rb'zhenggai_http_request_duration_seconds_count\{method="GET",route="login"\} ([0-9.]+)', body
    )
    return float(match[1]) if match else 0.0


def test_the_latency_histogram_adds_up_every_worker(served):
    before = _login_count(served.get("/metrics")[2])
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: served.get("/login/")[0], range(40)))
    assert statuses == [200] * 40
    body = served.get("/metrics")[2]
    assert _login_count(body) == before + 40  # whichever worker answered /metrics
    assert b'zhenggai_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="login"}' in body
    assert b"/login/" not in body  # routes by name, never raw paths
    written = {p.name for p in (served.var_dir / "prometheus").glob("histogram_*.db")}
    assert len(written) == 2, written  # both workers answered some of them, and were both counted


def test_logs_are_json_with_request_and_user_ids_and_never_the_password(served):
    status, headers, page = served.get("/login/")
    cookies = SimpleCookie(headers["Set-Cookie"])
    csrf = cookies["csrftoken"].value
    form_token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1].decode()
    body = urlencode({"username": "ops", "password": PASSWORD, "csrfmiddlewaretoken": form_token})
    status, headers, _ = served.get(
        "/login/",
        method="POST",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"},
    )
    assert status == 302, "the log-in should succeed"
    session = SimpleCookie(headers["Set-Cookie"])["sessionid"].value
    login_id = headers["X-Request-ID"]
    _, headers, _ = served.get("/", headers={"Cookie": f"sessionid={session}; csrftoken={csrf}"})
    home_id = headers["X-Request-ID"]
    time.sleep(0.5)
    logs = served.logs()
    lines = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    by_id = {line["request_id"]: line for line in lines if line["logger"] == "zhenggai.request"}
    assert by_id[login_id]["route"] == "login" and by_id[login_id]["status"] == 302
    assert by_id[home_id]["user_id"] == 1 and by_id[home_id]["path"] == "/"
    for secret in (PASSWORD, session, csrf, form_token, served.env["DJANGO_SECRET_KEY"]):
        assert secret not in logs
