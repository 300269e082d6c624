from html import escape
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def dash_url(name, query=None, **params):
    """The URL of a list behind a number: the dashboard's filters plus this number's own."""
    merged = {**(query or {}), **{k: v for k, v in params.items() if v not in (None, "")}}
    return f"{reverse(name)}?{urlencode(merged)}" if merged else reverse(name)


@register.filter
def get(mapping, key):
    return mapping.get(key, 0)


@register.simple_tag
def unit_options(units, selected=None):
    """The ``<option>``s of the unit filter, written in Python: a province lists thousands of units,
    which through template nodes cost tens of milliseconds a page."""
    return SafeString(
        "".join(
            f'<option value="{u.pk}"{" selected" if u.pk == selected else ""}>{escape(u.name)}</option>'
            for u in units
        )
    )
