"""Reading a deadline (整改时限) cell the way ledgers write it.

Real dates, Excel serial numbers, and text: "2023.1.31", "2023-01-31", "2023/1/31",
"2023年1月31日前", "20230131", "2022年12月底" (→ 2022-12-31), "2023年3月" (→ month end),
"2023年6月中旬", "2022年底", "2023年上半年", "2023年第一季度", "二〇二三年三月底", ranges such as
"2022年11月—2023年3月" (→ the end), and the kind words "立行立改" and "长期坚持"/"长期"/"持续整改".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from zhenggai.documents.layout.model import parse_chinese_ordinal
from zhenggai.documents.xlsx.rows import KIND_DEADLINE, KIND_IMMEDIATE, KIND_LONG_TERM

KIND_WORDS = {
    "立行立改": KIND_IMMEDIATE,
    "立即整改": KIND_IMMEDIATE,
    "立查立改": KIND_IMMEDIATE,
    "即知即改": KIND_IMMEDIATE,
    "马上就改": KIND_IMMEDIATE,
    "限期整改": KIND_DEADLINE,
    "限时整改": KIND_DEADLINE,
    "分阶段整改": KIND_DEADLINE,
    "阶段性整改": KIND_DEADLINE,
    "集中整改": KIND_DEADLINE,
    "长期坚持": KIND_LONG_TERM,
    "长期坚持整改": KIND_LONG_TERM,
    "长期整改": KIND_LONG_TERM,
    "持续整改": KIND_LONG_TERM,
    "持续推进": KIND_LONG_TERM,
    "常态化": KIND_LONG_TERM,
    "长期": KIND_LONG_TERM,
    "持续": KIND_LONG_TERM,
}
# longest first, so 长期坚持整改 wins over 长期
_KIND_ORDER = sorted(KIND_WORDS, key=len, reverse=True)


def normalise_kind(text: str) -> str | None:
    """Map a kind word ("立行立改", "长期", "分阶段整改" …) to one of KINDS; None if it is none."""
    text = _squash(text).rstrip("。.")
    if not text:
        return None
    if text in KIND_WORDS:
        return KIND_WORDS[text]
    for word in _KIND_ORDER:
        if text.startswith(word) and len(word) >= 4:
            return KIND_WORDS[word]
    return None


@dataclass(frozen=True, slots=True)
class DeadlineReading:
    """What a deadline cell says: a date, wording to keep, a kind it implies, a note or an error."""

    deadline: dt.date | None = None
    text: str = ""
    kind: str | None = None
    note: str | None = None
    error: str | None = None


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "两": "2", "十": "10"}
_CN_NUM = re.compile(r"[〇零一二两三四五六七八九十]+")
_FULL = re.compile(
    r"(?P<y>\d{4})\s*[年./\-]\s*(?P<m>\d{1,2})\s*[月./\-]\s*(?P<d>\d{1,2})(?!\d)\s*[日号]?"
    r"|(?<!\d)(?P<y8>\d{4})(?P<m8>\d{2})(?P<d8>\d{2})(?!\d)"
)
_MONTH = re.compile(
    r"(?P<y>\d{4})\s*[年./\-]\s*(?P<m>\d{1,2})(?![\d.])\s*月?\s*(?P<part>上旬|中旬|下旬|初|中|底|末)?"
)
_YEAR = re.compile(r"(?P<y>\d{4})\s*年?\s*(?P<part>上半年|下半年|第?[1-4]季度|年底|年末|年内|底|末|内)?")
_QUARTER = re.compile(r"第?([1-4])季度")


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def _arabic(text: str) -> str:
    """二〇二三年三月三十一日 → 2023年3月31日 (runs of Chinese numerals become digits)."""

    def repl(m: re.Match[str]) -> str:
        run = m.group(0)
        if len(run) == 4 and "十" not in run:  # a year written digit by digit
            return "".join(_DIGIT[c] for c in run)
        n = parse_chinese_ordinal(run)
        return str(n) if n is not None else run

    return _CN_NUM.sub(repl, text)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _plausible(year: int) -> bool:
    return 1990 <= year <= 2100


def read_deadline(value: object) -> DeadlineReading:
    """Read one 整改时限 cell (None, date, datetime, number or text)."""
    if value is None:
        return DeadlineReading()
    if isinstance(value, dt.datetime):
        return DeadlineReading(deadline=value.date())
    if isinstance(value, dt.date):
        return DeadlineReading(deadline=value)
    if isinstance(value, bool):
        return DeadlineReading(error=f"无法识别的整改时限“{value}”")
    if isinstance(value, int | float):
        if value == int(value) and _plausible(int(value)):
            year = int(value)
            return DeadlineReading(
                deadline=dt.date(year, 12, 31), text=str(year), note=f"“{year}”按{year}年12月31日计"
            )
        if 20000 <= value <= 80000:
            day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
            return DeadlineReading(deadline=day, note=f"数字{value:g}按 Excel 日期序号读作{_cn(day)}")
        return DeadlineReading(error=f"无法识别的整改时限“{value:g}”")
    return _read_text(str(value))


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _read_text(raw: str) -> DeadlineReading:
    original = raw.strip()
    if not original:
        return DeadlineReading()
    text = _arabic(_squash(original))
    kind = normalise_kind(text) if not re.search(r"\d{4}", text) else _leading_kind(text)

    # an exact date (the last one, if the cell gives a range)
    fulls = list(_FULL.finditer(text))
    if fulls:
        m = fulls[-1]
        y, mo, d = (
            m.group("y") or m.group("y8"),
            m.group("m") or m.group("m8"),
            m.group("d") or m.group("d8"),
        )
        try:
            day = dt.date(int(y), int(mo), int(d))
        except ValueError:
            return DeadlineReading(error=f"日期不存在“{original}”")
        if not _plausible(day.year):
            return DeadlineReading(error=f"年份不合理“{original}”")
        note = (
            f"“{original}”按截止日期{_cn(day)}计"
            if len(fulls) > 1 or _MONTH.search(text[: m.start()])
            else None
        )
        return DeadlineReading(deadline=day, text=original if note else "", kind=kind, note=note)

    months = list(_MONTH.finditer(text))
    months = [m for m in months if "月" in m.group(0) or re.search(r"\d{4}[./\-]\d{1,2}$", m.group(0))]
    if months:
        m = months[-1]
        year, month = int(m.group("y")), int(m.group("m"))
        if not 1 <= month <= 12:
            return DeadlineReading(error=f"月份不存在“{original}”")
        if not _plausible(year):
            return DeadlineReading(error=f"年份不合理“{original}”")
        part = m.group("part") or ""
        if part in ("上旬", "初"):
            day = dt.date(year, month, 10)
        elif part in ("中旬", "中"):
            day = dt.date(year, month, 20)
        else:
            day = _month_end(year, month)
        return DeadlineReading(deadline=day, text=original, kind=kind, note=f"“{original}”按{_cn(day)}计")

    years = list(_YEAR.finditer(text))
    if years:
        m = years[-1]
        year = int(m.group("y"))
        if not _plausible(year):
            return DeadlineReading(error=f"年份不合理“{original}”")
        part = m.group("part") or ""
        quarter = _QUARTER.fullmatch(part) if part else None
        if part == "上半年":
            day = dt.date(year, 6, 30)
        elif quarter:
            day = _month_end(year, int(quarter.group(1)) * 3)
        else:
            day = dt.date(year, 12, 31)
        return DeadlineReading(deadline=day, text=original, kind=kind, note=f"“{original}”按{_cn(day)}计")

    if kind:
        return DeadlineReading(text=original, kind=kind)
    return DeadlineReading(error=f"无法识别的整改时限“{original}”")


def _leading_kind(text: str) -> str | None:
    """The kind word before a date: "立行立改，2022年11月30日前" → 立行立改."""
    head = re.split(r"\d{4}", text, maxsplit=1)[0]
    head = head.strip(",，;；、:：()（） ")
    return normalise_kind(head) if head else None
