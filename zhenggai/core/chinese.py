"""Chinese conventions for dates and ordinals, as notices and ledgers write them."""

import datetime as dt

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


def cn_date(value: dt.date | None, precision: str = "day") -> str:
    """2022-06-28 → 2022年6月28日; month precision → 2022年12月; as_of → 截至2023年3月29日."""
    if value is None:
        return ""
    if precision == "month":
        return f"{value.year}年{value.month}月"
    text = f"{value.year}年{value.month}月{value.day}日"
    return f"截至{text}" if precision == "as_of" else text
