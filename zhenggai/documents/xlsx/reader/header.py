"""Finding the header row's columns and reading a cell's text, problem number and marker."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from zhenggai.documents.layout.model import parse_chinese_ordinal
from zhenggai.documents.xlsx.reader.model import _CONTAINED, _EXACT, _TITLE_MARKER


def _header_key(value: object) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"[（(][^()（）]*[)）]", "", text)  # "整改时限(年月日)"
    text = re.sub(r"[\s*＊:：]", "", text)
    return text


def match_header(value: object) -> str | None:
    """The field a header cell names, by synonym ("责任单位" → office), or None."""
    key = _header_key(value)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    for synonym, name in _CONTAINED:
        if synonym in key:
            return name
    return None


def _map_header(values: tuple) -> tuple[dict[str, int], list[tuple[int, str]]]:
    mapping: dict[str, int] = {}
    ignored: list[tuple[int, str]] = []
    for col, value in enumerate(values, 1):
        name = match_header(value)
        if name and name not in mapping:
            mapping[name] = col
        elif value not in (None, ""):
            ignored.append((col, str(value).strip()))
    return mapping, ignored


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _problem_number(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value > 0 else None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = re.sub(r"^(问题|第)", "", text)
    text = re.sub(r"[、.:)\]个项条]$", "", text).strip("()[] ")
    if text.isdigit():
        return int(text) or None
    return parse_chinese_ordinal(text)


def _split_marker(title: str) -> tuple[int | None, str]:
    """Split a numbered title: "1.关于……" → (1, "关于……"), "（二）关于……" → (2, …), else (None, title)."""
    m = _TITLE_MARKER.match(title)
    if not m:
        return None, title
    token = m.group("a") or m.group("b")
    number = int(token) if token.isdigit() else parse_chinese_ordinal(token)
    rest = title[m.end() :].strip()
    if not number or not rest:
        return None, title
    return number, rest
