"""The 整改进展 cell read back: dated entries in the forms units type, continuation lines, and the
lines before any date, which are not taken (and listed by the preview)."""

import datetime as dt

import pytest

from zhenggai.documents.xlsx.progress import AS_OF, DAY, MONTH, ProgressLine, read_progress
from zhenggai.ledger.models import DatePrecision


def test_precision_words_are_the_ledgers():
    assert (DAY, MONTH, AS_OF) == (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.AS_OF)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2022年11月8日：召开专题会议", ProgressLine(dt.date(2022, 11, 8), DAY, "召开专题会议")),
        ("2022年11月8日:召开专题会议", ProgressLine(dt.date(2022, 11, 8), DAY, "召开专题会议")),
        ("2022年12月：完成制度修订", ProgressLine(dt.date(2022, 12, 1), MONTH, "完成制度修订")),
        ("截至2023年3月29日：累计培训5次", ProgressLine(dt.date(2023, 3, 29), AS_OF, "累计培训5次")),
        ("截止2023年3月29日，累计培训5次", ProgressLine(dt.date(2023, 3, 29), AS_OF, "累计培训5次")),
        ("2022年11月20日召开党组会议", ProgressLine(dt.date(2022, 11, 20), DAY, "召开党组会议")),
        ("2022年11月20日，召开党组会议", ProgressLine(dt.date(2022, 11, 20), DAY, "召开党组会议")),
        ("2022.11.8 召开专题会议", ProgressLine(dt.date(2022, 11, 8), DAY, "召开专题会议")),
        ("2022-11-08：召开专题会议", ProgressLine(dt.date(2022, 11, 8), DAY, "召开专题会议")),
    ],
)
def test_a_dated_line(line, expected):
    reading = read_progress(line)
    assert reading.entries == [expected] and reading.undated == []


def test_continuation_lines_stay_with_their_entry_and_lines_before_any_date_are_listed():
    reading = read_progress(
        "已按要求推进\n\n2022年11月8日：召开专题会议\n会议研究了整改方案\n2022年12月：完成制度修订"
    )
    assert reading.entries == [
        ProgressLine(dt.date(2022, 11, 8), DAY, "召开专题会议\n会议研究了整改方案"),
        ProgressLine(dt.date(2022, 12, 1), MONTH, "完成制度修订"),
    ]
    assert reading.undated == ["已按要求推进"]


@pytest.mark.parametrize(
    "text", ["2022年13月5日：不是日期", "2023年2月30日：不是日期", "正在整改", "2022年11月8日："]
)
def test_what_is_not_a_dated_entry_is_not_taken(text):
    reading = read_progress(text)
    assert reading.entries == [] and reading.undated == [text]


def test_empty_cell():
    assert read_progress("") == read_progress(None) == read_progress("  \n ")
    assert read_progress("").entries == [] and read_progress("").undated == []
