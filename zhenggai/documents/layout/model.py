"""A neutral model of an official document (公文), and the Chinese numbering it uses.

The model says *what* the document holds; ``docx``, ``html`` and ``pdf`` decide how it looks
(GB/T 9704-2012). Text is plain: renderers escape it. Every text is made XML-safe and given Chinese
punctuation as a block is built (``_clean``: ``zhenggai.core.text.xml_safe`` and
``zhenggai.core.punctuation.normalise``), so no writer meets a character XML 1.0 cannot carry or an
ASCII comma between Chinese characters, even from a row written to the database around the forms
and the API, or from a row stored before the rule. Heading and lead texts carry their own
markers ("一、", "（一）", "1."), built with the helpers below, so a document reads the same in
every format and a composer can number however the unit does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from zhenggai.core.punctuation import normalise
from zhenggai.core.text import xml_safe
from zhenggai.documents.layout import spec
from zhenggai.documents.layout.spec import display_width  # re-exported: the layout package names it


def _clean(text: str) -> str:
    return normalise(xml_safe(text))


Level: TypeAlias = Literal[1, 2, 3]
_LEVELS = (1, 2, 3)


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading on its own line: level 1 一、 (黑体), level 2 （一） (楷体), level 3 1. (仿宋)."""

    level: Level
    text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", _clean(self.text))
        if self.level not in _LEVELS:
            raise ValueError(f"heading level must be 1, 2 or 3, not {self.level!r}")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph, optionally opening with a run-in heading (``lead``).

    ``lead`` is set in the font of its level and the rest in the body font, e.g.
    ``Paragraph("一是加强组织领导……", lead="（一）组织落实整改情况。")``. ``lead_level`` is inferred
    from the lead's marker when not given (一、 → 1, （一） → 2, 1. or （1） → 3); an unmarked lead
    such as "整改进展情况：" is level 2 (楷体), the usual look.
    """

    text: str
    lead: str | None = None
    lead_level: Level | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", _clean(self.text))
        if self.lead is not None:
            object.__setattr__(self, "lead", _clean(self.lead))
        if self.lead_level is not None and self.lead_level not in _LEVELS:
            raise ValueError(f"lead level must be 1, 2 or 3, not {self.lead_level!r}")

    @property
    def effective_lead_level(self) -> Level | None:
        if not self.lead:
            return None
        return self.lead_level or marker_level(self.lead) or 2


@dataclass(frozen=True, slots=True)
class Table:
    """A simple table (a report's summary); ``col_widths`` are relative weights, any unit."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    col_widths: tuple[float, ...] | None = None
    caption: str | None = None

    def __post_init__(self) -> None:
        header = tuple(_clean(str(h)) for h in self.header)
        rows = tuple(tuple("" if c is None else _clean(str(c)) for c in row) for row in self.rows)
        if not header:
            raise ValueError("a table needs a header")
        for i, row in enumerate(rows, 1):
            if len(row) != len(header):
                raise ValueError(f"table row {i} has {len(row)} cells, the header has {len(header)}")
        widths = None
        if self.col_widths is not None:
            widths = tuple(float(w) for w in self.col_widths)
            if len(widths) != len(header) or any(w <= 0 for w in widths):
                raise ValueError("col_widths needs one positive weight per column")
        object.__setattr__(self, "header", header)
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "col_widths", widths)
        if self.caption is not None:
            object.__setattr__(self, "caption", _clean(self.caption))

    def relative_widths(self) -> tuple[float, ...]:
        """Column widths as fractions summing to 1."""
        widths = self.col_widths or (1.0,) * len(self.header)
        total = sum(widths)
        return tuple(w / total for w in widths)


@dataclass(frozen=True, slots=True)
class Spacer:
    """Blank lines (on the 22-line grid)."""

    lines: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.lines <= 22:
            raise ValueError("a spacer is 1 to 22 lines")


Block: TypeAlias = Heading | Paragraph | Table | Spacer


@dataclass(frozen=True, kw_only=True)
class OfficialDocument:
    """One official document: title, body blocks, signature (发文机关署名) and date (成文日期).

    ``title`` is a string (wrapped by the renderer; a ``\\n`` is a line-break hint) or a
    sequence of lines, e.g. ``("中共……党组", "关于……的", "通　报")``. ``issuer_line``
    (发文机关标志, e.g. "中共……党组文件") and ``doc_number`` (发文字号, "沾科党字〔2022〕22号") are
    for formal issues; a public notice (通报) usually has neither.
    """

    title: str | tuple[str, ...]
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    signature: str = ""
    date_text: str = ""
    issuer_line: str | None = None
    doc_number: str | None = None
    lang: str = "zh-CN"

    def __post_init__(self) -> None:
        title = self.title
        title = _clean(title) if isinstance(title, str) else tuple(_clean(str(line)) for line in title)
        for name in ("signature", "date_text", "issuer_line", "doc_number"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _clean(value))
        blocks = tuple(self.blocks)
        for block in blocks:
            if not isinstance(block, Heading | Paragraph | Table | Spacer):
                raise TypeError(f"not a document block: {block!r}")
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "blocks", blocks)
        if not self.title_text:
            raise ValueError("a document needs a title")

    @property
    def title_lines(self) -> tuple[str, ...]:
        """The title as lines: the given hints, or one line to be wrapped."""
        lines = self.title.split("\n") if isinstance(self.title, str) else self.title
        return tuple(line.strip() for line in lines if line.strip())

    @property
    def title_text(self) -> str:
        """The title on one line, for metadata and file names ("通　报" keeps its spacing)."""
        return "".join(self.title_lines)

    def texts(self) -> list[str]:
        """Every visible text in reading order (for tests and search indexing)."""
        out: list[str] = [t for t in (self.issuer_line, self.doc_number) if t]
        out.extend(self.title_lines)
        for block in self.blocks:
            if isinstance(block, Heading):
                out.append(block.text)
            elif isinstance(block, Paragraph):
                out.append((block.lead or "") + block.text)
            elif isinstance(block, Table):
                if block.caption:
                    out.append(block.caption)
                out.extend(block.header)
                out.extend(c for row in block.rows for c in row)
        out.extend(t for t in (self.signature, self.date_text) if t)
        return out


# --------------------------------------------------------------------------- numbering

_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九, 105 → 一百零五 (1 to 999)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("chinese_ordinal needs an int")
    if not 1 <= n <= 999:
        raise ValueError(f"chinese_ordinal covers 1 to 999, not {n}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        # 十一 on its own, but 一百一十一 inside a larger number
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def parse_chinese_ordinal(text: str) -> int | None:
    """The inverse of :func:`chinese_ordinal` (also 〇/两 and leading 零); None if not a numeral."""
    text = text.strip().replace("〇", "零").replace("两", "二")
    if not text or any(ch not in _DIGITS + "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _DIGITS.index(ch) if current else _DIGITS.index(ch)
    total += current
    return total or None


def level1_marker(n: int) -> str:
    """一、 (GB/T 9704 7.3.3, first level, 黑体)."""
    return f"{chinese_ordinal(n)}、"


def level2_marker(n: int) -> str:
    """（一） with full-width parentheses and no punctuation after (second level, 楷体)."""
    return f"（{chinese_ordinal(n)}）"


def level3_marker(n: int) -> str:
    """1. (third level, 仿宋)."""
    if n < 1:
        raise ValueError("markers start at 1")
    return f"{n}."


def level4_marker(n: int) -> str:
    """（1） (fourth level, 仿宋)."""
    if n < 1:
        raise ValueError("markers start at 1")
    return f"（{n}）"


def enumerate_yishi(n: int) -> str:
    """一是, 二是 … — the run-in enumeration of a progress paragraph."""
    return f"{chinese_ordinal(n)}是"


def join_yishi(items: Iterable[str]) -> str:
    """["加强领导。", "强化责任。"] → "一是加强领导。二是强化责任。" (a final 。 is added if missing)."""
    parts = []
    for i, item in enumerate(items, 1):
        item = item.strip()
        if item and item[-1] not in "。;；!！?？":
            item += "。"
        parts.append(enumerate_yishi(i) + item)
    return "".join(parts)


def format_cn_date(value: dt.date) -> str:
    """2023-03-29 → 2023年3月29日 (成文日期: Arabic numerals, no leading zeros, GB/T 9704 7.3.5)."""
    return f"{value.year}年{value.month}月{value.day}日"


_MARKER_RES: tuple[tuple[re.Pattern[str], Level], ...] = (
    (re.compile(r"^[一二三四五六七八九十百]+、"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十百]+[)）]"), 2),
    (re.compile(r"^[（(]\d+[)）]"), 3),
    (re.compile(r"^\d+[.．](?!\d)"), 3),
)


def marker_level(text: str) -> Level | None:
    """The GB/T level a text's leading marker implies: 一、 → 1, （一） → 2, 1. / （1） → 3."""
    text = text.lstrip()
    for pattern, level in _MARKER_RES:
        if pattern.match(text):
            return level
    return None


# --------------------------------------------------------------------------- metrics


def signature_indents(signature: str, date_text: str) -> tuple[float, float]:
    """Right indents, in characters, of the signature and the date lines.

    GB/T 9704 7.3.5.1: the date sits four characters from the right, the signature is centred
    over it. A signature much longer than the date would then run past the right edge, so it
    keeps at least two characters (the 7.3.5.2 rule) and both lines move left, still centred.
    Returns ``(signature_right, date_right)``.
    """
    w_sig, w_date = display_width(signature), display_width(date_text)
    centre = max(spec.DATE_RIGHT_CHARS + w_date / 2, spec.SIGNATURE_MIN_RIGHT_CHARS + w_sig / 2)
    return centre - w_sig / 2, centre - w_date / 2
