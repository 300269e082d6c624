from django import template

from zhenggai.intake_ui.access import may_import as _may_import

register = template.Library()


@register.filter
def may_import(user) -> bool:
    """True for users who may import a notice into some unit (shows the 导入通报 link)."""
    return _may_import(user)
