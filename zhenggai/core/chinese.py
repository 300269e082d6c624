"""Chinese conventions for dates and ordinals, as notices and ledgers write them."""

import datetime as dt
import re

_DIGITS = "零一二三四五六七八九"


def cn_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (enough for any ledger's sections)."""
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    prefix = "" if tens == 1 else _DIGITS[tens]
    return f"{prefix}十{_DIGITS[ones] if ones else ''}"


_LEADING_DATE_RE = re.compile(
    r"^\s*(?:截至|截止)?\s*(?:(?P<y>(?:19|20)\d{2})\s*年)?\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?"
)


def starts_with_date(text: str, value: dt.date) -> bool:
    """Whether ``text`` opens with ``value`` written out (2026年11月20日…, 11月20日…, 2026年11月…):
    a progress text that dates itself is not dated again (no 2026年11月20日,2026年11月20日召开…)."""
    m = _LEADING_DATE_RE.match(text)
    if not m or int(m.group("m")) != value.month:
        return False
    if m.group("y") and int(m.group("y")) != value.year:
        return False
    return not m.group("d") or int(m.group("d")) == value.day


def cn_date(value: dt.date | None, precision: str = "day") -> str:
    """2022-06-28 → 2022年6月28日; month precision → 2022年12月; as_of → 截至2023年3月29日."""
    if value is None:
        return ""
    if precision == "month":
        return f"{value.year}年{value.month}月"
    text = f"{value.year}年{value.month}月{value.day}日"
    return f"截至{text}" if precision == "as_of" else text
