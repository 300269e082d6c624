"""Input fields that take what the schema says and nothing else.

DRF's ``CharField`` turns a number into text (``{"lead_leader": 0}`` was stored as "0") and, in a
multipart form, an empty value of an optional ``DateField`` is taken as "not sent". The schema calls
both invalid, and a client that sends them has a bug it should hear about: these fields answer 400.
"""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils import html


class Text(serializers.CharField):
    """A string, as a string: a number, a boolean, a list or an object is refused, not converted."""

    default_error_messages = {"not_text": _("应为文本(字符串)。")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text")
        return super().to_internal_value(data)


class Day(serializers.DateField):
    """A calendar date; in a multipart form an empty value is an invalid date, as it is in JSON."""

    def get_value(self, dictionary):
        if html.is_html_input(dictionary) and dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)

    def validate_empty_values(self, data):
        if data == "":
            self.fail("invalid", format="YYYY-MM-DD")
        return super().validate_empty_values(data)


AMOUNT_PATTERN = r"^-?\d{1,12}(\.\d{1,2})?$"
AMOUNT_LIMIT = 10**12 - 0.01


@extend_schema_field(
    {
        "oneOf": [
            {"type": "number", "minimum": -AMOUNT_LIMIT, "maximum": AMOUNT_LIMIT},
            {"type": "string", "pattern": AMOUNT_PATTERN},
        ]
    }
)
class Amount(serializers.DecimalField):
    """A figure (数值): a JSON number, or a decimal string such as "40" or "12.5".

    A string must be plain decimal digits (DRF's own field took "1e3" and " 40 "); a number with
    more than two decimal places is a rule of the ledger the schema does not state (422).
    """

    default_error_messages = {"max_decimal_places": _("小数点后最多 {max_decimal_places} 位。")}

    def __init__(self, **kwargs):
        super().__init__(max_digits=14, decimal_places=2, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("invalid")
        if isinstance(data, str) and not re.fullmatch(AMOUNT_PATTERN, data):
            self.fail("invalid")
        return super().to_internal_value(data)

    def validate_precision(self, value):
        # DRF checks the total digits first, so 320616996343.1372 (inside the schema's range, only
        # its decimals are too many) was "too many digits", a 400, instead of the ledger's rule.
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimal_places:
            self.fail("max_decimal_places", max_decimal_places=self.decimal_places)
        return super().validate_precision(value)


class Flag(serializers.BooleanField):
    """A boolean as the schema spells it: ``true`` or ``false`` (DRF's field also took 1, yes, on)."""

    TRUE_VALUES = {"true", True}
    FALSE_VALUES = {"false", False}
    NULL_VALUES = set()
