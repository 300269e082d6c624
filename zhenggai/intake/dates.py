"""Dates as notices write them, and their years when the text leaves them implicit.

Forms: 2022年11月4日 · 二〇二二年十一月四日 · 2022年11月 · 2022年8月下旬 · 11月4日 · 今年8月 ·
2022.11.4 · 2022-11-04 · 2022/11/4 · damaged 2021915日 · ranges 6月28日至8月22日, 5月8日—5月24日, 6月1日至30日.
Values are ISO strings: YYYY-MM-DD, or YYYY-MM where only the month is known.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .numerals import cn_to_int

_CN_YEAR = "[〇零○OΟ一二三四五六七八九]{4}"
_CN_MONTH = "十[一二]?|[一二三四五六七八九]"
_CN_DAY = "[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_REL = "今年|去年|上年|明年|同年|当年|次年|本年"

DATE_RE = re.compile(
    r"(?P<full>(?P<y>(?:19|20)\d{2})\s?年\s?(?P<m>\d{1,2})\s?月(?:\s?(?P<d>\d{1,2})\s?[日号])?)"
    rf"|(?P<cnfull>(?P<cy>{_CN_YEAR})年(?P<cm>{_CN_MONTH})月(?:(?P<cd>{_CN_DAY})[日号])?)"
    r"|(?P<iso>(?<![\d.])(?P<iy>(?:19|20)\d{2})(?P<sep>[-./])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2})(?![\d.]))"
    r"|(?P<dmg>(?<![\d年月.\-/])(?P<dy>(?:19|20)\d{2})(?P<dmd>\d{2,4})\s?日)"
    # …and with 日 lost too, where only a date can stand: 并于2025210向…反馈
    r"|(?P<dmg2>(?<=于)(?P<dy2>(?:19|20)\d{2})(?P<dmd2>\d{2,4})(?=向|对|在|召开|反馈|进行))"
    rf"|(?P<md>(?:(?P<rel>{_REL})|(?<![\d年.]))(?P<mm>\d{{1,2}})\s?月(?:\s?(?P<mdd>\d{{1,2}})\s?[日号])?)"
    rf"|(?P<cnmd>(?:(?P<crel>{_REL})|(?<![〇零一二三四五六七八九十年]))(?P<cmm>{_CN_MONTH})月(?:(?P<cmd>{_CN_DAY})[日号])?)"
)
_PART_RE = re.compile(r"上旬|中旬|下旬|中下旬|上半月|下半月|初|底|末|份")
_RANGE_SEP_RE = re.compile(r"\s*起?\s*(?:至|到|—{1,2}|–|-|~|〜|―|－)\s*")
_DAY_ONLY_RE = re.compile(r"\s*(?:至|到|—{1,2}|–|-|~|〜|―)\s*(\d{1,2})\s*[日号](?!\d)")
_LOST_DAY_RE = re.compile(r"\s?(\d{1,2})(?![\d日号月.])")
# a range end that lost its 月 as well: 2024717日至830日 (month and day run together)
_DAMAGED_END_RE = re.compile(r"\s*(?:至|到|—{1,2}|–|~|〜|―)\s*(\d{3,4})\s*[日号](?!\d)")


@dataclass
class DateRef:
    """One date mention: its ISO value (None when its year cannot be known) and where it is."""

    value: str | None
    text: str
    span: tuple[int, int]
    precision: str = "day"  # "day" | "month"
    inferred: bool = False  # year (or month) taken from context
    part: str | None = None  # 上旬 / 下旬 / 底 / 初 …
    range_end_of: int | None = None  # index of the range start this mention ends
    meta: bool = False  # page metadata (publication line), not a date of the notice itself
    y: int | None = field(default=None, repr=False)
    m: int | None = field(default=None, repr=False)
    d: int | None = field(default=None, repr=False)
    rel: str | None = field(default=None, repr=False)

    def bounds(self) -> tuple[dt.date, dt.date] | None:
        return iso_bounds(self.value)


def iso_bounds(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day an ISO value (YYYY-MM-DD or YYYY-MM) can mean."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            day = dt.date(*parts)
            return day, day
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
    except ValueError:
        return None
    return None


def _valid(y: int, m: int, d: int | None) -> bool:
    if not 1 <= m <= 12:
        return False
    if d is None:
        return True
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _split_damaged(year: int, rest: str) -> tuple[int, int] | None:
    """2021 + '915' → (9, 15); ambiguous splits ('111') give None."""
    options = []
    for cut in (1, 2):
        if cut >= len(rest):
            continue
        ms, ds = rest[:cut], rest[cut:]
        if len(ds) > 2 or (len(ms) == 2 and ms[0] == "0" and cut == 1):
            continue
        m, d = int(ms), int(ds)
        if _valid(year, m, d):
            options.append((m, d))
    return options[0] if len(options) == 1 else None


def _fmt(y: int, m: int, d: int | None) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}" if d else f"{y:04d}-{m:02d}"


def scan_dates(text: str) -> list[DateRef]:
    """Every date mention, in order, with explicit components only (years not yet inferred)."""
    out: list[DateRef] = []
    for mt in DATE_RE.finditer(text):
        g = mt.groupdict()
        y = m = d = None
        rel = None
        if g["full"]:
            y, m = int(g["y"]), int(g["m"])
            d = int(g["d"]) if g["d"] else None
        elif g["cnfull"]:
            y, m = cn_to_int(g["cy"].replace("Ο", "〇")), cn_to_int(g["cm"])
            d = cn_to_int(g["cd"]) if g["cd"] else None
        elif g["iso"]:
            y, m, d = int(g["iy"]), int(g["im"]), int(g["id"])
        elif g["dmg"] or g["dmg2"]:
            y = int(g["dy"] or g["dy2"])
            md = _split_damaged(y, g["dmd"] or g["dmd2"])
            if md is None:
                continue
            m, d = md
        elif g["md"]:
            m = int(g["mm"])
            d = int(g["mdd"]) if g["mdd"] else None
            rel = g["rel"]
        elif g["cnmd"]:
            m = cn_to_int(g["cmm"])
            d = cn_to_int(g["cmd"]) if g["cmd"] else None
            rel = g["crel"]
        if m is None or y is None and not 1 <= m <= 12:
            continue
        start, end = mt.span()
        part = None
        if d is None:
            pm = _PART_RE.match(text, end)
            if pm:
                part = pm.group(0)
                end = pm.end()
        # a bare “5月” is too weak to be a date, unless it ends a range: 2023年3月至5月
        bare = y is None and d is None and rel is None and part is None
        if bare and not (out and _RANGE_SEP_RE.fullmatch(text[out[-1].span[1] : start])):
            continue
        if y is not None and not _valid(y, m, d):
            continue
        if y is None and not _valid(2000, m, d):  # 2000 is a leap year: 2月29日 stays possible
            continue
        out.append(
            DateRef(
                value=_fmt(y, m, d) if y is not None else None,
                text=text[start:end],
                span=(start, end),
                precision="day" if d else "month",
                part=part,
                y=y,
                m=m,
                d=d,
                rel=rel,
            )
        )
    # day-only range ends: 6月1日至30日
    extra: list[DateRef] = []
    for i, ref in enumerate(out):
        if ref.d is None:
            continue
        assert ref.m is not None  # every mention found above has its month
        nxt = out[i + 1].span[0] if i + 1 < len(out) else len(text)
        dm = _DAY_ONLY_RE.match(text, ref.span[1])
        month, day = ref.m, int(dm.group(1)) if dm else 0
        if dm is None:
            dm = _DAMAGED_END_RE.match(text, ref.span[1])
            split = _split_damaged(ref.y or 2000, dm.group(1)) if dm else None
            if dm is None or split is None:
                continue
            month, day = split
        if dm.end() > nxt or not _valid(2000, month, day):
            continue
        extra.append(
            DateRef(
                value=None,
                text=text[dm.start(1) : dm.end()],
                span=(dm.start(1), dm.end()),
                precision="day",
                inferred=True,
                m=month,
                d=day,
            )
        )
    if extra:
        out = sorted(out + extra, key=lambda r: r.span)
    # ranges
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        gap = text[prev.span[1] : cur.span[0]]
        if gap and _RANGE_SEP_RE.fullmatch(gap):
            cur.range_end_of = i - 1
            lost = _LOST_DAY_RE.match(text, cur.span[1]) if cur.d is None and prev.d is not None else None
            if lost and cur.m is not None and _valid(cur.y or 2000, cur.m, int(lost.group(1))):
                # 2022年8月19日至2022年11月15市委…: the range's end lost its 日
                cur.d, cur.precision = int(lost.group(1)), "day"
                cur.span = (cur.span[0], lost.end())
                cur.text = text[cur.span[0] : cur.span[1]]
                if cur.y is not None:
                    cur.value = _fmt(cur.y, cur.m, cur.d)
    return out


def _to_date(y: int, m: int, d: int | None) -> dt.date:
    return dt.date(y, m, d or 1)


def resolve_years(
    refs: list[DateRef],
    *,
    upper: dt.date | None = None,
    doc_year: int | None = None,
    fallback_year: int | None = None,
) -> None:
    """Fill in the years the text leaves implicit, in reading order.

    A range end takes its start's year (plus one if it would fall before the start). 今年/本年 is the
    document's year (doc_year, else the context year, else fallback_year); 去年 one less. A bare
    11月4日 takes the year of the latest date written so far, moving to the next year when that
    would put it more than half a year back. An inferred date after `upper` (signature or
    publication date) moves back a year: a notice cannot report what has not happened yet.
    Metadata dates (publication lines) are never context.
    """
    anchor: dt.date | None = None
    for ref in refs:
        assert ref.m is not None  # scan_dates gives every mention its month
        if ref.y is not None:
            if not ref.meta:
                day = _to_date(ref.y, ref.m, ref.d)
                anchor = day if anchor is None or day > anchor else anchor
            continue
        year: int | None = None
        if ref.range_end_of is not None and refs[ref.range_end_of].y is not None:
            year = _range_end_year(refs[ref.range_end_of], ref)
        elif ref.rel:
            base = doc_year or (anchor.year if anchor else None) or fallback_year
            if ref.rel in ("同年", "当年") and anchor:
                base = anchor.year
            if base is not None:
                year = base + {"去年": -1, "上年": -1, "明年": 1, "次年": 1}.get(ref.rel, 0)
        elif anchor is not None:
            year = anchor.year
            if _to_date(year, ref.m, ref.d) < anchor - dt.timedelta(days=183):
                year += 1
        elif fallback_year is not None:
            year = fallback_year
        if year is None or not _valid(year, ref.m, ref.d):
            continue
        if upper is not None and ref.range_end_of is None and _to_date(year, ref.m, ref.d) > upper:
            year -= 1
        if not _valid(year, ref.m, ref.d):
            continue
        _set_year(ref, year)
        if not ref.meta:
            day = _to_date(year, ref.m, ref.d)
            anchor = day if anchor is None or day > anchor else anchor

    # still unknown (nothing written before them): take the year of the next date written in full
    later: DateRef | None = None
    for ref in reversed(refs):
        if ref.y is not None and not ref.inferred and not ref.meta:
            later = ref
            continue
        if ref.y is not None or ref.rel or later is None or ref.range_end_of is not None:
            continue
        assert later.y is not None and later.m is not None and ref.m is not None  # `later` has its year
        year = later.y
        if _valid(year, ref.m, ref.d) and _to_date(year, ref.m, ref.d) > _to_date(
            later.y, later.m, later.d
        ) + dt.timedelta(days=183):
            year -= 1
        if _valid(year, ref.m, ref.d) and (upper is None or _to_date(year, ref.m, ref.d) <= upper):
            _set_year(ref, year)
    for ref in refs:
        if ref.y is None and ref.range_end_of is not None and refs[ref.range_end_of].y is not None:
            year = _range_end_year(refs[ref.range_end_of], ref)
            assert ref.m is not None  # scan_dates gives every mention its month
            if _valid(year, ref.m, ref.d):
                _set_year(ref, year)


def _range_end_year(start: DateRef, ref: DateRef) -> int:
    """Year of a range end written without one: the start's, or the next when the range crosses New Year.

    12月26日至1月26日 crosses the year; 8月22日至6月28日 is a reversed range, kept as written (a
    ten-month on-site period is not plausible), so that the consistency check can flag it.
    """
    # callers pass a start whose year is known; scan_dates gives every mention its month
    assert start.y is not None and start.m is not None and ref.m is not None
    year = start.y
    if (ref.m, ref.d or 1) < (start.m, start.d or 1) and _valid(year + 1, ref.m, ref.d):
        gap = _to_date(year + 1, ref.m, ref.d) - _to_date(start.y, start.m, start.d)
        if gap <= dt.timedelta(days=183):
            year += 1
    return year


def _set_year(ref: DateRef, year: int) -> None:
    assert ref.m is not None  # scan_dates gives every mention its month
    ref.y = year
    ref.inferred = True
    ref.value = _fmt(year, ref.m, ref.d)


def parse_date(text: str, *, context_year: int | None = None) -> str | None:
    """ISO value of the first date in `text` (a convenience for tests and callers)."""
    refs = scan_dates(text)
    if not refs:
        return None
    resolve_years(refs, fallback_year=context_year)
    return refs[0].value
