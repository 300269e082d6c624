"""Problem headings under the progress section, whatever the numbering, with their groups.

Numbering styles: 一、 (一) 1. 1、 (1) ① 反馈问题一: — and unnumbered “关于…问题” lines or lines that were
bold in the HTML/DOCX source. The progress section is the top-level section about the rectification
of the fed-back problems (二、反馈意见整改进展情况, 三、巡察反馈问题整改落实情况, 二、具体整改情况 …); its
children are problems, unless a child is directly followed by deeper headings that are themselves
followed by “整改…情况:” (then the child is a group of problems, as in (一)<group> → 1.<problem>).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "一二三四五六七八九十"
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("L1", re.compile(rf"[{_CN}]{{1,3}}\s*[、.]\s*")),
    ("L2", re.compile(rf"\(\s*[{_CN}]{{1,3}}\s*\)\s*[、.]?\s*")),
    ("L3", re.compile(r"\d{1,2}\s*(?:、|\.(?!\d))\s*")),
    ("L4", re.compile(r"\(\s*\d{1,2}\s*\)\s*[、.]?\s*")),
    ("L5", re.compile(r"[①-⑳]\s*[、.]?\s*")),
    ("L6", re.compile(r"\d{1,2}\)\s*")),
    (
        "P",
        re.compile(
            rf"(?:巡察|巡视|审计)?(?:反馈)?问题\s*[{_CN}\d]{{1,3}}\s*[::、.]\s*|【(?:反馈)?问题\s*[{_CN}\d]{{1,3}}】\s*"
        ),
    ),
)
RANK = {"L1": 1, "L2": 2, "L3": 3, "L4": 4, "L5": 5, "L6": 4, "P": 3, "U": 3, "B": 3}
NUMBERED = ("L1", "L2", "L3", "L4", "L5", "L6")
UNNUMBERED_RE = re.compile(r"关于.{2,150}?(?:问题|方面)(?:的?整改(?:落实|进展)?情况)?[。::]?")
LABEL_RE = re.compile(
    r"(?:整改(?:进展|落实|完成)?情况|整改措施|整改成效|整改进展|落实情况|进展情况|完成情况|整改结果|具体措施)\s*[::]"
)
PROGRESS_RE = re.compile(r"(?:整改|落实).{0,8}(?:情况|成效|进展)|问题.{0,6}整改|整改进展")
PROGRESS_EXCLUDE_RE = re.compile(
    r"组织|领导|主体责任|第一责任|责任人|整改责任|开展情况|基本情况|总体|今后|下一步|打算|计划|部署|工作机制|思想|认识|站位|长效|巩固|下步"
)
PROGRESS_PREFER_RE = re.compile(r"反馈|巡察|巡视|问题|具体|意见")
# how a fed-back problem is worded: a shortfall (不够, 不到位, 差距 …) or a 关于…问题 heading
PROBLEMISH_RE = re.compile(
    r"不够|不到位|不足|不力|不严|不深|不规范|不及时|不细|不实|不高|不强|不全|不明显|不健全|不完善|不主动|不精准|不扎实|不彻底"
    r"|差距|薄弱|缺失|弱化|欠缺|短板|问题|乏力|滞后|偏差|漏洞|松懈|有待|较少|较弱|缺乏|未能|未按|没有|存在|落实难|虚化|淡化"
    r"|方面$"
)
STATUS_SECTION_RE = re.compile(
    r"^(?:集中整改期内)?(?:已|尚未|未)?(?:整改完成|完成整改|完成|基本完成|整改到位|正在整改|需长期坚持)(?:\([^()]{1,12}\))?的"
    r"(?:整改)?(?:问题|事项|任务)"
)
GROUP_SECTION_RE = re.compile(r"(?!关于)(?P<t>.{2,40}?)问题的?整改(?:落实)?情况")
GROUP_TITLE_RE = re.compile(r"(?:^在.{2,60}方面$|方面$)")
PROBLEM_LIKE_RE = re.compile(
    r"^关于(?!(?:对)?(?:巡察|巡视|审计|督察)?组?(?:反馈|指出)的?(?:问题|意见))(?:.{2,}问题|.{2,}方面)"
)
LABEL_ONLY_RE = re.compile(
    r"(?:整改(?:进展|落实|完成)?情况|整改措施|整改成效|问题表现|存在问题|具体表现|整改目标|责任领导|责任单位|整改时限)[::]?"
)
# a label left in front of a problem's words: 一、反馈问题:…, (二)存在问题:…
TITLE_LABEL_RE = re.compile(
    r"(?:(?:巡察|巡视|审计|督察)?(?:反馈|指出|交办)的?问题|存在(?:的)?问题|问题(?:表现)?)\s*[::]\s*"
)
_TITLE_END = "。"
_BODY_START_RE = re.compile(r"(?<=[\s,;:])一是")
_OPEN = {"“": "”", "《": "》", "(": ")", "「": "」"}


@dataclass
class Heading:
    line: int
    kind: str
    marker: str
    start: int  # heading text start (after the marker)
    end: int  # end of the line
    title: str
    title_span: tuple[int, int]
    body_start: int  # where the text after the title starts (same line, or the next line)
    line_start: int = 0
    labelled: bool = False  # its words came after a label such as 反馈问题: (so it is a problem)

    @property
    def rank(self) -> int:
        return RANK[self.kind]

    @property
    def inline_body(self) -> bool:
        return self.body_start < self.end


@dataclass
class FoundProblem:
    heading: Heading
    group: Heading | None
    body: tuple[int, int]


def _title_of(text: str, start: int, end: int) -> tuple[int, int, int]:
    """(title_start, title_end, body_start) of the heading text text[start:end].

    The title runs to the first 。 outside quotes and brackets, or to a label such as 整改情况: or an
    enumeration 一是 that starts the body on the same line, whichever comes first.
    """
    stop = end
    body = end
    stack: list[str] = []
    for i in range(start, end):
        c = text[i]
        if c in _OPEN:
            stack.append(_OPEN[c])
        elif stack and c == stack[-1]:
            stack.pop()
        elif not stack and c == _TITLE_END:
            stop, body = i, i + 1
            break
    lm = LABEL_RE.search(text, start, stop) or _BODY_START_RE.search(text, start, stop)
    if lm and lm.start() > start:
        return start, lm.start(), lm.start()
    return start, stop, body


def _clean_title(text: str, s: int, e: int) -> tuple[str, tuple[int, int]]:
    while e > s and text[e - 1] in " 。.::;;,":
        e -= 1
    while s < e and text[s] == " ":
        s += 1
    return text[s:e], (s, e)


def detect_headings(
    text: str, lines: list[tuple[int, int]], emphasised: frozenset[str] = frozenset()
) -> list[Heading]:
    out: list[Heading] = []
    for idx, (s, e) in enumerate(lines):
        line = text[s:e]
        if not line:
            continue
        kind = None
        marker = ""
        for k, rx in MARKERS:
            m = rx.match(line)
            if m:
                kind, marker = k, m.group(0)
                break
        if kind is None:
            if len(line) <= 160 and UNNUMBERED_RE.fullmatch(line) and PROBLEM_LIKE_RE.search(line):
                kind = "U"
            elif (
                line in emphasised
                and len(line) <= 100
                and not line.endswith(":")
                and not LABEL_ONLY_RE.fullmatch(line)
            ):
                kind = "B"
            else:
                continue
        hs = s + len(marker)
        label = TITLE_LABEL_RE.match(text, hs, e) if kind in NUMBERED else None
        if label:
            hs = label.end()
        if hs >= e:
            continue
        ts, te, bs = _title_of(text, hs, e)
        title, span = _clean_title(text, ts, te)
        if not title:
            continue
        while bs < e and text[bs] == " ":
            bs += 1
        out.append(Heading(idx, kind, marker.strip(), hs, e, title, span, bs, s, labelled=bool(label)))
    return out


def _section_end(heads: list[Heading], i: int, text_len: int) -> tuple[int, int]:
    """(index of the next heading at the same or a higher rank, end offset of the section)."""
    rank = heads[i].rank
    for j in range(i + 1, len(heads)):
        if heads[j].kind in NUMBERED and heads[j].rank <= rank:
            return j, heads[j].line_start
    return len(heads), text_len


def _line_start(h: Heading) -> int:
    return h.line_start


def _is_progress(h: Heading) -> bool:
    t = h.title
    return (
        bool(PROGRESS_RE.search(t))
        and not PROGRESS_EXCLUDE_RE.search(t)
        and not PROBLEM_LIKE_RE.search(t)
        and not (h.kind == "L1" and _is_group_section(h))
    )


def _is_group_section(h: Heading) -> bool:
    m = GROUP_SECTION_RE.fullmatch(h.title)
    return m is not None and not re.search(r"反馈|巡察|巡视|意见|具体|审计|查出|发现", m.group("t"))


def _block(text: str, heads: list[Heading], i: int) -> tuple[list[Heading], int]:
    """The headings inside section i, and where the section ends."""
    j, end = _section_end(heads, i, len(text))
    return heads[i + 1 : j], end


def _next_line_text(text: str, lines: list[tuple[int, int]], idx: int) -> str:
    if idx + 1 < len(lines):
        s, e = lines[idx + 1]
        return text[s:e]
    return ""


def _children(
    text: str, lines: list[tuple[int, int]], block: list[Heading], block_end: int, group: Heading | None
) -> tuple[list[FoundProblem], list[Heading]]:
    problems: list[FoundProblem] = []
    groups: list[Heading] = []
    if not block:
        return problems, groups
    child_kind = block[0].kind
    children = [h for h in block if h.kind == child_kind]
    for ci, child in enumerate(children):
        nxt_start = _line_start(children[ci + 1]) if ci + 1 < len(children) else block_end
        subs = [h for h in block if _line_start(child) < _line_start(h) < nxt_start and h.kind != child_kind]
        is_group = False
        if subs and not child.inline_body and group is None and subs[0].line == child.line + 1:
            first = subs[0]
            sub_heads = [h for h in subs if h.kind == first.kind]
            after_first = first.inline_body and LABEL_RE.match(text, first.body_start)
            label_next = LABEL_RE.match(_next_line_text(text, lines, first.line))
            is_group = bool(
                len(first.title) <= 150
                and not first.title.startswith("一是")
                and (
                    label_next
                    or after_first
                    or GROUP_TITLE_RE.search(child.title)
                    or PROBLEM_LIKE_RE.search(first.title)
                    or first.kind == "P"
                    or child.labelled  # (一)反馈问题:… with numbered problems under it
                )
            )
        if is_group:
            groups.append(child)
            for si, sh in enumerate(sub_heads):
                end = _line_start(sub_heads[si + 1]) if si + 1 < len(sub_heads) else nxt_start
                labelled = [h for h in subs if h.kind == "P" and _line_start(sh) < _line_start(h) < end]
                if labelled and labelled[0].line == sh.line + 1:
                    # a third level labelled as the problems: (一)…方面 → 1.关于“…”方面 → 问题1:…
                    groups.append(sh)
                    for pi, ph in enumerate(labelled):
                        p_end = _line_start(labelled[pi + 1]) if pi + 1 < len(labelled) else end
                        problems.append(FoundProblem(ph, sh, (ph.body_start, p_end)))
                    continue
                problems.append(FoundProblem(sh, child, (sh.body_start, end)))
        else:
            problems.append(FoundProblem(child, group, (child.body_start, nxt_start)))
    return problems, groups


def find_problem_headings(
    text: str, lines: list[tuple[int, int]], emphasised: frozenset[str] = frozenset()
) -> tuple[list[FoundProblem], list[Heading], int | None]:
    """Problems (with their groups) and the offset where the problem list starts (None if none)."""
    heads = detect_headings(text, lines, emphasised)
    problems: list[FoundProblem] = []
    groups: list[Heading] = []
    section_start: int | None = None

    for level in ("L1", "L2"):
        sections = [i for i, h in enumerate(heads) if h.kind == level and _is_progress(h)]
        if level == "L1":
            group_sections = [i for i, h in enumerate(heads) if h.kind == "L1" and _is_group_section(h)]
            if group_sections and not sections:
                for i in group_sections:
                    block, end = _block(text, heads, i)
                    groups.append(heads[i])
                    ps, _ = _children(text, lines, block, end, heads[i])
                    problems.extend(ps)
                    section_start = _line_start(heads[i]) if section_start is None else section_start
                break
        if sections:
            preferred = [i for i in sections if PROGRESS_PREFER_RE.search(heads[i].title)]
            for i in preferred or sections:
                block, end = _block(text, heads, i)
                ps, gs = _children(text, lines, block, end, None)
                if i not in preferred:
                    # a section titled only “整改落实情况” may list work, not problems: keep problem-like ones
                    ps = [p for p in ps if PROBLEMISH_RE.search(p.heading.title)]
                    gs = [g for g in gs if any(p.group is g for p in ps)]
                problems.extend(ps)
                groups.extend(gs)
                if section_start is None and (ps or gs):  # a section that lists nothing starts no list
                    section_start = _line_start(heads[i])
            if problems or groups:
                break

    if not problems and not groups:
        # no progress section: take the problem-like headings wherever they are
        likes = [
            i
            for i, h in enumerate(heads)
            if h.kind in ("P", "U")
            or h.labelled
            or (PROBLEM_LIKE_RE.search(h.title) and h.kind != "B")
            or (h.kind == "B" and PROBLEM_LIKE_RE.search(h.title))
        ]
        for n, i in enumerate(likes):
            h = heads[i]
            j, end = _section_end(heads, i, len(text))
            nxt = heads[i + 1] if i + 1 < len(heads) else None
            if (
                GROUP_TITLE_RE.search(h.title)
                and h.kind in NUMBERED
                and nxt is not None
                and nxt.line == h.line + 1
                and nxt.rank > h.rank
                and not h.inline_body
            ):
                # 一、关于…方面 with its numbered problems under it: a group, not a problem
                block, block_end = _block(text, heads, i)
                ps, _gs = _children(text, lines, block, block_end, h)
                if ps:
                    groups.append(h)
                    problems.extend(ps)
                    section_start = _line_start(h) if section_start is None else section_start
                    continue
            if n + 1 < len(likes):
                end = min(end, _line_start(heads[likes[n + 1]]))
            problems.append(FoundProblem(h, None, (h.body_start, end)))
            if section_start is None:
                section_start = _line_start(h)

    # a heading cut off by the end of an excerpt: nothing after it at all
    text_end = len(text.rstrip())
    problems = [
        p for p in problems if not (p.body[0] >= text_end and not text[p.body[0] : p.body[1]].strip())
    ]
    # a heading that sorts the problems by status (一、已整改完成的问题, 集中整改期内已完成的整改事项)
    # is not a group of problems
    for p in problems:
        if p.group is not None and STATUS_SECTION_RE.search(p.group.title):
            p.group = None
    groups = [g for g in groups if not STATUS_SECTION_RE.search(g.title)]
    used_groups = {id(p.group) for p in problems if p.group is not None}
    groups = [g for g in groups if id(g) in used_groups or (g.body_start < text_end and _has_body(text, g))]
    return problems, groups, section_start


def _has_body(text: str, h: Heading) -> bool:
    return bool(text[h.body_start : h.body_start + 40].strip())
