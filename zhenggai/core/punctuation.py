"""Chinese punctuation (GB/T 15834-2011) for text typed or imported with ASCII marks.

People paste ledger text from WeChat, from a PDF's text layer or from an English input method, and
write "巡察反馈问题12项,已完成10项:" where the notice must read "巡察反馈问题12项，已完成10项：".
:func:`normalise` is the one rule, applied where prose is stored (``zhenggai.core.fields``) and
again where a document is laid out (``zhenggai.documents.layout.model``), so no generated DOCX,
PDF or HTML carries an ASCII ``,;:!?()`` beside a Chinese character.

The rule, mark by mark:

- ``,`` ``;`` ``:`` ``!`` ``?`` become ``，`` ``；`` ``：`` ``！`` ``？`` when the nearest character
  on either side (looking past spaces and past other such marks, so ``好!!`` turns whole) is
  Chinese: an ideograph, Chinese punctuation (``、。“”《》〔〕……——`` and the full-width forms).
- ``(`` and ``)`` that pair up on one line become ``（`` ``）`` when the text inside holds a
  Chinese character or the character before ``(`` or after ``)`` is Chinese: ``(一)`` →
  ``（一）``, ``(1)加强`` → ``（1）加强``, but ``f(x)`` and ``(ISO 9001)`` in English stay.
  A bracket with no partner on its line goes by its neighbours alone.
- Spaces between a converted mark and the next character on the line go (full-width marks carry
  their own space); a line's indentation stays.
- Untouched: anything between non-Chinese characters (``1,000``, ``10:30``, ``2022-11-08``,
  ``3.5%``), URLs and e-mail addresses (``https://a.cn/?q=1``, ``a@b.cn``, which may sit beside
  Chinese), and full-width text already right, such as ``〔2022〕22号``.

It is *reversible*: :func:`revert` maps the six full-width marks back to ASCII, and for a text that
held none of them and no space beside an ASCII mark, ``revert(normalise(t)) == t``. It is
idempotent, ``normalise(normalise(t)) == normalise(t)``, for every text that settles within
``_MAX_PASSES`` passes, which is every real one; a crafted text of thousands of nested brackets
is cut off there, in linear time, rather than taking one pass per bracket.
"""

from __future__ import annotations

import re

_CJK_RANGES = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    "\u3000-\u303f"  # CJK punctuation: 、。〈〉《》「」『』【】〔〕〖〗
    "\uff01-\uff60\uffe0-\uffe6"  # full-width forms: ，；：！？（）
    "\u2014\u2026\u2018\u2019\u201c\u201d"  # —— …… ‘’ “”
    "\u00b7"  # ·
)
_CHINESE = re.compile(f"[{_CJK_RANGES}]")
_MARKS = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_BRACKETS = {"(": "（", ")": "）"}
_TO_ASCII = str.maketrans({v: k for k, v in {**_MARKS, **_BRACKETS}.items()})
_CONVERTIBLE = frozenset(_MARKS) | frozenset(_BRACKETS)
_SPACE = " \t\u00a0"
_PROTECTED = re.compile(
    r"(?:https?|ftp)://[^\s\u3000-\u303f\uff01-\uff60\u4e00-\u9fff]+"
    r"|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s\u3000-\u303f\uff01-\uff60\u4e00-\u9fff]*"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
)
_ANY_MARK = re.compile(r"[,;:!?()]")
# Enough passes for every real text (two at most: a bracket next to a mark converted in the
# first); a bound keeps a crafted text of many nested brackets linear.
_MAX_PASSES = 8


def is_chinese(char: str) -> bool:
    return bool(char) and _CHINESE.match(char) is not None


def normalise(text: str) -> str:
    """``text`` with ASCII ``,;:!?()`` beside Chinese made full-width (the rule above)."""
    if not text or not _ANY_MARK.search(text):
        return text
    for _ in range(_MAX_PASSES):
        new = _one_pass(text)
        if new == text:
            break
        text = new
    return text


def revert(text: str) -> str:
    """The six full-width marks back to ASCII (``，；：！？（）`` → ``,;:!?()``)."""
    return text.translate(_TO_ASCII)


def ascii_beside_chinese(text: str) -> list[str]:
    """Each ASCII ``,;:!?()`` that :func:`normalise` would convert, with some context: what a
    document scan reports. Empty when the text is right."""
    if normalise(text) == text:
        return []
    found = [text[max(0, i - 8) : i + 9] for i in _to_convert(list(text), text)]
    return found or [text[:40]]


def _to_convert(chars: list[str], text: str) -> list[int]:
    protected = _protected_mask(text)
    scan = _Scan(chars, _pairs(chars, protected))
    return [i for i, ch in enumerate(chars) if ch in _CONVERTIBLE and not protected[i] and scan.converts(i)]


def _one_pass(text: str) -> str:
    chars = list(text)
    convert = _to_convert(chars, text)
    if not convert:
        return text
    drop: set[int] = set()
    for i in convert:
        ch = chars[i]
        chars[i] = _MARKS.get(ch) or _BRACKETS[ch]
        drop.update(_spaces_around(chars, i))
    return "".join(ch for j, ch in enumerate(chars) if j not in drop)


def _protected_mask(text: str) -> list[bool]:
    mask = [False] * len(text)
    for m in _PROTECTED.finditer(text):
        # A sentence mark right after an address belongs to the sentence: "见a@b.cn," keeps "，".
        # A ")" stays with the address only when it closes a "(" inside it.
        end = m.end()
        while end > m.start() and text[end - 1] in ",;:!?)":
            if text[end - 1] == ")" and text.count("(", m.start(), end) >= text.count(")", m.start(), end):
                break
            end -= 1
        for j in range(m.start(), end):
            mask[j] = True
    return mask


def _pairs(chars: list[str], protected: list[bool]) -> dict[int, int]:
    """Brackets that pair up on one line, both ways (open → close and close → open)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, ch in enumerate(chars):
        if ch == "\n":
            stack.clear()
        elif protected[i]:
            continue
        elif ch in "(（":
            stack.append(i)
        elif ch in ")）" and stack:
            j = stack.pop()
            pairs[j], pairs[i] = i, j
    return pairs


class _Scan:
    """What the rule asks of each position, worked out in linear time: the nearest character on
    either side within the line (past spaces; ``word_*`` past the marks too) and how many Chinese
    characters come before it, so that a crafted text of thousands of marks costs no more than a
    paragraph."""

    def __init__(self, chars: list[str], pairs: dict[int, int]) -> None:
        self.chars, self.pairs = chars, pairs
        self.chinese_before = [0]
        for ch in chars:
            self.chinese_before.append(self.chinese_before[-1] + is_chinese(ch))
        self.any_before, self.word_before = self._nearest(range(len(chars)))
        self.any_after, self.word_after = self._nearest(range(len(chars) - 1, -1, -1))

    def _nearest(self, order: range) -> tuple[dict[int, str], dict[int, str]]:
        """For each position, the nearest character met before it in ``order``."""
        any_, word = {}, {}
        last_any = last_word = ""
        for i in order:
            any_[i], word[i] = last_any, last_word
            ch = self.chars[i]
            if ch == "\n":
                last_any = last_word = ""
            elif ch not in _SPACE:
                last_any = ch
                if ch not in _MARKS:
                    last_word = ch
        return any_, word

    def converts(self, i: int) -> bool:
        chars = self.chars
        if chars[i] in _MARKS:
            return is_chinese(self.word_before[i]) or is_chinese(self.word_after[i])
        partner = self.pairs.get(i)
        if partner is None:
            return is_chinese(self.any_before[i]) or is_chinese(self.any_after[i])
        start, end = sorted((i, partner))
        if chars[start] == "（" or chars[end] == "）":
            return True  # its partner is full-width already: "（一)" → "（一）"
        if self.chinese_before[end] > self.chinese_before[start + 1]:
            return True
        return is_chinese(self.any_before[start]) or is_chinese(self.any_after[end])


def _spaces_around(chars: list[str], i: int) -> list[int]:
    """The spaces between the mark at ``i`` and the next character on its line, on both sides
    (not a line's indentation, not trailing space)."""
    out: list[int] = []
    for step in (-1, 1):
        run, j = [], i + step
        while 0 <= j < len(chars) and chars[j] in _SPACE:
            run.append(j)
            j += step
        if run and 0 <= j < len(chars) and chars[j] != "\n":
            out.extend(run)
    return out
