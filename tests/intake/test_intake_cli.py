"""The intake / intake-eval subcommands."""

import json

from zhenggai.intake import cli

from .helpers import CORPUS_DIR, SEED_FILE


def test_intake_summary(capsys):
    assert cli.run(["intake", str(SEED_FILE)]) == 0
    out = capsys.readouterr().out
    assert "发布单位:中共滨州市沾化区科学技术局党组" in out
    assert "反馈日期:2022-11-04" in out
    assert "0543-8192576" in out


def test_intake_json(capsys):
    assert cli.run(["intake", "--json", str(SEED_FILE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["issuer"] == "中共滨州市沾化区科学技术局党组"
    assert data["problems_total"] == 5
    assert len(data["problems"]) == 5
    assert "spans" not in data


def test_intake_json_with_spans_and_check(capsys):
    assert cli.run(["intake", "--json", "--spans", "--check", str(SEED_FILE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["spans"]["issuer"][0] >= 0
    assert all(f["severity"] != "error" for f in data["findings"])


def test_intake_missing_file(capsys, tmp_path):
    assert cli.run(["intake", str(tmp_path / "nope.txt")]) == 2


def test_intake_eval(capsys):
    assert cli.run(["intake-eval", str(CORPUS_DIR)]) == 0
    out = capsys.readouterr().out
    assert "overall" in out and "精确率" in out


def test_intake_eval_env(capsys, monkeypatch):
    monkeypatch.setenv("ZHENGGAI_NOTICE_CORPUS", str(CORPUS_DIR))
    assert cli.run(["intake-eval"]) == 0
    assert "overall" in capsys.readouterr().out


def test_bad_arguments(capsys):
    assert cli.run([]) != 0
    assert cli.run(["intake-eval", "/nonexistent/dir"]) == 2
