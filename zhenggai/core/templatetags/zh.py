from django import template

from zhenggai.core.localized import ui_date, ui_ordinal

register = template.Library()


@register.filter
def cndate(value, precision="day"):
    """2022年6月28日 in Chinese, 28 Jun 2022 in English (the public pages are always Chinese)."""
    return ui_date(value, precision or "day")


@register.filter
def cnordinal(value):
    """十二 in Chinese, 12 in English."""
    return ui_ordinal(int(value))
