"""The API's request parsers: JSON nested no deeper than any request needs, text XML can carry.

A body nested 2,000 deep made Python's JSON decoder raise RecursionError, which DRF does not catch
(500). Here it is a 400 like any unreadable body, and so is anything nested past ``MAX_DEPTH``
(the deepest request the API takes, a progress entry's figures, is three levels). Every string of
every body, JSON or form, is passed through ``xml_safe`` before a serializer sees it: the one place
the API takes text in (zhenggai/core/text.py says why those characters are removed).
"""

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from zhenggai.core.text import xml_safe, xml_safe_data

MAX_DEPTH = 32


class NestedTooDeep(ParseError):
    """The body is valid JSON but nested past what any request of the API needs."""

    def __init__(self):
        super().__init__(_("请求内容嵌套过深(最多%(max)d层),无法处理。") % {"max": MAX_DEPTH})


def _check_depth(data, limit: int = MAX_DEPTH) -> None:
    """Walk ``data`` without recursion (it may be nested as deep as the decoder allows)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                raise NestedTooDeep
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise NestedTooDeep from None
        _check_depth(data)
        return xml_safe_data(data)


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        data = QueryDict(mutable=True)
        for key, values in parsed.data.lists():
            data.setlist(xml_safe(key), [xml_safe(v) if isinstance(v, str) else v for v in values])
        return parsers.DataAndFiles(data, parsed.files)
