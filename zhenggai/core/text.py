"""Text every document can carry: what XML 1.0 cannot hold is taken out where text comes in.

DOCX, XLSX, the notice's HTML and its PDF are XML; XML 1.0 allows tab, line feed, carriage return
and the characters from U+0020 on, but not the other C0 controls (U+0000–U+001F), the surrogates
(U+D800–U+DFFF, which a well-formed Python ``str`` from UTF-8 never holds but a JSON ``\\ud800``
escape can) nor U+FFFE/U+FFFF. One such character in a problem's title made every download of the
inspection's notice and report fail (lxml: "All strings must be XML compatible").

They are *removed*, not refused: they are invisible, and they arrive by copy and paste from Word
(its manual line break is U+000B, its page break U+000C) or from a PDF's text layer, so a person told
that the text holds a character they cannot see could not find it to fix it. The two breaks become
line feeds, keeping the line the writer meant; every other one is dropped.
"""

import re

_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (U+000B and U+000C become line feeds)."""
    if not _NOT_XML.search(text):
        return text
    return _NOT_XML.sub("", text.translate(_BREAKS))


def is_xml_safe(text: str) -> bool:
    return not _NOT_XML.search(text)


def xml_safe_data(value):
    """``xml_safe`` applied to every string in parsed input (dicts, lists, keys too); other values as given."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {xml_safe_data(k): xml_safe_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(xml_safe_data(v) for v in value)
    return value
