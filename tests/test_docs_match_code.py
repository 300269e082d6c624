"""Docs that are checked against the code."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_variable_is_in_env_example():
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.M))
    used = set()
    for path in list((ROOT / "zhenggai").rglob("*.py")) + list((ROOT / "tests").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"env_(?:str|bool|int)\(\s*\"([A-Z_]+)\"", text))
        used |= set(re.findall(r"os\.environ(?:\.get)?\(\s*\"((?:ZHENGGAI|DJANGO|DATABASE)_[A-Z_]+)\"", text))
    assert used, "found no settings read from the environment"
    assert used - documented == set()


def test_readme_gives_the_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/demo" in readme and "bash scripts/test" in readme
    assert "bash scripts/test" in (ROOT / ".ci/run").read_text()
