from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def dash_url(name, query=None, **params):
    """The URL of a list behind a number: the dashboard's filters plus this number's own."""
    merged = {**(query or {}), **{k: v for k, v in params.items() if v not in (None, "")}}
    return f"{reverse(name)}?{urlencode(merged)}" if merged else reverse(name)


@register.filter
def get(mapping, key):
    return mapping.get(key, 0)
