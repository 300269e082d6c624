from django import template

from zhenggai.setup.permissions import may_set_up as _may_set_up

register = template.Library()


@register.filter
def may_set_up(user) -> bool:
    """Whether the header shows 设置: the user administers something."""
    return _may_set_up(user)
