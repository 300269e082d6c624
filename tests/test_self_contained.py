"""The project stands alone: a newcomer clones the repository and nothing in it reads files beside
it (the shared research folder of the team that built it). What the tests need lives inside it."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Ways a path out of the repository would be written.
OUTSIDE = ("../shared", "shared/corpus", "/work/shared", 'parents[2] / "shared', 'parents[3] / "shared')


def _tracked_text_files():
    names = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split("\n")  # fmt: skip
    suffixes = {".py", ".md", ".sh", ".toml", ".example", ".cfg", ".ini", ".txt", ".yaml", ".json"}
    for name in filter(None, names):
        path = ROOT / name
        wanted = path.suffix in suffixes or path.parent.name in {"scripts", ".ci"}
        if wanted and path.is_file() and "tests/corpus/notices" not in name:
            yield name, path


def test_nothing_in_the_project_reads_beside_the_repository():
    offenders = []
    for name, path in _tracked_text_files():
        if name == "tests/test_self_contained.py":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{name}: {needle}" for needle in OUTSIDE if needle in text]
    assert offenders == []


def test_the_notice_corpus_is_in_the_repository():
    from tests.corpus import CORPUS_DIR, SEED_NOTICE

    assert CORPUS_DIR.is_relative_to(ROOT) or CORPUS_DIR.resolve().is_relative_to(ROOT)
    assert SEED_NOTICE.is_file() and (CORPUS_DIR / "ground_truth.json").is_file()
    assert len(list(CORPUS_DIR.glob("*.txt"))) >= 102
    holdout = ROOT / "tests" / "corpus" / "notices-holdout"
    assert (holdout / "ground_truth.json").is_file() and len(list(holdout.glob("*.txt"))) >= 13
