"""Sites for the backup tests: a database and a media folder that `zhenggai` subprocesses use
through DATABASE_URL and ZHENGGAI_MEDIA_ROOT, exactly as an operator's would.

The engine follows the test run's own DATABASE_URL: SQLite files by default, databases on the same
PostgreSQL server (named after the run's database, so helpers and runs do not collide) when it is a
PostgreSQL URL. The suite's in-memory SQLite test database cannot be seen by a second process, and
a backup and a restore are about processes, files and databases, so these tests make their own.
"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
_RUN_URL = os.environ.get("DATABASE_URL", "")
POSTGRES = _RUN_URL.startswith(("postgres://", "postgresql://"))
MYSQL = _RUN_URL.startswith("mysql://")


_MEASURED = """
import atexit, sys

def _peak():
    # VmHWM is this process's own peak. ru_maxrss is not: Linux carries the forking parent's
    # size across exec, so a child of a 450 MB pytest worker "peaked" at 450 MB before it ran.
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1

atexit.register(lambda: sys.stderr.write("MAXRSS_KB=%d\\n" % _peak()))
from zhenggai.cli import main
main(sys.argv[1:])
"""


def _server_url(database: str) -> str:
    parts = urlsplit(_RUN_URL)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, ""))


def _admin(sql: str) -> None:
    with psycopg.connect(_server_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _prefix() -> str:
    base = urlsplit(_RUN_URL).path.lstrip("/") or "zhenggai"
    return f"{base}_bk_{os.getpid()}"


AUDIT_KEY = "backup-tests-" + "0123456789abcdef" * 3


@dataclass
class Site:
    name: str
    folder: Path  # holds the SQLite file (SQLite) and the media folder

    @property
    def media(self) -> Path:
        return self.folder / "media"

    @property
    def sqlite_file(self) -> Path:
        return self.folder / "zhenggai.sqlite3"

    @property
    def url(self) -> str:
        if POSTGRES:
            return _server_url(f"{_prefix()}_{self.name}")
        return f"sqlite:///{self.sqlite_file}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
        env.update(
            DATABASE_URL=self.url,
            ZHENGGAI_MEDIA_ROOT=str(self.media),
            ZHENGGAI_VAR_DIR=str(self.folder),
            DJANGO_SETTINGS_MODULE="zhenggai.settings.base",
            ZHENGGAI_RESPONSE_CACHE="false",
            # One audit key for every site, as the operator keeps it apart from the archives and
            # configures it on the server restored to (without it verify reports "另一把密钥").
            ZHENGGAI_AUDIT_KEY=AUDIT_KEY,
        )
        return env

    def zhenggai(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        completed = subprocess.run(
            [sys.executable, "-m", "zhenggai.cli", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and completed.returncode != 0:
            raise AssertionError(
                f"zhenggai {' '.join(args)}: {completed.returncode}\n{completed.stdout}\n{completed.stderr}"
            )
        return completed

    def zhenggai_measured(self, *args: str) -> tuple[subprocess.CompletedProcess, int]:
        """Run a command and return its peak resident memory (KiB) as the process saw it."""
        completed = subprocess.run(
            [sys.executable, "-c", _MEASURED, *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert completed.returncode == 0, completed.stderr
        return completed, int(re.search(r"MAXRSS_KB=(\d+)", completed.stderr).group(1))

    def writer(self, ready: Path, stop: Path) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.backup.writer", str(ready), str(stop)],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def ledger_json(self) -> str:
        return self.zhenggai("ledger", "export", "--format", "json").stdout

    # direct reads, beside the application, for the assertions

    def query(self, sql: str) -> list[tuple]:
        if POSTGRES:
            with psycopg.connect(self.url) as conn:
                return [tuple(row) for row in conn.execute(sql).fetchall()]
        conn = sqlite3.connect(self.sqlite_file)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def trail(self) -> list[tuple[int, str]]:
        return [(int(s), h) for s, h in self.query("SELECT seq, hash FROM audit_auditevent ORDER BY seq")]

    def head(self) -> tuple[int, str]:
        (row,) = self.query("SELECT last_seq, last_hash FROM audit_chainhead WHERE id = 1")
        return int(row[0]), row[1]

    def media_files(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.media).as_posix(): p.read_bytes() for p in self.media.rglob("*") if p.is_file()
        }


def site_create(folder: Path, name: str, *, template: "Site | None" = None) -> Site:
    """A new site: empty (no database yet, no media) or a copy of ``template`` (database and media)."""
    site = Site(name=name, folder=folder / name)
    site.folder.mkdir(parents=True)
    if template is not None and template.media.exists():
        shutil.copytree(template.media, site.media)
    if POSTGRES:
        _admin(f'DROP DATABASE IF EXISTS "{_prefix()}_{name}" WITH (FORCE)')
        source = f' TEMPLATE "{_prefix()}_{template.name}"' if template is not None else ""
        _admin(f'CREATE DATABASE "{_prefix()}_{name}"{source}')
    elif template is not None:  # through SQLite, so nothing left in a -wal file is missed
        source, target = sqlite3.connect(template.sqlite_file), sqlite3.connect(site.sqlite_file)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    return site


def site_drop(site: Site) -> None:
    if POSTGRES:
        _admin(f'DROP DATABASE IF EXISTS "{_prefix()}_{site.name}" WITH (FORCE)')


def manifest_of(archive: Path) -> dict:
    import tarfile

    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))
