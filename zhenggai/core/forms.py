"""Putting a service's refusal on the form a person filled in; the base of every form."""

from django import forms
from django.http import QueryDict

from zhenggai.core.errors import ServiceError
from zhenggai.core.text import xml_safe, xml_safe_data


def form_add_service_error(form, error: ServiceError) -> None:
    """Field errors go on their fields (when the form has them); the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


class XmlSafeForm(forms.Form):
    """Every form of the product: what it is given has the characters XML cannot carry taken out
    (``zhenggai.core.text``) before any field sees it, so a title pasted from Word with a manual
    line break (U+000B) is stored as text every document can carry, and length limits count what
    is stored."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(None if data is None else xml_safe_query(data), *args, **kwargs)


def xml_safe_query(data):
    """A copy of ``data`` (a QueryDict or a dict) with ``xml_safe`` applied to every text value."""
    if isinstance(data, QueryDict):
        cleaned = QueryDict(mutable=True)
        for key, values in data.lists():
            cleaned.setlist(xml_safe(key), [xml_safe(v) if isinstance(v, str) else v for v in values])
        return cleaned
    return xml_safe_data(dict(data))
