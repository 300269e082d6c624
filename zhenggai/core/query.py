"""Ids, page numbers and dates read from a query string, or a Chinese 400 when they are not.

``?round=99999999999999999999999`` passed ``str.isdigit`` and reached the database past 64 bits
(an OFFSET or a comparison PostgreSQL and SQLite cannot hold: 500); ``date=2023-02-30`` matched the
date pattern and failed in ``datetime.date`` (500). Every view reads such values through these
functions: an empty value is "not given", anything else that is not a positive 64-bit integer (or a
real calendar date) is ``BadQuery``, a ``django.core.exceptions.BadRequest`` — the pages answer 400,
the API its JSON error naming the parameter.
"""

import datetime as dt

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

MAX_ID = 2**63 - 1  # a BigAutoField's largest value; also the largest OFFSET the databases take


class BadQuery(BadRequest):
    """A query parameter that is not what it must be; ``name`` says which."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


def parse_id(raw, *, name: str, maximum: int = MAX_ID) -> int | None:
    """``raw`` as an integer from 1 to ``maximum``; None when empty; else ``BadQuery``."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= maximum:
        raise BadQuery(
            name,
            _("参数 %(name)s 应为 1 到 %(max)s 之间的整数。") % {"name": name, "max": maximum},
        )
    return int(text)


def query_id(params, name: str, *, maximum: int = MAX_ID) -> int | None:
    """The id (or count) in ``params[name]``: None when absent or empty."""
    return parse_id(params.get(name), name=name, maximum=maximum)


def query_page(params, name: str = "page") -> int:
    """The page number asked for: 1 when absent."""
    return query_id(params, name) or 1


def parse_query_date(raw, *, name: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) that exists on the calendar; None when empty; else ``BadQuery``."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadQuery(
            name, _("参数 %(name)s 应为有效日期,格式 YYYY-MM-DD(如 2023-03-29)。") % {"name": name}
        ) from None


def query_date(params, name: str = "date", *, blank_ok: bool = True) -> dt.date | None:
    """The date in ``params[name]``; with ``blank_ok=False`` (the API, whose schema says "a date"),
    a parameter sent empty is refused rather than taken as absent."""
    if not blank_ok:
        refuse_blank(params, name)
    return parse_query_date(params.get(name), name=name)


def refuse_blank(params, name: str) -> None:
    """A parameter that is sent must hold something (the API's schema has no empty values)."""
    if name in params and not (params.get(name) or "").strip():
        raise BadQuery(name, _("参数 %(name)s 不能为空:不需要时请不传。") % {"name": name})


def query_choice(params, name: str, choices, *, blank_ok: bool = True) -> str | None:
    """One of ``choices`` in ``params[name]``: None when absent (or empty, with ``blank_ok``); else
    ``BadQuery`` naming them."""
    if not blank_ok:
        refuse_blank(params, name)
    text = (params.get(name) or "").strip()
    if not text:
        return None
    if text not in choices:
        raise BadQuery(
            name, _("参数 %(name)s 只能是:%(choices)s。") % {"name": name, "choices": "、".join(choices)}
        )
    return text
