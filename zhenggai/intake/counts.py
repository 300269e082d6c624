"""The counts a notice states: problems fed back, completed, phased/long-term, in progress.

The headline total is the number of problems *as fed back* (反馈问题5项, 反馈的4个方面12类问题, 共计50项具体
问题); refined sub-problems (细化成39个具体问题) and measures (157项整改措施) are kept apart. Status counts
are read only from the sentence that states the total and the two sentences after it (or, failing a
total, from an “截至目前…” sentence before the problem list), so a count that belongs to one township or
one group of problems is never taken for the whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numerals import parse_int
from .text import clause_spans, sentence_spans

_N = r"(?P<n>\d+|[一二三四五六七八九十百两]{1,5})"
TOTAL_A_RE = re.compile(rf"{_N}\s*(?:个|项|条|类|件|大类)(?:具体|突出|主要|反馈)?问题")
TOTAL_B_RE = re.compile(
    r"问题\s*(?:台账|清单|整改台账|整改清单)?\s*(?:共|共计|总计|合计)?\s*(?:[\d一二三四五六七八九十]{1,3}\s*(?:个大|个|大)?(?:方面|类)\s*[,、]?\s*)?"
    rf"{_N}\s*(?:个|项|条|件)(?!大?方面|大?类)"
)
_QUAL_RE = re.compile(
    r"反馈|指出|反映|查出|发现|涉及|梳理出|交办|移交|台账|清单|建立|形成|列出|认领|共计|总计|合计|共有|(?<!中)共(?=\s*[\d一二三四五六七八九十两])"
)
# "N个方面M个问题": the aspects and problems of a feedback, the total whatever verb surrounds it
_ASPECTS_BEFORE_RE = re.compile(r"[\d一二三四五六七八九十]{1,3}\s*(?:个大|个|大)?方面\s*[,、]?\s*$")
_NUM_ANY = r"(?:\d+|[一二三四五六七八九十百两]{1,5})"
_TASKS_RE = re.compile(
    rf"(?:整改)?(?:任务|措施|举措)\s*{_NUM_ANY}\s*(?:个|项|条)|{_NUM_ANY}\s*(?:个|项|条)(?:具体)?整改(?:任务|措施|举措)"
)
_STRONG_QUAL_RE = re.compile(r"反馈|指出|交办|移交")
_WORK_FIGURE_RE = re.compile(r"\d+\s*余?\s*(?:次|份|场|人次|篇|期|批)")
_REFINE_RE = re.compile(r"细化|分解|拆分|细分")
TOTAL_C_RE = re.compile(
    r"问题[^,。;\d]{0,12}?(?:共|共计|总计|合计)有?\s*"
    r"(?:[\d一二三四五六七八九十]{1,3}\s*(?:个大|个|大)?(?:方面|类)\s*[,、]?\s*)?"
    rf"{_N}\s*(?:个|项|条|件)(?!大?方面|大?类)"
)
COUNT_RE = re.compile(rf"{_N}\s*(?P<unit>个|项|条|件)(?!方面|月|百分点)")
ASPECT_RE = re.compile(rf"{_N}\s*(?:个|大)?方面")
SUGGESTION_RE = re.compile(rf"{_N}\s*条(?:意见建议|建议|意见)")
MEASURES_RE = re.compile(
    rf"{_N}\s*(?:项|条|个)(?:具体)?整改(?:措施|任务|举措)|整改(?:措施|任务|举措)\s*(?:共|共计)?\s*{_N.replace('n>', 'n2>')}\s*(?:项|条|个)"
)
_TAIL = r"(?:并销号)?(?:的)?(?:问题|事项|任务)?(?:共|共计)?$"
IN_PROGRESS_END_RE = re.compile(
    r"(?:正在整改|整改中|正在推进|正在积极推进|积极推进中|推进中|部分整改|正在落实|未完成整改|未完成|尚未完成|未整改到位|未整改|未销号|整改未完成)"
    + _TAIL
)
PHASED_END_RE = re.compile(
    r"(?:阶段性(?:成效|成果|进展)[^,;。]{0,14}?|阶段性(?:完成|整改)(?:整改)?|基本完成(?:整改)?|基本整改到位|长期坚持(?:整改)?|持续整改|长期整改|持续推进(?:整改)?|需长期坚持)"
    + _TAIL
)
COMPLETED_END_RE = re.compile(
    r"(?:已整改完成|已完成整改|已整改到位|已整改落实|整改落实到位|整改到位|已整改销号|已销号|已整改|完成整改|整改完成|已完成|已办结|已解决|整改完毕|已全部整改)"
    + _TAIL
)
_AFTER_COMPLETED_RE = re.compile(
    r"(?:问题|事项)?(?:已|均已|已全部|全部)(?:完成整改|整改完成|整改到位|销号|办结)"
)
_AFTER_PROGRESS_RE = re.compile(
    r"(?:问题|事项)?(?:正在(?:持续|积极|加快|有序)?(?:整改|推进)|整改中|未完成|尚未完成)"
)
_AFTER_PHASED_RE = re.compile(r"(?:问题|事项)?(?:已|均已)?(?:取得阶段性|需长期坚持|基本完成|持续整改)")
# a bracketed qualifier at the end of a status phrase: 已完成(含基本完成)16个 reads as 已完成16个
_TRAILING_QUALIFIER_RE = re.compile(r"\((?:含|包括|其中)[^()]{1,16}\)\s*$")
_QUALIFIER_RE = re.compile(r"\((?:含|包括|其中)[^()]{1,16}\)")
_HEADING_START_RE = re.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、])"
)
_SINCE_RE = re.compile(r"截至|截止|目前|至今|已")

STATUSES = ("in_progress", "phased_longterm", "completed")
# a notice written as questions and answers (问:… 答:…) explains one item at a time: only a count
# that says it is the whole (总体, 全部, 共计 …) is the notice's
_QA_RE = re.compile(r"(?:^|\n)\s*(?:问|答)\s*[::]")
_WHOLE_RE = re.compile(r"总体|整体|全部|总计|共计|合计|总数|全年|报告(?:反映|指出|揭示)的")


@dataclass
class Counts:
    values: dict[str, int] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    sentence: tuple[int, int] | None = None  # the sentence stating the total (or the statuses)
    other: dict[str, int] = field(default_factory=dict)
    other_spans: dict[str, tuple[int, int]] = field(default_factory=dict)


def _value(m: re.Match[str], *, zero: bool = False) -> int | None:
    n = m.group("n")
    value = parse_int(n)
    if value is None or value < (0 if zero else 1) or value > 10000:
        return None
    return value


def _total_in_clause(text: str, cs: int, ce: int) -> tuple[int, tuple[int, int], bool] | None:
    clause = text[cs:ce]
    for rx in (TOTAL_A_RE, TOTAL_B_RE, TOTAL_C_RE):
        for m in rx.finditer(clause):
            value = _value(m)
            if value is None:
                continue
            n = m.group("n")
            if n == "一" or text[cs + m.start("n") - 1 : cs + m.start("n")] == "第":
                continue
            prefix = clause[: m.start("n")]
            quals = list(_QUAL_RE.finditer(prefix))
            if not quals and not _ASPECTS_BEFORE_RE.search(prefix):  # 对六个方面47个问题照单全收
                continue
            if _status_after(text, cs + m.end()):  # 共计18个问题已整改完成: a status count, not the total
                continue
            if (
                text[cs + m.start() - 1 : cs + m.start()] in "(("
                and text[cs + m.end() : cs + m.end() + 1] in "))"
            ):
                continue  # …方面(11个问题): one group's count, written after its heading
            # 审核材料60余份,现场督查3次,发现问题3个: a count in a list of the unit's own work figures
            # is not what was fed back, unless a qualifier such as 反馈/指出/交办 says it is
            sentence_start = max(text.rfind("。", 0, cs), text.rfind("\n", 0, cs)) + 1
            work = _WORK_FIGURE_RE.findall(text, sentence_start, cs)
            if not _STRONG_QUAL_RE.search(prefix) and len(work) >= 2:
                continue
            refined = bool(_REFINE_RE.search(prefix[quals[-1].start() :] if quals else prefix))
            return value, (cs + m.start(), cs + m.end()), refined
    return None


def _status_of(text: str, cs: int, start: int, end: int) -> str | None:
    """Status word of the count at text[start:end] (absolute offsets) in the clause starting at cs."""
    prefix = _TRAILING_QUALIFIER_RE.sub("", text[cs:start])
    if IN_PROGRESS_END_RE.search(prefix):
        return "in_progress"
    if PHASED_END_RE.search(prefix):
        return "phased_longterm"
    if COMPLETED_END_RE.search(prefix):
        return "completed"
    return _status_after(text, end)


def _status_after(text: str, end: int) -> str | None:
    """Status word right after a count: 18个问题已整改完成, 3个正在整改."""
    after = _QUALIFIER_RE.sub("", text[end : end + 32])[:16]  # 30个问题已完成(含基本完成)整改
    if _AFTER_PROGRESS_RE.match(after):
        return "in_progress"
    if _AFTER_PHASED_RE.match(after):
        return "phased_longterm"
    if _AFTER_COMPLETED_RE.match(after):
        return "completed"
    return None


def _since_window(text: str, sentences: list[tuple[int, int]], qa: bool) -> list[tuple[int, int]]:
    """The first “截至目前…” sentence that gives a status count."""
    for ss, se in sentences:
        if qa and not _WHOLE_RE.search(text, ss, se):
            continue
        if _SINCE_RE.search(text[ss:se]) and any(
            _status_of(text, cs, m.start(), m.end())
            for cs, ce in clause_spans(text, ss, se)
            for m in COUNT_RE.finditer(text, cs, ce)
        ):
            return [(ss, se)]
    return []


def _read_statuses(text: str, window: list[tuple[int, int]], out: Counts) -> None:
    total_span = out.spans.get("problems_total")
    for ss, se in window:
        # 分解整改任务106个,已完成整改98个: what follows a tasks count counts tasks, not problems
        for cs, ce in clause_spans(text, ss, se):
            if _TASKS_RE.search(text, cs, ce):
                break
            for m in COUNT_RE.finditer(text, cs, ce):
                if total_span and total_span[0] <= m.start() < total_span[1]:
                    continue
                count = _value(m, zero=True)  # 未完成0个 is a count too
                if count is None:
                    continue
                status = _status_of(text, cs, m.start(), m.end())
                if status and status not in out.values:
                    out.values[status] = count
                    out.spans[status] = m.span()


def find_counts(text: str, limit: int | None = None) -> Counts:
    out = Counts()
    limit = len(text) if limit is None else limit
    sentences = sentence_spans(text, 0, limit)

    total_idx = None
    qa = len(_QA_RE.findall(text, 0, limit)) >= 2
    for idx, (ss, se) in enumerate(sentences):
        if not re.search(r"问题", text[ss:se]) or (qa and not _WHOLE_RE.search(text, ss, se)):
            continue
        for cs, ce in clause_spans(text, ss, se):
            found = _total_in_clause(text, cs, ce)
            if found is None:
                continue
            value, span, refined = found
            if refined:
                if "refined_problems" not in out.other:
                    out.other["refined_problems"] = value
                    out.other_spans["refined_problems"] = span
                continue
            if "problems_total" not in out.values:
                out.values["problems_total"] = value
                out.spans["problems_total"] = span
                total_idx = idx
        if total_idx is not None:
            break

    if total_idx is not None:
        window = [sentences[total_idx]]
        for ss, se in sentences[total_idx + 1 : total_idx + 3]:
            if _HEADING_START_RE.match(text, ss):
                break
            window.append((ss, se))
    else:
        window = _since_window(text, sentences, qa)
    if window:
        out.sentence = (window[0][0], window[0][1])
    _read_statuses(text, window, out)
    if total_idx is not None and not any(k in out.values for k in STATUSES):
        # the statuses stated later, in their own sentence: 截至目前,巡察问题8个,已完成整改7个…
        _read_statuses(text, _since_window(text, sentences[total_idx + 1 :], qa), out)

    # a total only implied: the status counts of one sentence that names two statuses or more
    # (已整改完成9个,正在整改3个) add up to the problems fed back
    if "problems_total" not in out.values and sum(1 for k in STATUSES if k in out.values) >= 2:
        out.values["problems_total"] = sum(out.values[k] for k in STATUSES if k in out.values)
        first = min(out.spans[k][0] for k in STATUSES if k in out.spans)
        last = max(out.spans[k][1] for k in STATUSES if k in out.spans)
        out.spans["problems_total"] = (first, last)

    # further counts, read where the total is stated (aspects, suggestions) or anywhere before the list
    if total_idx is not None:
        ss, se = sentences[total_idx]
        seg = text[ss:se]
        am = ASPECT_RE.search(seg)
        if am and (aspects := _value(am)):
            out.other["aspects"] = aspects
            out.other_spans["aspects"] = (ss + am.start(), ss + am.end())
        sm = SUGGESTION_RE.search(seg)
        if sm and (suggestions := _value(sm)):
            out.other["suggestions"] = suggestions
            out.other_spans["suggestions"] = (ss + sm.start(), ss + sm.end())
    for mm in MEASURES_RE.finditer(text, 0, limit):
        n = mm.group("n") or mm.group("n2")
        measures_total = parse_int(n) if n and n != "一" else None
        if measures_total:
            out.other["measures_total"] = measures_total
            out.other_spans["measures_total"] = mm.span()
            break
    return out
