"""Command line: `intake [--json] FILE` and `intake-eval [DIR]`.

cli.run(argv) returns the exit status; the project's console script hooks these subcommands in.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from zhenggai.core.bounded import FileRefused

from .consistency import check_notice
from .evaluate import default_corpus_dir, evaluate, format_report
from .model import ParsedNotice
from .reader import read_file_bounded

_STATUS_CN = {"completed": "已完成", "phased_longterm": "阶段性成效/长期坚持", "in_progress": "正在整改"}


def summary(parsed: ParsedNotice) -> str:
    """A human summary in Chinese."""

    def v(x: object) -> str:
        return "—" if x is None or x == [] else str(x)

    lines = [
        f"发布单位:{v(parsed.issuer)}",
        f"  简称:{'、'.join(parsed.issuer_aliases) or '—'}",
        f"巡察轮次:{v(parsed.round)}",
        f"巡察组:{v(parsed.group)}",
        f"进驻期间:{v(parsed.period_start)} 至 {v(parsed.period_end)}",
        f"反馈日期:{v(parsed.feedback_date)}",
        f"整改方案:{v(parsed.plan_title)}({v(parsed.plan_doc_number)},{v(parsed.plan_date)})",
        f"问题数:共{v(parsed.problems_total)},已完成{v(parsed.completed)},"
        f"阶段性成效/长期坚持{v(parsed.phased_longterm)},正在整改{v(parsed.in_progress)}",
        f"落款日期:{v(parsed.signature_date)};发布日期:{v(parsed.publication_date)}",
        f"监督电话:{v(parsed.contact_phone)};邮箱:{v(parsed.contact_email)};"
        f"地址:{v(parsed.contact_address)};邮编:{v(parsed.contact_postcode)}",
    ]
    if parsed.other:
        lines.append(f"其他:{json.dumps(parsed.other, ensure_ascii=False)}")
    if parsed.problem_groups:
        lines.append("问题分组:")
        lines.extend(f"  · {g}" for g in parsed.problem_groups)
    lines.append(f"问题({len(parsed.problems)}个):")
    for i, p in enumerate(parsed.problems, 1):
        status = f"[{_STATUS_CN[p.status]}]" if p.status else ""
        lines.append(f"  {i}. {p.title}{status}")
        for j, m in enumerate(p.measures, 1):
            extras = []
            if m.dates:
                extras.append("日期 " + "、".join(d.value for d in m.dates))
            if m.figures:
                extras.append("数量 " + "、".join(f.text for f in m.figures))
            if m.organisations:
                extras.append("单位 " + "、".join(o.name for o in m.organisations))
            short = m.text if len(m.text) <= 40 else m.text[:40] + "…"
            lines.append(f"     ({j}) {short}" + (f"  〔{';'.join(extras)}〕" if extras else ""))
    findings = check_notice(parsed)
    if findings:
        lines.append("一致性检查:")
        level = {"error": "错误", "warning": "提示", "info": "信息"}
        lines.extend(f"  [{level.get(f.severity, f.severity)}] {f.code} {f.message}" for f in findings)
    if parsed.notes:
        lines.append("读取说明:")
        lines.extend(f"  {n.splitlines()[0]}" for n in parsed.notes if n.strip())
    return "\n".join(lines)


def _intake(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"找不到文件:{path}", file=sys.stderr)
        return 2
    try:
        parsed = read_file_bounded(path)
    except FileRefused as refused:  # not a notice file, a bomb, or out of time or memory: a message
        print(f"未读取 {path.name}:{refused.message}", file=sys.stderr)
        if args.json:  # a script reading the JSON learns why too
            error = {"code": refused.code, "message": refused.message, "file": path.name}
            print(json.dumps({"error": error}, ensure_ascii=False, indent=2))
        return 1
    if args.json:
        out = parsed.to_json(spans=args.spans)
        if args.check:
            out["findings"] = [f.to_json() for f in check_notice(parsed)]
        # What the reader could not read, and why (the plain summary's 读取说明).
        out["notes"] = [n.splitlines()[0] for n in parsed.notes if n.strip() and "Traceback" not in n]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(summary(parsed))
    return 0


def _intake_eval(args: argparse.Namespace) -> int:
    corpus = Path(args.dir) if args.dir else default_corpus_dir()
    if not (corpus / "ground_truth.json").is_file():
        print(f"找不到 ground_truth.json:{corpus}", file=sys.stderr)
        return 2
    report = evaluate(corpus)
    print(format_report(report))
    return 1 if report.crashes else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhenggai", description="整改通报读取(intake)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("intake", help="读取一份通报(.txt/.html/.docx)并输出结构化草稿")
    p.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    p.add_argument("--spans", action="store_true", help="JSON 中附带原文位置")
    p.add_argument("--check", action="store_true", help="JSON 中附带一致性检查结果")
    p.add_argument("file")
    p.set_defaults(func=_intake)
    e = sub.add_parser("intake-eval", help="在语料上评测读取器(逐字段精确率/召回率)")
    e.add_argument(
        "dir", nargs="?", default=None, help="语料目录(默认 $ZHENGGAI_NOTICE_CORPUS 或 tests/corpus/notices)"
    )
    e.set_defaults(func=_intake_eval)
    return parser


def run(argv: list[str]) -> int:
    """Run `intake …` or `intake-eval …`; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(run(sys.argv[1:]))
