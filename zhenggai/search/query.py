"""What a search box sends, read into words: every word must occur (AND), each as typed.

Chinese has no spaces, so a word is matched as a substring (``整改`` inside
``已完成整改台账的梳理``); spaces (half or full width) separate words. A word has at least two
characters: one character (局, 股) matches most of any ledger and no index can find it, so it is
refused with a message rather than scanned for (docs/decisions/0006-search.md).
"""

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhenggai.core.errors import ServiceError

MIN_WORD_CHARS = 2
MAX_QUERY_CHARS = 50
MAX_WORDS = 5


@dataclass(frozen=True)
class SearchQuery:
    text: str  # as typed, trimmed
    words: tuple[str, ...]


def _refuse(message: str) -> ServiceError:
    return ServiceError({"q": [message]}, code="bad_query")


def query_parse(raw) -> SearchQuery:
    """The words of ``raw``; ``ServiceError`` (on the field ``q``) with a message for a person when
    it is empty, too long, has too many or too short words, or holds control characters."""
    text = (raw or "").strip()
    if not text:
        raise _refuse(_("请输入要搜索的关键词。"))
    if len(text) > MAX_QUERY_CHARS:
        raise _refuse(
            _("关键词过长(%(n)d个字),最多%(max)d个字,请缩短后再搜索。")
            % {"n": len(text), "max": MAX_QUERY_CHARS}
        )
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text if not ch.isspace()):
        raise _refuse(_("关键词含有不可见的控制字符,请删除后再搜索。"))
    words = tuple(dict.fromkeys(text.split()))  # str.split() splits on full-width spaces too
    if len(words) > MAX_WORDS:
        raise _refuse(_("关键词过多,最多%(max)d个(以空格分隔),请删减后再搜索。") % {"max": MAX_WORDS})
    short = [w for w in words if len(w) < MIN_WORD_CHARS]
    if short:
        raise _refuse(
            _("每个关键词至少%(min)d个字(如“台账”):“%(word)s”太短。单个字会匹配台账的大部分内容,请换成词语。")
            % {"min": MIN_WORD_CHARS, "word": short[0]}
        )
    return SearchQuery(text=text, words=words)
