"""Document engine speed, run on demand: ``uv run python benchmarks/documents_speed.py``.

Prints, for a notice the size of the founding notice: DOCX and PDF render time (target ≤ 2 s
each; the first PDF pays WeasyPrint's import and font scan, so both first and warm times are
shown). For the ledger: XLSX write time and peak memory for 160,000 rows (targets ≤ 20 s,
≤ 300 MB) next to a bare openpyxl write-only loop over the same rows (target ≤ 1.5× its time).

Each XLSX case runs in a fresh child process, so the figures do not mix: the time, the
process's peak RSS (VmHWM: Python, lxml and zlib together) and how much it grew while writing;
``--tracemalloc`` adds Python's allocation peak (slow). Cases are interleaved and the best of
``--repeat`` runs is kept, because other work on the machine slows single runs.

Options: ``--rows N`` (default 160000), ``--repeat N`` (2), ``--tracemalloc``, ``--skip-xlsx``,
``--skip-docs``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MEASURES_PER_PROBLEM = 3


def ledger_rows(n: int):
    """n ledger rows, three measures per problem, seed-like Chinese text, dates and kinds."""
    from zhenggai.documents.xlsx import LedgerRow

    kinds = ("立行立改", "限期整改", "长期坚持")
    for i in range(n):
        p = i // MEASURES_PER_PROBLEM + 1
        kind = kinds[p % 3]
        yield LedgerRow(
            problem_no=p,
            problem_title=f"关于农业科技创新载体建设乏力,科技助力乡村振兴短板明显方面问题（第{p}项）",
            measure_text=f"{i % MEASURES_PER_PROBLEM + 1}.指导企业与高校、科研院所开展产学研合作,推动企业创新水平提升,"
            "建立优质后备高新技术企业储备库。",
            leader="王局长",
            office="高新技术股",
            person="李明",
            deadline=None if kind == "长期坚持" else dt.date(2023, 1 + i % 12, 28),
            deadline_text="长期" if kind == "长期坚持" else "",
            kind=kind,
            progress="2022年12月,指导达民化工与山东理工大学开展合作,已储备企业40家。",
            status="已完成" if i % 2 else "正在整改",
            evidence="会议纪要.pdf",
        )


def bare_write(n: int, out) -> None:
    """The baseline: openpyxl write-only, plain values, no styles, no merges, no print setup."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("整改台账")
    ws.append(["台账"])
    ws.append(
        [
            "序号",
            "反馈问题",
            "整改措施",
            "责任领导",
            "责任股室",
            "责任人",
            "整改时限",
            "整改类型",
            "整改进展",
            "完成情况",
            "佐证材料",
        ]
    )
    for r in ledger_rows(n):
        ws.append(
            (
                r.problem_no,
                r.problem_title,
                r.measure_text,
                r.leader,
                r.office,
                r.person,
                r.deadline_text or r.deadline,
                r.kind,
                r.progress,
                r.status,
                r.evidence,
            )
        )
    wb.save(out)


def ledger_write(n: int, out) -> None:
    from zhenggai.documents.xlsx import write_ledger_xlsx

    write_ledger_xlsx(ledger_rows(n), out, title="滨州市沾化区科学技术局巡察整改台账")


def _peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM (ru_maxrss would include the parent's peak before exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(case: str, n: int, *, traced: bool) -> dict:
    """Run one case in this (fresh) process; report time, memory and file size."""
    import openpyxl  # noqa: F401 — imports are not part of the measurement

    import zhenggai.documents.xlsx  # noqa: F401

    fn = bare_write if case == "bare" else ledger_write
    fn(100, io.BytesIO())  # warm up: lazy imports and first-use caches are not part of the run
    with tempfile.TemporaryFile() as out:
        rss0 = _peak_rss_mb()
        if traced:
            tracemalloc.start()
        t = time.perf_counter()
        fn(n, out)
        seconds = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        if traced:
            tracemalloc.stop()
        rss1 = _peak_rss_mb()
        size = out.seek(0, io.SEEK_END)
    return {
        "seconds": seconds,
        "tracemalloc_mb": peak / 2**20,
        "rss_mb": rss1,
        "rss_growth_mb": rss1 - rss0,
        "bytes": size,
    }


def run_case(case: str, n: int, *, traced: bool) -> dict:
    flag = "--child-traced" if traced else "--child"
    proc = subprocess.run(
        [sys.executable, __file__, flag, case, "--rows", str(n)], capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def docs() -> None:
    from tests.documents.sample import seed_notice
    from zhenggai.documents.layout.docx import render_docx

    doc = seed_notice()
    chars = sum(len(t) for t in doc.texts())
    t = time.perf_counter()
    data = render_docx(doc)
    first_docx = time.perf_counter() - t
    t = time.perf_counter()
    render_docx(doc)
    warm_docx = time.perf_counter() - t
    print(f"notice: {len(doc.blocks)} blocks, {chars} characters")
    from zhenggai.documents.layout.pdf import render_pdf

    print(
        f"DOCX  first {first_docx:6.3f} s   warm {warm_docx:6.3f} s   {len(data) / 1024:7.1f} KiB   (target ≤ 2 s)"
    )
    t = time.perf_counter()
    import weasyprint  # noqa: F401

    import_s = time.perf_counter() - t
    t = time.perf_counter()
    pdf = render_pdf(doc)
    first_pdf = time.perf_counter() - t
    warm = []
    for _ in range(3):
        t = time.perf_counter()
        render_pdf(doc)
        warm.append(time.perf_counter() - t)
    print(
        f"PDF   first {first_pdf:6.3f} s   warm {min(warm):6.3f} s   {len(pdf) / 1024:7.1f} KiB   (target ≤ 2 s)"
    )
    print(f"      + importing WeasyPrint once per process: {import_s:.3f} s (pdf.warm_up() at start-up)")


def xlsx(n: int, repeat: int, traced: bool) -> None:
    print(
        f"XLSX, {n:,} rows ({n // MEASURES_PER_PROBLEM:,} problems, merged 序号/反馈问题), best of {repeat}:"
    )
    runs: dict[str, list[dict]] = {"bare": [], "ledger": []}
    for _ in range(repeat):  # interleaved, so a busy machine slows both alike
        for case in runs:
            runs[case].append(run_case(case, n, traced=False))
    best = {case: min(r["seconds"] for r in rs) for case, rs in runs.items()}
    rss = {case: max(r["rss_mb"] for r in rs) for case, rs in runs.items()}
    growth = {case: max(r["rss_growth_mb"] for r in rs) for case, rs in runs.items()}
    size = runs["ledger"][0]["bytes"]
    print(
        f"  bare openpyxl write-only loop   {best['bare']:6.2f} s   peak RSS {rss['bare']:5.0f} MB "
        f"(+{growth['bare']:.1f} MB while writing)"
    )
    print(
        f"  write_ledger_xlsx               {best['ledger']:6.2f} s   peak RSS {rss['ledger']:5.0f} MB "
        f"(+{growth['ledger']:.1f} MB while writing)   {size / 2**20:.1f} MiB file"
    )
    if traced:
        for case in runs:
            peak = run_case(case, n, traced=True)["tracemalloc_mb"]
            print(f"  tracemalloc peak, {case:6}        {peak:6.1f} MB")
    ratio = best["ledger"] / best["bare"]
    ok = best["ledger"] <= 20 and rss["ledger"] <= 300 and ratio <= 1.5
    print(
        f"  ratio {ratio:.2f}× the bare loop   targets: ≤ 20 s, ≤ 300 MB, ≤ 1.5×   -> {'OK' if ok else 'MISSED'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=160_000)
    parser.add_argument("--skip-xlsx", action="store_true")
    parser.add_argument("--skip-docs", action="store_true")
    parser.add_argument("--repeat", type=int, default=2, help="XLSX runs per case (best time is kept)")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure Python allocations (slow)")
    parser.add_argument("--child", choices=("bare", "ledger"))
    parser.add_argument("--child-traced", choices=("bare", "ledger"))
    args = parser.parse_args()
    if args.child or args.child_traced:
        print(json.dumps(_child(args.child or args.child_traced, args.rows, traced=bool(args.child_traced))))
        return
    if not args.skip_docs:
        docs()
    if not args.skip_xlsx:
        xlsx(args.rows, args.repeat, args.tracemalloc)


if __name__ == "__main__":
    main()
