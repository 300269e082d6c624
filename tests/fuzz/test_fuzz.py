"""Coverage-guided fuzzing (atheris) of the notice reader and the XLSX reader, bounded in time.

Each harness runs in a subprocess for ZHENGGAI_FUZZ_SECONDS (default 30) with a memory ceiling,
seeded from tests/fuzz/corpus/<name>/ (copied: the run's new inputs never land in the tree).
A crash — any exception other than the reader's own clean refusal, a per-input timeout, or the
memory ceiling — fails the test with libFuzzer's report; keep the input it names in the corpus
as a regression once the reader is fixed.

atheris is in the dev group of the lock; ZHENGGAI_FUZZ_PYTHON may name another interpreter that
has it (empty: this one).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SECONDS = int(os.environ.get("ZHENGGAI_FUZZ_SECONDS", "30"))
PER_INPUT_SECONDS = 20
RSS_LIMIT_MB = 2048


def _python() -> str:
    chosen = os.environ.get("ZHENGGAI_FUZZ_PYTHON") or sys.executable
    found = subprocess.run([chosen, "-c", "import atheris"], capture_output=True, cwd=ROOT)
    if found.returncode != 0:
        pytest.fail(f"atheris is not importable by {chosen}: uv sync --frozen installs the dev group")
    return chosen


@pytest.mark.parametrize("name", ["notice", "xlsx"])
def test_fuzz_the_reader(name, tmp_path):
    python = _python()
    corpus = tmp_path / "corpus"
    shutil.copytree(HERE / "corpus" / name, corpus)
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ZHENGGAI_PARSE_TIMEOUT": "0",  # the harness calls the readers in-process, as the child does
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the readers need no Django; messages stay Chinese
    result = subprocess.run(
        [
            python,
            str(HERE / f"fuzz_{name}.py"),
            f"-max_total_time={SECONDS}",
            f"-rss_limit_mb={RSS_LIMIT_MB}",
            f"-timeout={PER_INPUT_SECONDS}",
            f"-artifact_prefix={artifacts}/",
            "-max_len=65536",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=SECONDS + 120,
    )
    crashes = sorted(p.name for p in artifacts.iterdir())
    report = result.stderr[-6000:]
    assert result.returncode == 0 and not crashes, f"{name}: crashing inputs {crashes}\n{report}"
    assert "Done" in result.stderr or "DONE" in result.stderr, report  # it ran to its time limit
