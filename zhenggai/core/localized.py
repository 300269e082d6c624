"""Dates and ordinals for the *screen*, in the user's language; official documents stay Chinese.

``zhenggai.core.chinese`` writes dates and ordinals the way notices and ledgers do (2022年6月28日,
十二). Pages shown in English use English forms instead (28 Jun 2022, 12); documents — notices,
reports, spreadsheets — are Chinese by definition, so whatever builds one runs ``in_chinese``.
"""

import datetime as dt
import functools

from django.conf import settings
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext

from zhenggai.core.chinese import cn_date, cn_ordinal


def ui_is_chinese() -> bool:
    return (translation.get_language() or settings.LANGUAGE_CODE).lower().startswith("zh")


def en_date(value: dt.date | None, precision: str = "day") -> str:
    """2022-06-28 → 28 Jun 2022; month precision → Jun 2022; as_of → as of 29 Mar 2023."""
    if value is None:
        return ""
    if precision == "month":
        return date_format(value, "M Y")
    text = date_format(value, "j M Y")
    return gettext("截至%(date)s") % {"date": text} if precision == "as_of" else text


def ui_date(value: dt.date | None, precision: str = "day") -> str:
    return (cn_date if ui_is_chinese() else en_date)(value, precision or "day")


def ui_ordinal(n: int) -> str:
    """十二 in Chinese, 12 otherwise."""
    return cn_ordinal(n) if ui_is_chinese() else str(n)


def in_chinese(func):
    """Run ``func`` with Chinese active: what it builds is an official document, not the screen."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper
