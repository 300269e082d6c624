from django import template

from zhenggai.core.chinese import cn_date, cn_ordinal

register = template.Library()


@register.filter
def cndate(value, precision="day"):
    return cn_date(value, precision or "day")


@register.filter
def cnordinal(value):
    return cn_ordinal(int(value))
