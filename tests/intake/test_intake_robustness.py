"""Property-based: the reader never raises and finishes each document in bounded time."""

import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhenggai.intake import check_notice, read_notice

from .helpers import CORPUS_DIR, corpus_text

NOTICES = [corpus_text(p.name) for p in sorted(CORPUS_DIR.glob("*.txt"))]
GENRE_CHARS = (
    "一二三四五六七八九十百〇零两年月日号至到—-~、。,,::;;()()“”《》〔〕[]<>是关于问题方面整改完成情况反馈巡察巡视组轮届"
    "党组委局市区县省中共项个条类家次已正在长期坚持阶段性成效共计截至目前电话邮箱地址邮编统(tǒng)現(xiàn)0123456789"
    "@.\n  ①②(1)(2)1.2.一是二是"
)
LIMIT_SECONDS = 1.0


def _read_and_check(text: str, kind: str = "text") -> None:
    started = time.perf_counter()
    parsed = read_notice(text, source_kind=kind)
    check_notice(parsed)
    json.dumps(parsed.to_json(spans=True), ensure_ascii=False)
    elapsed = time.perf_counter() - started
    assert elapsed < LIMIT_SECONDS, f"{elapsed:.2f}s"
    assert not any("Traceback" in note for note in parsed.notes), parsed.notes
    for value in parsed.spans.values():
        spans = value if isinstance(value, list) else [value]
        for s, e in spans:
            assert 0 <= s <= e <= len(parsed.text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=4000))
def test_arbitrary_text(text):
    _read_and_check(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=GENRE_CHARS, max_size=4000))
def test_genre_alphabet_text(text):
    _read_and_check(text)


@st.composite
def mutated_notice(draw):
    lines = draw(st.sampled_from(NOTICES)).split("\n")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "shuffle", "insert", "cut"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "shuffle":
            lines = draw(st.permutations(lines))
            lines = list(lines)
        elif op == "insert":
            line = lines[i]
            pos = draw(st.integers(0, len(line)))
            junk = draw(st.text(alphabet=GENRE_CHARS, min_size=1, max_size=30))
            lines[i] = line[:pos] + junk + line[pos:]
        elif op == "cut":
            line = lines[i]
            lines[i] = line[: draw(st.integers(0, len(line)))]
    return "\n".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_notice())
def test_mutated_notices(text):
    _read_and_check(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=GENRE_CHARS + "<>/=\"' pbrdivstrongclass", max_size=3000))
def test_arbitrary_html(text):
    _read_and_check("<html><body><p>" + text + "</p></body></html>", kind="html")


def test_empty_and_whitespace():
    for text in ("", " ", "\n\n", "\u3000", "---"):
        parsed = read_notice(text)
        assert parsed.issuer is None and parsed.problems == []
