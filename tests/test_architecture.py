"""The checks that keep the house's shape bite (docs/decisions/0009-layers.md).

Each test copies the Python tree and pyproject.toml to a temporary directory, breaks one rule there
and runs the real tool on the copy: import-linter for the layers and the circles, mypy for a type
error in a strictly checked module. The working tree is never touched.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "zhenggai"
MAX_LINES = 450


def _python_only(directory: str, names: list[str]) -> list[str]:
    return [
        n
        for n in names
        if n in ("__pycache__", "migrations")
        or (not (Path(directory) / n).is_dir() and not n.endswith(".py"))
    ]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "zhenggai", ignore=_python_only)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _append(tree: Path, module: str, text: str) -> None:
    path = tree / module
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _lint_imports(tree: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"]
    return subprocess.run(command, cwd=tree, capture_output=True, text=True, timeout=120)


def _mypy(tree: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mypy", "--cache-dir", str(tree / ".mypy_cache")]
    return subprocess.run(command, cwd=tree, capture_output=True, text=True, timeout=600)


def test_the_contracts_hold_and_an_upward_import_breaks_them(tree):
    kept = _lint_imports(tree)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert "2 kept, 0 broken" in kept.stdout
    # the ground floor reaching up into the pages
    _append(tree, "zhenggai/core/text.py", "\nfrom zhenggai.web import views  # noqa: E402,F401\n")
    broken = _lint_imports(tree)
    assert broken.returncode != 0
    assert "zhenggai.core is not allowed to import zhenggai.web" in broken.stdout
    assert "zhenggai.core.text -> zhenggai.web.views" in broken.stdout


def test_an_import_inside_a_function_counts_too(tree):
    _append(tree, "zhenggai/audit/services.py", "\n\ndef _late():\n    from zhenggai.ledger import models\n")
    broken = _lint_imports(tree)
    assert broken.returncode != 0
    assert "zhenggai.audit is not allowed to import zhenggai.ledger" in broken.stdout


def test_a_circle_between_two_modules_breaks_the_contract(tree):
    # jobs.runner imports jobs.handlers; the handlers importing the runner back closes a circle
    _append(tree, "zhenggai/jobs/handlers.py", "\nfrom zhenggai.jobs import runner  # noqa: E402,F401\n")
    broken = _lint_imports(tree)
    assert broken.returncode != 0
    assert "No cycles are allowed in zhenggai.jobs" in broken.stdout


def test_a_type_error_in_a_strict_module_fails_mypy(tree):
    _append(
        tree,
        "zhenggai/ledger/permissions.py",
        '\n\ndef _wrong(user: Viewer) -> int:\n    return "not a number"\n\n\ndef _bare(user):\n    return user\n',
    )
    result = _mypy(tree)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "zhenggai/ledger/permissions.py" in result.stdout
    assert "Incompatible return value type" in result.stdout
    assert "Function is missing a type annotation" in result.stdout  # strict: every def annotated


def test_no_module_is_past_450_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these into packages named by what each part does: {long}"
