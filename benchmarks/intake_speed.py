"""Notices per second of the intake reader on one core, over the notice corpus repeated.

Run on demand: `uv run python benchmarks/intake_speed.py [ROUNDS]`. Target: ≥ 100 notices/s.
"""

from __future__ import annotations

import sys
import time

from zhenggai.intake.evaluate import default_corpus_dir
from zhenggai.intake.reader import read_notice
from zhenggai.intake.sources import strip_corpus_header

TARGET = 100.0


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv else 20
    corpus = default_corpus_dir()
    texts = [strip_corpus_header(p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.txt"))]
    if not texts:
        print(f"no notices in {corpus}")
        return 2
    for text in texts:  # warm up: compile regexes, fill caches
        read_notice(text)
    n = 0
    chars = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            read_notice(text)
            n += 1
            chars += len(text)
    elapsed = time.perf_counter() - started
    rate = n / elapsed
    slowest = 0.0
    for text in texts:
        t0 = time.perf_counter()
        read_notice(text)
        slowest = max(slowest, time.perf_counter() - t0)
    print(
        f"{n} notices ({len(texts)} files × {rounds}), {chars / 1000:.0f}k characters, in {elapsed:.2f} s on one core"
    )
    print(
        f"{rate:.0f} notices/s ({chars / elapsed / 1000:.0f}k characters/s); slowest single notice {slowest * 1000:.1f} ms"
    )
    print(f"target ≥ {TARGET:.0f} notices/s: {'met' if rate >= TARGET else 'NOT met'}")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
