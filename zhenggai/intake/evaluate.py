"""Field-level precision and recall of the reader against a corpus's ground_truth.json.

Scoring rules (from the corpus README):
- a null prediction where the truth is null is a correct abstention (not a true positive);
- a value where the truth is null is a false positive; a wrong value is a false positive and a
  false negative; a missing value is a false negative;
- dates compare as ISO strings, counts as integers, text after removing whitespace and punctuation
  and folding widths;
- problem titles (and groups): each emitted title must be one of the listed ones (precision); recall
  only where `problem_titles_complete` is true;
- files marked `robustness_only` count only for “never crash”.
Plan, publication, signature and address fields are read from the truth's `other` object (absent =
null).
"""

from __future__ import annotations

import json
import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import COUNT_FIELDS, DATE_FIELDS, SCALAR_FIELDS
from .reader import read_file
from .text import compare_key

# The ground-truth keys the corpus states for every notice (the first twelve scalar fields).
CORE_FIELDS = SCALAR_FIELDS[: SCALAR_FIELDS.index("contact_email") + 1]
OTHER_FIELDS = (
    "plan_title",
    "plan_doc_number",
    "plan_date",
    "publication_date",
    "signature_date",
    "contact_address",
    "contact_postcode",
)
LIST_FIELDS = ("problem_titles", "problem_groups")
ALL_FIELDS = CORE_FIELDS + OTHER_FIELDS + LIST_FIELDS

# A value as ground_truth.json or ParsedNotice.to_json() gives it (str, int, list, None…): compared
# leniently, so anything may come in.
JSONValue = Any


def default_corpus_dir() -> Path:
    """``ZHENGGAI_NOTICE_CORPUS``, else the development corpus kept with the tests of a checkout."""
    env = os.environ.get("ZHENGGAI_NOTICE_CORPUS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "tests" / "corpus" / "notices"


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    abstain: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.abstain += other.abstain


@dataclass
class Report:
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in ALL_FIELDS})
    files: int = 0
    scored_files: int = 0
    crashes: list[str] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def overall(self) -> Tally:
        total = Tally()
        for t in self.fields.values():
            total.add(t)
        return total


def _same(name: str, truth: JSONValue, pred: JSONValue) -> bool:
    if name in COUNT_FIELDS:
        try:
            return int(truth) == int(pred)
        except (TypeError, ValueError):
            return False
    if name in DATE_FIELDS:
        return str(truth) == str(pred)
    return compare_key(str(truth)) == compare_key(str(pred))


def score_scalar(name: str, truth: JSONValue, pred: JSONValue) -> Tally:
    t = Tally()
    if truth is None and pred is None:
        t.abstain = 1
    elif truth is None:
        t.fp = 1
    elif pred is None:
        t.fn = 1
    elif _same(name, truth, pred):
        t.tp = 1
    else:
        t.fp = t.fn = 1
    return t


def score_list(truth: list[str], pred: list[str], complete: bool) -> Tally:
    t = Tally()
    truth_keys = [compare_key(x) for x in truth]
    remaining = list(truth_keys)
    for p in pred:
        k = compare_key(p)
        if k in remaining:
            remaining.remove(k)
            t.tp += 1
        else:
            t.fp += 1
    if complete:
        t.fn += len(remaining)
    if not truth and not pred:
        t.abstain = 1
    return t


def truth_value(gt: dict[str, JSONValue], name: str) -> JSONValue:
    if name in gt:
        return gt[name]
    other = gt.get("other") or {}
    return other.get(name)


def evaluate(corpus_dir: str | Path | None = None) -> Report:
    corpus = Path(corpus_dir) if corpus_dir else default_corpus_dir()
    truth = json.loads((corpus / "ground_truth.json").read_text(encoding="utf-8"))
    report = Report()
    started = time.perf_counter()
    for gt in truth:
        report.files += 1
        path = corpus / gt["file"]
        try:
            parsed = read_file(path)
            pred = parsed.to_json()
        except Exception:
            report.crashes.append(f"{gt['file']}: {traceback.format_exc(limit=2)}")
            continue
        if gt.get("robustness_only"):
            continue
        report.scored_files += 1
        for name in CORE_FIELDS + OTHER_FIELDS:
            t = score_scalar(name, truth_value(gt, name), pred.get(name))
            report.fields[name].add(t)
            if t.fp or t.fn:
                report.mistakes.append(
                    f"{gt['file']}: {name} = {pred.get(name)!r}, truth {truth_value(gt, name)!r}"
                )
        complete = bool(gt.get("problem_titles_complete"))
        for name in LIST_FIELDS:
            t = score_list(gt.get(name) or [], pred.get(name) or [], complete)
            report.fields[name].add(t)
            if t.fp or t.fn:
                report.mistakes.append(f"{gt['file']}: {name} = {pred.get(name)!r}, truth {gt.get(name)!r}")
    report.seconds = time.perf_counter() - started
    return report


def _pad(text: str, width: int, right: bool = False) -> str:
    """Pad to a display width (CJK characters count two columns)."""
    import unicodedata

    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    fill = " " * max(0, width - shown)
    return fill + text if right else text + fill


def format_table(report: Report) -> list[str]:
    heads = ("字段", "TP", "FP", "FN", "弃权", "精确率", "召回率")
    widths = (20, 5, 5, 5, 6, 9, 9)
    rows: list[tuple[str | int, ...]] = [heads]
    for name, t in report.fields.items():
        rows.append((name, t.tp, t.fp, t.fn, t.abstain, f"{t.precision:.1%}", f"{t.recall:.1%}"))
    o = report.overall
    rows.append(("总体 overall", o.tp, o.fp, o.fn, o.abstain, f"{o.precision:.1%}", f"{o.recall:.1%}"))
    return [
        "".join(_pad(str(c), w, right=i > 0) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in rows
    ]


def format_report(report: Report) -> str:
    o = report.overall
    lines = [
        f"语料: {report.files} 个文件,计分 {report.scored_files} 个,"
        f"其余 {report.files - report.scored_files} 个仅检验不崩溃(robustness_only);崩溃 {len(report.crashes)} 个",
        "",
        *format_table(report),
        "",
        f"总体精确率 {o.precision:.1%},总体召回率 {o.recall:.1%}(目标 ≥ 95%),用时 {report.seconds:.2f} 秒",
    ]
    if report.mistakes:
        lines.append("")
        lines.append("差异:")
        lines.extend(f"  {m}" for m in report.mistakes)
    if report.crashes:
        lines.append("")
        lines.append("崩溃:")
        lines.extend(f"  {c}" for c in report.crashes)
    return "\n".join(lines)
