"""A progress text that opens with its own date is not dated again in the notice (issue #20:
“2026年11月20日,2026年11月20日召开…”)."""

import datetime as dt

import pytest

from zhenggai.core.chinese import starts_with_date
from zhenggai.ledger.models import DatePrecision, ProgressEntry
from zhenggai.notices.compose import _progress_sentence

DAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("2026年11月20日召开专题会议", True),
        ("11月20日召开专题会议", True),
        ("截至2026年11月20日,已完成", True),
        ("2026年11月召开专题会议", True),  # the month it happened in
        ("2025年11月20日召开专题会议", False),  # another year: a date the text mentions, not its own
        ("11月21日召开专题会议", False),
        ("召开专题会议3次", False),
    ],
)
def test_starts_with_its_own_date(text, dated):
    assert starts_with_date(text, DAY) is dated


def _entry(text: str, precision: str = DatePrecision.DAY) -> ProgressEntry:
    return ProgressEntry(text=text, happened_on=DAY, date_precision=precision)


def test_a_dated_text_is_not_prefixed_again():
    assert _progress_sentence(_entry("2026年11月20日召开专题会议"), DAY) == "2026年11月20日召开专题会议。"
    assert _progress_sentence(_entry("召开专题会议"), DAY) == "2026年11月20日，召开专题会议。"
    # a text that mentions another date is still given its own
    assert _progress_sentence(_entry("2025年1月印发的制度已修订"), DAY).startswith("2026年11月20日，")
