"""Scale benchmarks on a province-sized synthetic dataset: ``uv run python benchmarks/run.py``.

Creates (if missing) a PostgreSQL database ``zhenggai_bench`` on 127.0.0.1:5432 (user postgres,
trust auth), migrates it, loads ``zhenggai synth --scale 1`` and the founding notice, then measures
and prints each figure next to its target, and writes ``docs/benchmarks.md``:

* the provincial inspection office's dashboard (server time, and the bare SQL aggregates it needs);
* a unit's ledger page (50 problems, 200 measures) and its query count against a small unit's;
* a city committee's scoped problem list, first page, filtered;
* keyword search (two-character and longer words) as the provincial office and a unit's liaison;
* the workbench (``/``: my tasks and what I did) as the provincial office and a unit's liaison;
* the XLSX ledger of a whole round, and of all three rounds, against a bare openpyxl loop;
* the seed notice as DOCX and PDF;
* a bounded mixed read load against gunicorn on 127.0.0.1;
* 50 concurrent writers of progress entries through the progress service.

Server time is the full request/response through Django's test client in a fresh process (no
network), as a logged-in user of the right role: ``--runs`` requests after three warm-ups.

Options: ``--quick`` (a tiny dataset in its own database, short runs, no docs; correctness targets
still checked: what the test suite runs), ``--database URL`` (PostgreSQL or SQLite), ``--scale``,
``--fresh`` (drop and reload the data), ``--drop`` (drop the database afterwards), ``--runs N``,
``--only NAME[,NAME]`` (dashboard, ledger, problems, search, workbench, xlsx, notice, load,
writers),
``--no-docs``. Exit status 1 if a target is missed (in ``--quick``: only the correctness ones).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
CASES = ("dashboard", "ledger", "problems", "search", "workbench", "xlsx", "notice", "load", "writers")
PASSWORD = "zhenggai-synth"


# ----------------------------------------------------------------------------- results


@dataclass
class Figure:
    what: str
    measured: str
    target: str
    ok: bool
    timing: bool = True  # a speed figure (not checked in --quick), else a correctness one
    note: str = ""


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)
    details: dict = field(default_factory=dict)

    def add(self, *args, **kwargs) -> None:
        figure = Figure(*args, **kwargs)
        self.figures.append(figure)
        mark = "OK" if figure.ok else "MISSED"
        print(f"  {figure.what:<58} {figure.measured:<44} target {figure.target:<34} {mark}", flush=True)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


# ----------------------------------------------------------------------------- database


def _pg_admin(url: str, sql: str) -> list:
    """Run ``sql`` on the server of ``url``, connected to its maintenance database ``postgres``."""
    import psycopg

    parts = urllib.parse.urlparse(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def _pg_name(url: str) -> str:
    name = urllib.parse.urlparse(url).path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SystemExit(f"unexpected database name {name!r}")
    return name


def database_prepare(url: str, *, fresh: bool) -> None:
    if url.startswith("sqlite"):
        path = Path(urllib.parse.urlparse(url).path)
        if fresh and path.exists():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    name = _pg_name(url)
    if fresh:
        _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if not _pg_admin(url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        _pg_admin(url, f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    if url.startswith("sqlite"):
        Path(urllib.parse.urlparse(url).path).unlink(missing_ok=True)
    else:
        _pg_admin(url, f'DROP DATABASE IF EXISTS "{_pg_name(url)}" WITH (FORCE)')


SETTINGS = "zhenggai.settings.base"  # --quick: zhenggai.settings.test (fast password hashing)


def child_env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        ZHENGGAI_LOG_LEVEL="ERROR",
        ZHENGGAI_JOBS_BACKEND="inline",
        # Single pages are timed as rendered, as after any change (the worst case); the mixed load
        # runs with the response cache, as a server does (child_load).
        ZHENGGAI_RESPONSE_CACHE="false",
        PYTHONPATH=str(ROOT),
    )
    return env


def zhenggai(url: str, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "zhenggai.cli", *args], env=child_env(url), capture_output=True, text=True
    )
    if proc.returncode:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"zhenggai {' '.join(args)} failed")
    return proc.stdout


class Children:
    """Runs each measurement in a fresh process (full runs: memory and caches per case), or all of
    them in one long-lived process (``--quick``: start-up time matters more than isolation)."""

    def __init__(self, url: str, *, shared: bool):
        self.url, self.shared, self.server = url, shared, None

    def __call__(self, case: str, **params) -> dict:
        if not self.shared:
            cmd = [
                sys.executable,
                __file__,
                "--child",
                case,
                "--database",
                self.url,
                "--params",
                json.dumps(params),
            ]
            proc = subprocess.run(cmd, env=child_env(self.url), capture_output=True, text=True)
            if proc.returncode:
                sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-8000:])
                raise SystemExit(f"benchmark {case} failed")
            return json.loads(proc.stdout.strip().splitlines()[-1])
        if self.server is None:
            cmd = [sys.executable, __file__, "--serve", "--database", self.url]
            self.server = subprocess.Popen(
                cmd, env=child_env(self.url), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
        self.server.stdin.write(json.dumps({"case": case, "params": params}) + "\n")
        self.server.stdin.flush()
        line = self.server.stdout.readline()
        if not line:
            raise SystemExit(f"benchmark {case} failed")
        result = json.loads(line)
        if "error" in result:
            raise SystemExit(f"benchmark {case} failed: {result['error']}")
        return result["result"]

    def close(self) -> None:
        if self.server is not None:
            self.server.stdin.close()
            self.server.wait(timeout=60)
            self.server = None


def serve() -> None:
    """The long-lived child of ``--quick``: one JSON request per line in, one result per line out."""
    import traceback

    out = sys.stdout
    sys.stdout = sys.stderr  # anything else printed must not mix with the answers
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = {"result": CHILDREN[request["case"]](request["params"])}
        except Exception:  # noqa: BLE001 - reported to the parent
            answer = {"error": traceback.format_exc()}
        out.write(json.dumps(answer, default=str) + "\n")
        out.flush()


def load_data(url: str, scale: float, report: Report, child) -> None:
    state = child("state", scale=scale)
    if state["loaded"] and state["units"] != state["expected_units"]:
        raise SystemExit(f"the database holds scale {state['units'] / 5000:g}, not {scale:g}: use --fresh")
    if not state["loaded"]:
        print(f"Loading zhenggai synth --scale {scale:g} …", flush=True)
        t = time.perf_counter()
        out = zhenggai(url, "synth", "--scale", str(scale))
        seconds = time.perf_counter() - t
        print(out, flush=True)
        report.details["synth_output"] = out
        report.details["synth_seconds"] = seconds
    if not state["seed"]:
        zhenggai(url, "seed_demo")
        if url.startswith(
            "postgres"
        ):  # fresh statistics for the seed's rows, as autovacuum would give in time
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("ANALYZE")
    state = child("state", scale=scale)
    report.details["sizes"] = state["sizes"]
    report.details["postgres"] = state["postgres"]


# ----------------------------------------------------------------------------- children


def _setup(url: str) -> None:
    for key, value in child_env(url).items():
        os.environ.setdefault(key, value)  # the parent's choices (settings module…) stand
    import django

    django.setup()


def _client(username: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _time_get(client, url: str, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        client.get(url)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return {
        "p50": statistics.median(times),
        "p95": pct(times, 0.95),
        "cpu_p50": statistics.median(cpu),
        "queries": len(queries),
        "bytes": len(response.content),
        "runs": runs,
    }


def child_state(p: dict) -> dict:
    from django.contrib.auth import get_user_model

    from zhenggai.accounts.models import Unit
    from zhenggai.demo.loader import seed_loaded
    from zhenggai.ledger.models import Measure, Problem, ProgressEntry
    from zhenggai.synth.generate import PROVINCE_SUPERVISOR, UNITS_AT_SCALE_1

    synth_units = Unit.objects.filter(kind="unit", memberships__user__username__startswith="syn-").distinct()
    from django.db import connection

    version = connection.vendor
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    return {
        "postgres": version,
        "loaded": get_user_model().objects.filter(username=PROVINCE_SUPERVISOR).exists(),
        "units": synth_units.count(),
        "expected_units": max(3, round(UNITS_AT_SCALE_1 * p["scale"])),
        "seed": seed_loaded() is not None,
        "sizes": {
            "units": synth_units.count(),
            "problems": Problem.objects.count(),
            "measures": Measure.objects.count(),
            "progress": ProgressEntry.objects.count(),
        },
    }


def child_dashboard(p: dict) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhenggai.dashboards.selectors import dashboard_build
    from zhenggai.ledger.filters import Scope
    from zhenggai.ledger.lights import LightDates
    from zhenggai.synth.generate import PROVINCE_SUPERVISOR

    client = _client(PROVINCE_SUPERVISOR)
    page = _time_get(client, "/dashboard/", p["runs"])
    # The bare SQL: the aggregate statements the dashboard runs, executed directly (no ORM, no
    # template), as many times.
    user = get_user_model().objects.get(username=PROVINCE_SUPERVISOR)
    with CaptureQueriesContext(connection) as captured:
        board = dashboard_build(user, Scope(), LightDates.on())
    statements = [
        q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"] and "ledger_" in q["sql"]
    ]
    times = []
    with connection.cursor() as cursor:
        for i in range(p["runs"] + 3):
            t = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            if i >= 3:
                times.append(time.perf_counter() - t)
    page.update(
        sql_p50=statistics.median(times),
        sql_p95=pct(times, 0.95),
        sql_statements=len(statements),
        units=len(board.units),
        problems=board.totals["total"],
        measures=board.totals["measures"],
    )
    return page


def child_ledger(p: dict) -> dict:
    from django.db.models import Count

    from zhenggai.inspections.models import Inspection
    from zhenggai.ledger.models import Measure, Problem
    from zhenggai.synth.generate import SHOWCASE_LIAISON

    showcase = Inspection.objects.get(unit__memberships__user__username=SHOWCASE_LIAISON)
    big = _time_get(_client(SHOWCASE_LIAISON), f"/inspections/{showcase.pk}/", p["runs"])
    big["problems"] = Problem.objects.filter(inspection=showcase).count()
    big["measures"] = Measure.objects.filter(problem__inspection=showcase).count()
    small = (
        Inspection.objects.filter(unit__memberships__user__username__endswith="-liaison")
        .annotate(n=Count("problems"))
        .filter(n__lte=4)
        .order_by("n", "pk")
        .first()
    )
    liaison = small.unit.memberships.get(role="unit_liaison").user.username
    small_page = _time_get(_client(liaison), f"/inspections/{small.pk}/", 3)
    big["small_queries"] = small_page["queries"]
    big["small_problems"] = Problem.objects.filter(inspection=small).count()
    big["small_measures"] = Measure.objects.filter(problem__inspection=small).count()
    return big


def _largest_city():
    """The city committee with the most units, and a user of its inspection office."""
    from django.db.models import Count

    from zhenggai.accounts.models import Membership, Unit

    committee = (
        Unit.objects.filter(kind="committee", depth=1)
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .first()
    )
    supervisor = (
        Membership.objects.filter(
            unit__parent=committee, role="inspection_office", user__username__startswith="syn-"
        )
        .order_by("user__username")
        .values_list("user__username", flat=True)
        .first()
    )
    return committee, supervisor


def child_problems(p: dict) -> dict:
    from zhenggai.accounts.models import Unit
    from zhenggai.ledger.models import Problem

    committee, supervisor = _largest_city()
    url = "/problems/?status=in_progress&light=red"
    result = _time_get(_client(supervisor), url, p["runs"])
    result["city"] = committee.name
    result["city_units"] = Unit.objects.filter(parent=committee, kind="unit").count()
    result["city_problems"] = Problem.objects.filter(
        inspection__unit__path__startswith=committee.path
    ).count()
    result["url"] = url
    return result


# (what, query): a two-character word the synthetic ledgers use often, one they never use (every
# row of the user's scope must be ruled out: the case a scan is slowest at), and a longer word.
SEARCH_QUERIES = (("two characters, frequent", "台账"), ("two characters, absent", "甄别"),
                  ("six characters", "高新技术企业"))  # fmt: skip


def child_search(p: dict) -> dict:
    """``GET /search/?q=…`` as the provincial inspection office (the whole province in scope) and
    as the showcase unit's liaison (one unit), for each of ``SEARCH_QUERIES``."""
    import urllib.parse

    from django.contrib.auth import get_user_model

    from zhenggai.search.query import query_parse
    from zhenggai.search.selectors import search_keys
    from zhenggai.synth.generate import PROVINCE_SUPERVISOR, SHOWCASE_LIAISON

    out = {}
    for who, username in (("province", PROVINCE_SUPERVISOR), ("showcase", SHOWCASE_LIAISON)):
        client = _client(username)
        user = get_user_model().objects.get(username=username)
        for label, q in SEARCH_QUERIES:
            result = _time_get(client, "/search/?" + urllib.parse.urlencode({"q": q}), p["runs"])
            keys = search_keys(user, query_parse(q))
            result.update(q=q, label=label, hits=len(keys.keys), truncated=keys.truncated)
            out[f"{who}: {label}"] = result
    return out


def child_workbench(p: dict) -> dict:
    """``GET /`` (the workbench) and ``GET /api/v1/me/tasks/`` as the provincial inspection office
    (every close-out of the province to approve, every look-back due) and as the showcase unit's
    liaison (its overdue and returned measures, its 督办 and feedback)."""
    from django.contrib.auth import get_user_model

    from zhenggai.synth.generate import PROVINCE_SUPERVISOR, SHOWCASE_LIAISON
    from zhenggai.workbench.selectors import PER_KIND, tasks_for

    out = {}
    for who, username in (("province", PROVINCE_SUPERVISOR), ("showcase", SHOWCASE_LIAISON)):
        client = _client(username)
        page = _time_get(client, "/", p["runs"])
        api = _time_get(client, "/api/v1/me/tasks/", p["runs"])
        tasks = tasks_for(get_user_model().objects.get(username=username))
        page.update(
            api_p95=api["p95"],
            api_queries=api["queries"],
            tasks=len(tasks),
            truncated=len(tasks.truncated),
            per_kind=PER_KIND,
        )
        out[who] = page
    return out


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _round_measures(which: str):
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from zhenggai.inspections.models import Round
    from zhenggai.ledger.filters import Scope
    from zhenggai.ledger.permissions import visible_measures
    from zhenggai.synth.generate import PROVINCE_SUPERVISOR

    user = get_user_model().objects.get(username=PROVINCE_SUPERVISOR)
    if which == "all":
        return visible_measures(user), "三轮合计"
    biggest = (
        Round.objects.filter(committee__kind="committee", committee__depth=0, name__startswith="十二届省委")
        .annotate(n=Count("inspections__problems__measures"))
        .order_by("-n")
        .first()
    )
    return Scope(round_id=biggest.pk).measures(visible_measures(user)), biggest.name


def child_xlsx(p: dict) -> dict:
    """``export``: the ledger export as the job runs it; ``bare``: the same rows, read into memory
    first (not timed), through a bare openpyxl write-only loop (plain values, no styles, no merges)."""
    from zhenggai.documents.xlsx import write_ledger_xlsx
    from zhenggai.notices.ledger_xlsx import ledger_rows

    measures, name = _round_measures(p["which"])
    rss0 = _peak_rss_mb()
    with tempfile.TemporaryFile() as out:
        if p["mode"] == "export":
            t = time.perf_counter()
            rows = write_ledger_xlsx(ledger_rows(measures), out, title="整改台账")
            seconds = time.perf_counter() - t
        else:
            from openpyxl import Workbook

            data = list(ledger_rows(measures))
            rows = len(data)
            t = time.perf_counter()
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("整改台账")
            ws.append(["整改台账"])
            ws.append(["序号", "反馈问题", "整改措施", "责任领导", "责任股室", "责任人", "整改时限", "整改类型",
                       "整改进展", "完成情况", "佐证材料"])  # fmt: skip
            for r in data:
                ws.append((r.problem_no, r.problem_title, r.measure_text, r.leader, r.office, r.person,
                           r.deadline_text or r.deadline, r.kind, r.progress, r.status, r.evidence))  # fmt: skip
            wb.save(out)
            seconds = time.perf_counter() - t
        size = out.seek(0, os.SEEK_END)
    return {
        "seconds": seconds,
        "rows": rows,
        "rss_mb": _peak_rss_mb(),
        "rss0_mb": rss0,
        "bytes": size,
        "round": name,
    }


def child_notice(p: dict) -> dict:
    from zhenggai.demo.loader import seed_loaded

    inspection = seed_loaded()
    notice = inspection.notices.order_by("-signed_on").first()
    client = _client("liaison")
    out = {}
    for fmt in ("docx", "pdf"):
        url = f"/notices/{notice.pk}/download/{fmt}/"
        t = time.perf_counter()
        response = client.get(url)
        first = time.perf_counter() - t
        assert response.status_code == 200, (url, response.status_code)
        warm = []
        for _ in range(p["runs"]):
            t = time.perf_counter()
            client.get(url)
            warm.append(time.perf_counter() - t)
        out[fmt] = {"first": first, "warm": statistics.median(warm), "bytes": len(response.content)}
    return out


# --- load ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Http:
    """One keep-alive-free HTTP client for a logged-in session (gunicorn's sync workers close)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            hdrs = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            hdrs.update(headers or {})
            conn.request(method, path, body=body, headers=hdrs)
            response = conn.getresponse()
            data = response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, data
        finally:
            conn.close()

    def login(self, username: str) -> None:
        status, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        status, _ = self.request(
            "POST",
            "/login/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/login/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} failed ({status})")


LOAD_REDIS = "redis://127.0.0.1:6379/12"


def _load_cache_url(choice: str) -> str:
    """The shared cache the load's gunicorn gets (sessions then come from it: ``cached_db``), as a
    deployment with several workers would run: the local Redis when ``auto`` and it answers."""
    if choice != "auto":
        return "" if choice in ("", "none") else choice
    try:
        import redis

        redis.Redis.from_url(LOAD_REDIS, socket_connect_timeout=1, socket_timeout=2).ping()
    except Exception:  # noqa: BLE001 - no Redis: sessions from the database, as without the setting
        return ""
    return LOAD_REDIS


def _load_plan(n_units: int) -> list[tuple[str | None, list[tuple[float, str]]]]:
    """(username or None for the public, [(weight, path), …]): a working day's read mix.

    * unit liaisons on their ledger and their problems' pages (the bulk of the staff's pages);
    * a city inspection office on its filtered problem and measure lists and its dashboard;
    * the provincial office on its lists and, now and then, the whole province's dashboard;
    * the JSON API as an integration or the pages' scripts read it (a unit's problems, measures);
    * citizens on the public site (published notices; no log-in).

    Weights per session; sessions are picked by the sum of their weights. Pages (HTML for staff),
    API and public requests are reported apart as well as together."""
    from django.db.models import Count

    from zhenggai.accounts.models import Membership
    from zhenggai.inspections.models import Inspection
    from zhenggai.ledger.models import Problem
    from zhenggai.public.selectors import published_notices
    from zhenggai.synth.generate import PROVINCE_SUPERVISOR, SHOWCASE_LIAISON

    rng = random.Random(7)
    plan = []
    inspections = list(
        Inspection.objects.filter(unit__memberships__user__username__endswith="-liaison")
        .annotate(n=Count("problems"))
        .filter(n__gte=3)
        .order_by("pk")
        .values_list("pk", "unit_id")
        .distinct()
    )
    showcase = Inspection.objects.get(unit__memberships__user__username=SHOWCASE_LIAISON)
    chosen = rng.sample(inspections, min(n_units, len(inspections))) + [(showcase.pk, showcase.unit_id)]
    for pk, unit_id in chosen:
        liaison = Membership.objects.filter(unit_id=unit_id, role="unit_liaison").values_list(
            "user__username", flat=True
        )[0]
        problems = list(Problem.objects.filter(inspection_id=pk).values_list("pk", flat=True))
        one = 1.0 / len(problems)
        paths = [(3.0, f"/inspections/{pk}/")] + [(3.0 * one, f"/problems/{q}/") for q in problems]
        paths += [(1.0, f"/api/v1/inspections/{pk}/problems/")]
        paths += [(1.0 * one, f"/api/v1/problems/{q}/measures/") for q in problems]
        plan.append((liaison, paths))
    _committee, city = _largest_city()
    plan.append(
        (
            city,
            [
                (3.0, "/problems/?status=in_progress&light=red"),
                (2.0, "/problems/?status=in_progress"),
                (1.0, "/problems/?page=2"),
                (2.0, "/measures/?light=red"),
                (1.0, "/measures/?kind=long_term&light=red"),
                (1.0, "/dashboard/"),
                (1.0, "/api/v1/measures/?status=submitted"),
            ],
        )
    )
    plan.append(
        (
            PROVINCE_SUPERVISOR,
            [(1.5, "/problems/?status=open"), (1.0, "/measures/?light=yellow"), (0.2, "/dashboard/")],
        )
    )
    public = ["/public/"]
    for notice in published_notices():
        public += [f"/public/units/{notice.inspection.unit_id}/", f"/public/notices/{notice.pk}/"]
    plan.append((None, [(12.0 / len(public), path) for path in public]))
    return plan


def _kind(path: str) -> str:
    return "api" if path.startswith("/api/") else "public" if path.startswith("/public/") else "page"


def child_load(p: dict) -> dict:
    from django.db import connection

    plan = _load_plan(p["units"])
    connection.close()
    port = _free_port()
    env = dict(
        os.environ,
        DATABASE_CONN_MAX_AGE=str(p["conn_max_age"]),
        ZHENGGAI_CACHE_URL=p.get("cache_url") or "",
        ZHENGGAI_RESPONSE_CACHE="true" if p.get("response_cache", True) else "false",
    )
    cmd = [sys.executable, "-m", "gunicorn", "zhenggai.wsgi:application", "--bind", f"127.0.0.1:{port}",
           "--workers", str(p["workers"]), "--log-level", "warning", "--timeout", "60"]  # fmt: skip
    server = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if Http(port).request("GET", "/login/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(
                    "gunicorn did not start: " + (server.stderr.read().decode() if server.poll() else "")
                )
            time.sleep(0.2)
        sessions = []
        for username, paths in plan:
            http = Http(port)
            if username is not None:
                http.login(username)
            sessions.append((http, paths))
        # warm every worker and path once
        for http, paths in sessions:
            for _w, path in paths[:3]:
                http.request("GET", path)
        cpu = _cpu_seconds(server.pid)
        if shutil.which("wrk") and not p.get("python_client"):
            return _with_cpu(_wrk_load(port, sessions, p), cpu, _cpu_seconds(server.pid))
        weights = [sum(w for w, _ in paths) for _http, paths in sessions]
        latencies: list[float] = []
        by_kind: dict[str, list[float]] = {"page": [], "api": [], "public": []}
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + p["seconds"]

        def client(seed: int) -> None:
            rng = random.Random(seed)
            mine, bad = [], []
            kinds: dict[str, list[float]] = {"page": [], "api": [], "public": []}
            while time.monotonic() < stop:
                http, paths = rng.choices(sessions, weights)[0]
                path = rng.choices([q for _w, q in paths], [w for w, _q in paths])[0]
                t = time.perf_counter()
                try:
                    status, _body = http.request("GET", path)
                    if status != 200:
                        bad.append(f"{status} {path}")
                except Exception as error:  # noqa: BLE001 - counted, reported
                    bad.append(f"{type(error).__name__} {path}")
                mine.append(time.perf_counter() - t)
                kinds[_kind(path)].append(mine[-1])
            with lock:
                latencies.extend(mine)
                errors.extend(bad)
                for kind, values in kinds.items():
                    by_kind[kind].extend(values)

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(p["concurrency"])]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        cpu_after = _cpu_seconds(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    return _with_cpu({
        "client": "python",
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p95": pct(latencies, 0.95),
        "errors": len(errors),
        "error_samples": errors[:5],
        "kinds": {
            kind: {
                "requests": len(v),
                "rps": len(v) / elapsed,
                "p50": statistics.median(v),
                "p95": pct(v, 0.95),
            }
            for kind, v in by_kind.items()
            if v
        },
        "sessions": len(sessions),
        "workers": p["workers"],
        "concurrency": p["concurrency"],
        "conn_max_age": p["conn_max_age"],
        "cache_url": p.get("cache_url") or "",
    }, cpu, cpu_after)  # fmt: skip


LOAD_PLAN_SLOTS = 20_000
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_cpu(pid: int) -> tuple[str, int, float]:
    """(command name, parent pid, user + system CPU seconds) of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    name = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


def _cpu_seconds(master: int) -> dict[str, float]:
    """CPU seconds used so far by gunicorn's workers (children of ``master``) and by every
    PostgreSQL process on this machine; {} where /proc cannot be read (not Linux)."""
    app = db = 0.0
    try:
        pids = [int(d) for d in os.listdir("/proc") if d.isdigit()]
    except OSError:
        return {}
    for pid in pids:
        try:
            name, parent, seconds = _proc_cpu(pid)
        except (OSError, ValueError, IndexError):
            continue  # ended meanwhile
        if parent == master:
            app += seconds
        elif name == "postgres" or name.startswith("postgres:"):
            db += seconds
    return {"app": app, "db": db}


def _with_cpu(result: dict, before: dict, after: dict) -> dict:
    """The load's result with the CPU milliseconds each request cost the workers and PostgreSQL:
    what bounds the rate on a machine whose cores the load keeps busy."""
    if before and after and result["requests"]:
        for key in ("app", "db"):
            result[f"{key}_cpu_ms"] = (after[key] - before[key]) * 1000 / result["requests"]
    return result


def _wrk_load(port: int, sessions: list, p: dict) -> dict:
    """The same plan, driven by wrk (C, epoll: a few percent of a core for the load itself, where
    Python client threads took a good part of one): every (session, path) gets slots in
    proportion to its weight, and wrk's connections pick slots at random (``load.lua``)."""
    total = sum(w for _http, paths in sessions for w, _ in paths)
    lines, kinds = [], {"page": 0, "api": 0, "public": 0}
    for http, paths in sessions:
        cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
        for weight, path in paths:
            n = max(1, round(LOAD_PLAN_SLOTS * weight / total))
            lines += [f"{_kind(path)}\t{cookie}\t{path}"] * n
            kinds[_kind(path)] += n
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as plan:
        plan.write("\n".join(lines) + "\n")
    threads = min(2, p["concurrency"])
    cmd = ["wrk", f"-t{threads}", f"-c{p['concurrency']}", f"-d{max(1, round(p['seconds']))}s", "--timeout", "10s",
           "-s", str(ROOT / "benchmarks" / "load.lua"), f"http://127.0.0.1:{port}", "--", plan.name, "7"]  # fmt: skip
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, timeout=p["seconds"] + 60, check=True
        ).stdout
    finally:
        os.unlink(plan.name)
    r = json.loads(out.strip().splitlines()[-1])
    seconds = r["duration_us"] / 1e6
    errors = r["connect"] + r["read"] + r["write"] + r["timeout"] + r["not_200"]
    return {
        "client": "wrk",
        "requests": r["requests"],
        "seconds": seconds,
        "rps": r["requests"] / seconds,
        "p50": r["p50_us"] / 1e6,
        "p95": r["p95_us"] / 1e6,
        "p99": r["p99_us"] / 1e6,
        "errors": errors,
        "error_samples": [f"HTTP {r['sample']}"] if r["sample"] else [],
        "mix": {kind: n / len(lines) for kind, n in kinds.items()},
        "cache_hits": r.get("cache_hits", 0),
        "cache_misses": r.get("cache_misses", 0),
        "plan_slots": len(lines),
        "kinds": {},
        "sessions": len(sessions),
        "workers": p["workers"],
        "concurrency": p["concurrency"],
        "conn_max_age": p["conn_max_age"],
        "cache_url": p.get("cache_url") or "",
    }


def child_writers(p: dict) -> dict:
    """``writers`` threads, each with its own connection, add progress entries through
    ``progress_create``; some measures are shared between writers. Rows are counted afterwards."""
    from django.db import close_old_connections, connection
    from django.utils import timezone

    from zhenggai.audit.verify import audit_verify
    from zhenggai.ledger.models import Measure, ProgressEntry
    from zhenggai.ledger.services import progress_create

    n, per = p["writers"], p["entries"]
    measures = list(
        Measure.objects.filter(
            status="in_progress", problem__inspection__unit__memberships__role="unit_liaison"
        )
        .select_related("problem__inspection")
        .order_by("pk")[: max(1, n - n // 5)]
    )
    targets = [measures[i % len(measures)] for i in range(n)]  # the last fifth share measures
    liaisons = {m.pk: m.problem.inspection.unit.memberships.get(role="unit_liaison").user for m in measures}
    before = ProgressEntry.objects.count()
    run = f"bench-{os.getpid()}-{time.time_ns()}"
    today = timezone.localdate()
    barrier = threading.Barrier(n)
    done: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()

    def writer(i: int) -> None:
        ok, bad = 0, []
        try:
            barrier.wait(timeout=60)
            for k in range(per):
                measure = Measure.objects.select_related("problem__inspection__unit").get(pk=targets[i].pk)
                try:
                    progress_create(
                        measure=measure,
                        happened_on=today,
                        text=f"并发写入测试:第{i + 1}位填报人第{k + 1}条",
                        reporter=liaisons[measure.pk],
                        submission_key=f"{run}-{i}-{k}",
                    )
                    ok += 1
                except Exception as error:  # noqa: BLE001 - counted, reported
                    bad.append(f"{type(error).__name__}: {error}")
        finally:
            close_old_connections()
            connection.close()
            with lock:
                done.append(ok)
                errors.extend(bad)

    t = time.perf_counter()
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - t
    after = ProgressEntry.objects.count()
    saved = ProgressEntry.objects.filter(submission_key__startswith=run).count()
    stale = sum(
        1
        for m in Measure.objects.filter(pk__in=[m.pk for m in measures])
        if m.last_progress_on
        != m.progress.live().order_by("-happened_on").values_list("happened_on", flat=True).first()
    )
    verified = audit_verify(ledger=False)  # synthetic rows have no trail: the chain alone
    return {
        "writers": n,
        "attempted": n * per,
        "succeeded": sum(done),
        "errors": len(errors),
        "error_samples": errors[:5],
        "rows_added": after - before,
        "rows_with_key": saved,
        "lost": sum(done) - saved,
        "stale_last_progress": stale,
        "audit_ok": verified.ok,
        "seconds": seconds,
        "shared_measures": n - len(measures) if n > len(measures) else 0,
        "vendor": connection.vendor,
    }


CHILDREN = {
    "state": child_state,
    "dashboard": child_dashboard,
    "ledger": child_ledger,
    "problems": child_problems,
    "search": child_search,
    "workbench": child_workbench,
    "xlsx": child_xlsx,
    "notice": child_notice,
    "load": child_load,
    "writers": child_writers,
}


# ----------------------------------------------------------------------------- the run


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    mem = ""
    try:
        kb = int(
            next(
                x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")
            ).split()[1]
        )
        mem = f"{kb / 2**20:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def measure_all(child, args, report: Report) -> None:
    runs = args.runs
    only = set(args.only.split(",")) if args.only else set(CASES)
    quick = args.quick
    load_before = os.getloadavg()
    report.details["load_before"] = load_before

    loads = report.details.setdefault("loadavg", {})
    if "dashboard" in only:
        loads["dashboard"] = os.getloadavg()[0]
        d = child("dashboard", runs=runs)
        report.details["dashboard"] = d
        ratio = d["p50"] / d["sql_p50"] if d["sql_p50"] else 0
        report.add("office dashboard, whole province: server time", f"p50 {ms(d['p50'])}, p95 {ms(d['p95'])}",
                   "p95 ≤ 150 ms", d["p95"] <= 0.150)  # fmt: skip
        report.add("  … and the bare SQL aggregates it needs", f"p50 {ms(d['sql_p50'])}, p95 {ms(d['sql_p95'])} "
                   f"({d['sql_statements']} statements)", "page ≤ 3× SQL", ratio <= 3,
                   note=f"page/SQL at p50: {ratio:.2f}×")  # fmt: skip
        print(f"      page/SQL at p50: {ratio:.2f}×; {d['queries']} queries; {d['units']} units, "
              f"{d['problems']} problems, {d['measures']} measures; CPU p50 {ms(d['cpu_p50'])}", flush=True)  # fmt: skip
    if "ledger" in only:
        loads["ledger"] = os.getloadavg()[0]
        d = child("ledger", runs=runs)
        report.details["ledger"] = d
        report.add(f"unit's ledger page ({d['problems']} problems, {d['measures']} measures)",
                   f"p50 {ms(d['p50'])}, p95 {ms(d['p95'])}", "p95 ≤ 50 ms", d["p95"] <= 0.050)  # fmt: skip
        report.add("  … query count vs a unit of "
                   f"{d['small_problems']} problems/{d['small_measures']} measures",
                   f"{d['queries']} vs {d['small_queries']} queries", "constant", d["queries"] == d["small_queries"],
                   timing=False)  # fmt: skip
    if "problems" in only:
        loads["problems"] = os.getloadavg()[0]
        d = child("problems", runs=runs)
        report.details["problems"] = d
        report.add(f"city committee's problem list, page 1, filtered ({d['city_problems']} in scope)",
                   f"p50 {ms(d['p50'])}, p95 {ms(d['p95'])}", "p95 ≤ 100 ms", d["p95"] <= 0.100)  # fmt: skip
    if "search" in only:
        loads["search"] = os.getloadavg()[0]
        d = child("search", runs=runs)
        report.details["search"] = d
        for key, r in d.items():
            who = "provincial office" if key.startswith("province") else "showcase liaison"
            more = "+" if r["truncated"] else ""
            report.add(f"keyword search “{r['q']}” ({r['label']}), {who}",
                       f"p50 {ms(r['p50'])}, p95 {ms(r['p95'])} ({r['hits']}{more} hits)", "p95 ≤ 100 ms",
                       r["p95"] <= 0.100)  # fmt: skip
        counts = sorted({r["queries"] for r in d.values()})
        # 15 for the search itself, plus the header's count of open tasks (2 queries, on every page)
        report.add("  … queries a search page, whatever its hits", f"{'–'.join(map(str, counts))} queries",
                   "≤ 17", max(counts) <= 17, timing=False)  # fmt: skip
    if "workbench" in only:
        loads["workbench"] = os.getloadavg()[0]
        d = child("workbench", runs=runs)
        report.details["workbench"] = d
        for who, r in d.items():
            label = "provincial office" if who == "province" else "showcase liaison"
            more = f", {r['truncated']} kinds cut at {r['per_kind']}" if r["truncated"] else ""
            report.add(f"workbench (my tasks), {label}: page", f"p50 {ms(r['p50'])}, p95 {ms(r['p95'])} "
                       f"({r['tasks']} tasks{more})", "p95 ≤ 50 ms", r["p95"] <= 0.050)  # fmt: skip
            report.add(f"  … and GET /api/v1/me/tasks/, {label}", f"p95 {ms(r['api_p95'])}", "p95 ≤ 50 ms",
                       r["api_p95"] <= 0.050)  # fmt: skip
        counts = sorted({q for r in d.values() for q in (r["queries"], r["api_queries"])})
        report.add("  … queries a workbench page or list, whatever its tasks", f"{'–'.join(map(str, counts))} queries",
                   "≤ 25", max(counts) <= 25, timing=False)  # fmt: skip
    if "xlsx" in only:
        loads["xlsx"] = os.getloadavg()[0]
        for which in ("round",) if quick else ("round", "all"):
            cases = {"bare": [], "export": []}
            for _ in range(1 if quick else args.xlsx_repeat):  # interleaved: a busy machine slows both alike
                for mode in cases:
                    cases[mode].append(child("xlsx", mode=mode, which=which))
            best = {mode: min(r["seconds"] for r in rs) for mode, rs in cases.items()}
            export = min(cases["export"], key=lambda r: r["seconds"])
            rss = max(r["rss_mb"] for r in cases["export"])
            ratio = best["export"] / best["bare"] if best["bare"] else 0
            report.details[f"xlsx_{which}"] = {"cases": cases, "best": best, "ratio": ratio, "rss": rss}
            label = f"XLSX ledger export, {export['round']} ({export['rows']:,} rows)"
            report.add(label, f"{best['export']:.1f} s, peak RSS {rss:.0f} MB", "≤ 20 s, ≤ 300 MB",
                       best["export"] <= 20 and rss <= 300)  # fmt: skip
            report.add("  … against a bare openpyxl write-only loop", f"{best['bare']:.1f} s → {ratio:.2f}×",
                       "≤ 1.5×", ratio <= 1.5)  # fmt: skip
    if "notice" in only:
        loads["notice"] = os.getloadavg()[0]
        d = child("notice", runs=3)
        report.details["notice"] = d
        for fmt in ("docx", "pdf"):
            f = d[fmt]
            report.add(f"seed notice as {fmt.upper()} (download, server time)",
                       f"first {f['first']:.2f} s, warm {f['warm']:.2f} s", "≤ 2 s",
                       max(f["first"], f["warm"]) <= 2)  # fmt: skip
    if "load" in only:
        loads["load"] = os.getloadavg()[0]

        def load(**extra) -> dict:
            return child("load", seconds=args.load_seconds, concurrency=args.concurrency, workers=args.workers,
                         units=8 if not quick else 2, conn_max_age=args.conn_max_age,
                         cache_url=_load_cache_url(args.cache_url), **extra)  # fmt: skip

        d = load()
        report.details["load"] = d
        report.add(f"mixed read load, gunicorn {d['workers']} workers, {d['concurrency']} clients",
                   f"{d['rps']:.0f} req/s, p95 {ms(d['p95'])}, {d['errors']} errors ({d['requests']} requests)",
                   "≥ 150 req/s, p95 ≤ 250 ms, 0 errors", d["rps"] >= 150 and d["p95"] <= 0.250 and not d["errors"])  # fmt: skip
        print(f"      client: {d['client']}, {d['requests']} requests in {d['seconds']:.1f} s")
        if d.get("cache_hits") or d.get("cache_misses"):
            cached = d["cache_hits"] + d["cache_misses"]
            print(f"      response cache: {d['cache_hits']} hits, {d['cache_misses']} misses "
                  f"({cached / d['requests']:.0%} of the requests are cached reads)")  # fmt: skip
        if "app_cpu_ms" in d:
            print(f"      CPU a request: workers {d['app_cpu_ms']:.1f} ms, PostgreSQL {d['db_cpu_ms']:.1f} ms "
                  f"({os.cpu_count()} cores)")  # fmt: skip
        for kind, k in d["kinds"].items():
            print(
                f"      {kind:<7} {k['requests']:>6} requests  {k['rps']:6.1f} req/s  p50 {ms(k['p50'])}  p95 {ms(k['p95'])}"
            )
        if d["errors"]:
            print(f"      errors: {d['error_samples']}")
        report.add("  … errors", f"{d['errors']}", "0", d["errors"] == 0, timing=False)
        if not quick:  # for comparison: every response rendered (what the cache spares)
            u = load(response_cache=False)
            report.details["load_uncached"] = u
            print(f"      without the response cache: {u['rps']:.0f} req/s, p95 {ms(u['p95'])}, {u['errors']} errors"
                  + (f"; CPU a request: workers {u['app_cpu_ms']:.1f} ms, PostgreSQL {u['db_cpu_ms']:.1f} ms"
                     if "app_cpu_ms" in u else ""))  # fmt: skip
    if "writers" in only:
        loads["writers"] = os.getloadavg()[0]
        d = child("writers", writers=args.writers, entries=args.entries)
        report.details["writers"] = d
        report.add(f"concurrent progress entries ({d['writers']} writers × {args.entries})",
                   f"{d['errors']} errors, {d['lost']} lost of {d['succeeded']}, audit {'ok' if d['audit_ok'] else 'BROKEN'}",
                   "0 errors, 0 lost rows",
                   d["errors"] == 0 and d["lost"] == 0 and d["rows_added"] >= d["succeeded"] and d["audit_ok"]
                   and d["stale_last_progress"] == 0, timing=False)  # fmt: skip
    report.details["load_after"] = os.getloadavg()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--database")
    parser.add_argument("--scale", type=float)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--drop", action="store_true")
    parser.add_argument("--runs", type=int)
    parser.add_argument("--only")
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--xlsx-repeat", type=int, default=2)
    parser.add_argument("--load-seconds", type=float)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument(
        "--cache-url",
        default="auto",
        help="the load's shared cache (ZHENGGAI_CACHE_URL); auto: local Redis if any",
    )
    parser.add_argument("--writers", type=int)
    parser.add_argument("--entries", type=int)
    parser.add_argument("--child")
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--params", default="{}")
    args = parser.parse_args()
    if args.child or args.serve:
        _setup(args.database)
        if args.serve:
            serve()
        else:
            print(json.dumps(CHILDREN[args.child](json.loads(args.params)), default=str))
        return 0

    quick = args.quick
    url = args.database or f"{PG_SERVER}/{'zhenggai_bench_quick' if quick else 'zhenggai_bench'}"
    args.scale = args.scale or (0.002 if quick else 1.0)
    args.runs = args.runs or (3 if quick else 30)
    args.load_seconds = args.load_seconds or (2.0 if quick else 30.0)
    args.writers = args.writers or (5 if quick else 50)
    args.entries = args.entries or (2 if quick else 10)
    if quick:
        args.concurrency = min(args.concurrency, 4)
        args.workers = 2
    global SETTINGS
    if quick:  # fast password hashing for the log-ins, media in a temporary folder
        SETTINGS = "zhenggai.settings.test"
    report = Report()
    child = Children(url, shared=quick)
    started = time.perf_counter()
    print(f"Zhenggai scale benchmarks{' (quick)' if quick else ''}: {url}", flush=True)
    database_prepare(url, fresh=args.fresh or quick)
    try:
        print("Migrating …", flush=True)
        zhenggai(url, "migrate", "--no-input", "-v", "0")
        load_data(url, args.scale, report, child)
        sizes = report.details["sizes"]
        print(f"Data: {sizes['units']:,} units, {sizes['problems']:,} problems, {sizes['measures']:,} measures, "
              f"{sizes['progress']:,} progress entries. Load average {os.getloadavg()[0]:.2f}.", flush=True)  # fmt: skip
        print(f"\n  {'what':<58} {'measured':<44} {'target':<41}", flush=True)
        measure_all(child, args, report)
    finally:
        child.close()
        if args.drop or quick:
            database_drop(url)
    report.details["seconds"] = time.perf_counter() - started
    missed = [f for f in report.figures if not f.ok and (not quick or not f.timing)]
    if not quick and not args.no_docs and not args.only:
        write_docs(url, args, report)
        print(f"\nWrote {DOCS.relative_to(ROOT)}.")
    print(f"\n{len(report.figures) - len([f for f in report.figures if not f.ok])}/{len(report.figures)} figures meet "
          f"their targets; {time.perf_counter() - started:.0f} s.")  # fmt: skip
    return 1 if missed else 0


# ----------------------------------------------------------------------------- docs


def write_docs(url: str, args, report: Report) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_docs import render_docs

    DOCS.write_text(
        render_docs(url=url, args=args, report=report, machine=machine(), argv=shlex.join(sys.argv[1:]))
    )


if __name__ == "__main__":
    sys.exit(main())
