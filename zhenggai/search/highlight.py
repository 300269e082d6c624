"""A window of a text around the first matched word, and where each word occurs in it.

The text is user data: ``Excerpt.html`` escapes every piece and adds only ``<mark>`` around the
matches, so a title holding ``<script>`` shows as text.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

EXCERPT_WIDTH = 120  # characters shown of a long text
LEAD = 30  # characters kept before the first match
ELLIPSIS = "…"


@dataclass(frozen=True)
class Excerpt:
    text: str
    spans: tuple[tuple[int, int], ...]  # [start, end) of each match in ``text``

    @property
    def html(self) -> SafeString:
        out, at = [], 0
        for start, end in self.spans:
            out.append(escape(self.text[at:start]))
            out.append(f"<mark>{escape(self.text[start:end])}</mark>")
            at = end
        out.append(escape(self.text[at:]))
        return mark_safe("".join(out))  # noqa: S308 - every piece escaped above

    def __str__(self) -> str:
        return self.html


def _pattern(words) -> re.Pattern:
    # Longest first: a word inside another is marked as part of the longer one.
    alternatives = sorted(dict.fromkeys(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in alternatives), re.IGNORECASE)


def excerpt_of(text: str, words, *, width: int = EXCERPT_WIDTH) -> Excerpt:
    text = " ".join(text.split())  # line breaks and runs of spaces as one space
    pattern = _pattern(words)
    if len(text) > width:
        first = pattern.search(text)
        start = max(0, (first.start() if first else 0) - LEAD)
        start = min(start, max(0, len(text) - width))
        window = text[start : start + width]
        text = (ELLIPSIS if start else "") + window + (ELLIPSIS if start + width < len(text) else "")
    spans = tuple(m.span() for m in pattern.finditer(text) if m.end() > m.start())
    return Excerpt(text=text, spans=spans)
