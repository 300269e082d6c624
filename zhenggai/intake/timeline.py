"""When: publication and signature dates, the audit report date, the on-site period and the feedback date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import DateRef, iso_bounds, resolve_years, scan_dates
from .text import SentenceIndex

_META_BEFORE_RE = re.compile(
    r"(?P<label>发布时间|发布日期|发布于|发表时间|发稿时间|更新时间|成文日期|发文日期|印发日期|日期|时间)\s*[::]?\s*$"
)
_NOT_PUBLICATION = ("成文日期", "发文日期", "印发日期")
_META_AFTER_RE = re.compile(
    r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|作者|点击|浏览|阅读|访问|信息来源|字号|编辑)"
)
# a date with a clock time after it at the top is the page's own line (2024-03-05 10:21 某某网), labelled or not
_CLOCK_AFTER_RE = re.compile(r"\s*\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
# the inspection's own year where its dates leave it out: 2023年县委第二轮巡察
# (not 2021年度…审计: an audit's year is the budget year audited, not when it happened)
_INSPECTION_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s?年(?![\d月度])[^。\n]{0,24}?(?:巡察|巡视|督察)")
_TIME_TAIL_RE = re.compile(r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*[\]】)]?\s*")
_REPORT_RE = re.compile(r"\s*在[^。\n]{0,40}?会议")
_FOOTER_RE = re.compile(r"版权|ICP|主办|承办|技术支持|网站|备案|访问|浏览|点击|电话|邮编|地址|打印|关闭|分享")
_INSPECTION_RE = re.compile(r"巡察|巡视|督察|进驻|巡查")
_FEEDBACK_RE = re.compile(
    r"反馈(?:了)?(?:巡察|巡视|审计|督察|专项巡察|专项巡视)?(?:意见|情况|问题)|意见反馈|反馈会|(?:进行|作出|作|开展)了?(?:集中)?(?:巡察|巡视|审计|督察)?反馈"
)
_FEEDBACK_BEFORE_RE = re.compile(r"反馈(?:会|会议)(?:于|在)?$")
_HEARING_RE = re.compile(r"人大常委会[^。]{0,40}?(?:听取|审议|会议后)")


@dataclass
class Timeline:
    refs: list[DateRef]
    publication: DateRef | None = None
    signature: DateRef | None = None
    report: DateRef | None = None
    period_start: DateRef | None = None
    period_end: DateRef | None = None
    feedback: DateRef | None = None


def _upper_bound(ref: DateRef | None) -> dt.date | None:
    if ref is None or ref.value is None:
        return None
    b = iso_bounds(ref.value)
    return b[1] if b else None


def find_timeline(text: str, lines: list[tuple[int, int]], body_start: int) -> Timeline:
    refs = scan_dates(text)
    tl = Timeline(refs=refs)
    header_limit = max(body_start, 0) if body_start > 0 else min(len(text), 600)

    publication_strong = False
    for ref in refs:
        if ref.span[0] > header_limit + 40:
            break
        before = text[max(0, ref.span[0] - 12) : ref.span[0]]
        after = text[ref.span[1] : ref.span[1] + 30]
        label = _META_BEFORE_RE.search(before)
        if ref.y is not None and (label or _META_AFTER_RE.match(after) or _CLOCK_AFTER_RE.match(after)):
            ref.meta = True
            if label and (
                label.group("label") in _NOT_PUBLICATION or before[: label.start()].endswith("公示")
            ):
                continue  # 公示时间: the objections period, not the page's date
            strong = _META_AFTER_RE.match(after) or (label and label.group("label").startswith("发"))
            if tl.publication is None or (strong and not publication_strong):
                tl.publication = ref
                publication_strong = bool(strong)

    if tl.publication is None and body_start > 0:
        # a date alone on a line between the title and the body is the posting date
        by_line_start = {r.span[0]: r for r in refs}
        for s, e in lines[:10]:
            if e > body_start:
                break
            line = text[s:e].strip("[]【】() ")
            lead = text[s:e].index(line[:1]) if line else 0
            alone = by_line_start.get(s + lead)
            if alone is not None and alone.y is not None and _TIME_TAIL_RE.fullmatch(text, alone.span[1], e):
                alone.meta = True
                tl.publication = alone
                break
            # …or after the title on its line: …进展情况的通报 2026-02-13
            tail = next(
                (r for r in refs if s < r.span[0] and r.span[1] <= e and text[r.span[0] - 1] == " "), None
            )
            if (
                tail is not None
                and tail.y is not None
                and tail.precision == "day"
                and _TIME_TAIL_RE.fullmatch(text, tail.span[1], e)
                and re.search(r"通报|报告|公示|公告", text[s : tail.span[0]])
            ):
                tail.meta = True
                tl.publication = tail
                break

    for ref in refs[:8]:
        if ref.meta or ref.y is None:
            continue
        if ref.span[0] < (lines[min(7, len(lines) - 1)][1] if lines else 0) and _REPORT_RE.match(
            text, ref.span[1]
        ):
            tl.report = ref
            break

    # signature: a line at the very end that is nothing but a date
    by_start = {r.span[0]: r for r in refs}
    for s, e in reversed(lines[-8:]):
        line = text[s:e]
        if len(line) > 60:
            break
        if _FOOTER_RE.search(line):
            continue
        lead = len(line) - len(line.lstrip())
        last = by_start.get(s + lead)
        if (
            last is not None
            and last.y is not None
            and not last.meta
            and last.span[0] > body_start
            and last.span[1] >= e - 1
            and last.precision == "day"
        ):
            tl.signature = last
            break

    if tl.signature is None:
        tl.signature = _run_on_signature(text, refs, body_start)
    upper = _upper_bound(tl.signature) or _upper_bound(tl.report) or _upper_bound(tl.publication)
    doc_ref = tl.signature or tl.report
    doc_year = doc_ref.y if doc_ref else None
    ym = _INSPECTION_YEAR_RE.search(text, max(body_start, 0))
    fallback = int(ym.group(1)) if ym else tl.publication.y if tl.publication else None
    resolve_years(refs, upper=upper, doc_year=doc_year, fallback_year=fallback)

    sentences = SentenceIndex(text)
    body = [r for r in refs if not r.meta and r is not tl.report and r is not tl.signature]
    # on-site period: the first range in a sentence about the inspection
    for ref in body:
        if ref.range_end_of is None or ref.value is None:
            continue
        start = refs[ref.range_end_of]
        if start.meta or start.value is None:
            continue
        s, e = sentences.at(start.span[0])
        if _INSPECTION_RE.search(text[s:e]):
            tl.period_start, tl.period_end = start, ref
            break

    # feedback: a date whose clause goes on to say the group fed back its opinion
    after_period = tl.period_end.span[1] if tl.period_end else 0
    for i, ref in enumerate(body):
        if ref.value is None or ref.span[0] < after_period:
            continue
        if ref is tl.period_start or ref is tl.period_end:
            continue
        nxt = body[i + 1].span[0] if i + 1 < len(body) else len(text)
        s, e = sentences.at(ref.span[0])
        segment = text[ref.span[1] : min(nxt, e, ref.span[1] + 90)]
        if _REPORT_RE.match(segment):
            continue
        preceding = text[max(s, ref.span[0] - 12) : ref.span[0]]
        if _FEEDBACK_BEFORE_RE.search(preceding):
            tl.feedback = ref
            break
        fb = _FEEDBACK_RE.search(segment)
        if fb and not segment[fb.end() : fb.end() + 2].startswith(("后", "以来")):
            tl.feedback = ref
            break
        if _HEARING_RE.search(segment):
            tl.feedback = ref
            break
    return tl


_SIGNER_END_RE = re.compile(r"(?:局|委|院|办|中心|政府|委员会|办公室|公司|党组|党委|支部)\s*$")
_FURNITURE_RE = re.compile(
    r"[\s。]*(?:(?:关闭本页|打印本页|关闭窗口|打印|关闭|返回顶部|【[^】]{0,8}】)[\s。]*)*$"
)


def _run_on_signature(text: str, refs: list[DateRef], body_start: int) -> DateRef | None:
    """The signature of a page flattened onto one line: `…炎陵县卫生健康局2023年6月12日关闭本页` —
    the last full date, right after the signing body's name, with only page furniture after it."""
    for ref in reversed(refs[-3:]):
        if ref.y is None or ref.meta or ref.precision != "day" or ref.span[0] <= body_start:
            continue
        if _SIGNER_END_RE.search(text, max(0, ref.span[0] - 20), ref.span[0]) and _FURNITURE_RE.match(
            text, ref.span[1]
        ):
            return ref
        break
    return None
