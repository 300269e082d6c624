"""Chinese and Arabic numerals as notices write them: 十二, 二十一, 一百五十七, 两, 二〇二二, 12."""

from __future__ import annotations

_DIGIT = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "O": 0,
    "o": 0,
    "Ｏ": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}

CN_NUMERAL_CHARS = "".join(_DIGIT) + "".join(_UNIT) + "".join(_BIG)


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral (十二 → 12, 一百零五 → 105, 两千 → 2000); None if not a numeral.

    A run of bare digits (二〇二二) reads digit by digit, as years are written.
    """
    if not text:
        return None
    if all(ch in _DIGIT for ch in text):
        if len(text) == 1:
            return _DIGIT[text]
        return int("".join(str(_DIGIT[ch]) for ch in text))
    total = 0
    section = 0
    number = 0
    seen = False
    for ch in text:
        if ch in _DIGIT:
            number = _DIGIT[ch]
            seen = True
        elif ch in _UNIT:
            section += (number or 1) * _UNIT[ch]
            number = 0
            seen = True
        elif ch in _BIG:
            section += number
            total += (section or 1) * _BIG[ch]
            section = 0
            number = 0
            seen = True
        else:
            return None
    if not seen:
        return None
    return total + section + number


def parse_int(text: str) -> int | None:
    """Arabic (full- or half-width) or Chinese numeral → int; None when it is neither."""
    if not text:
        return None
    text = text.strip()
    folded = "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" else c for c in text)
    if folded.isascii() and folded.isdigit():
        return int(folded)
    return cn_to_int(folded)


def parse_number(text: str) -> int | float | None:
    """Like parse_int but also reads decimals (1.05 → 1.05)."""
    value = parse_int(text)
    if value is not None:
        return value
    try:
        return float(text)
    except ValueError:
        return None
