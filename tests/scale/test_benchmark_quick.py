"""The benchmark script, run end to end on a tiny dataset so that it does not rot (seconds)."""

import os
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ROWS = (
    "office dashboard, whole province",
    "bare SQL aggregates",
    "unit's ledger page",
    "query count",
    "city committee's problem list",
    "keyword search “台账” (two characters, frequent), provincial office",
    "keyword search “高新技术企业” (six characters), showcase liaison",
    "queries a search page",
    "XLSX ledger export",
    "bare openpyxl",
    "seed notice as DOCX",
    "seed notice as PDF",
    "mixed read load",
    "concurrent progress entries",
)


def _database(tmp_path) -> str:
    """A database of its own, on the server the suite runs against (SQLite otherwise)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        auth = urllib.parse.quote(db["USER"] or "") + (
            f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        )
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/zhenggai_bench_quick_{os.getpid()}"
    return f"sqlite:///{tmp_path / 'bench.sqlite3'}"


def test_quick_benchmark_prints_every_figure(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--database", _database(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    for row in ROWS:
        assert row in proc.stdout, row
    assert "0 errors, 0 lost of 10, audit ok" in proc.stdout
    client = "wrk" if shutil.which("wrk") else "python"  # scripts/bootstrap.sh installs wrk
    assert f"client: {client}," in proc.stdout
    assert "Wrote docs/benchmarks.md" not in proc.stdout  # a quick run leaves the figures alone
