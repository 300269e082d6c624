"""Chinese numerals and dates in every form notices use."""

import pytest

from zhenggai.intake.dates import iso_bounds, parse_date, resolve_years, scan_dates
from zhenggai.intake.numerals import cn_to_int, parse_int


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十一", 21),
        ("一百五十七", 157),
        ("一百零五", 105),
        ("两千", 2000),
        ("三万五千", 35000),
        ("二〇二二", 2022),
        ("二零二三", 2023),
        ("两", 2),
    ],
)
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


def test_parse_int_forms():
    assert parse_int("12") == 12
    assert parse_int("１２") == 12  # full-width digits
    assert parse_int("十五") == 15
    assert parse_int("abc") is None
    assert parse_int("") is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2022年11月4日", "2022-11-04"),
        ("2022年 11 月 4 日", "2022-11-04"),
        ("2022年11月", "2022-11"),
        ("二〇二二年十一月", "2022-11"),
        ("二〇二二年十一月四日", "2022-11-04"),
        ("二〇二三年三月二十九日", "2023-03-29"),
        ("二零二一年十二月三十一日", "2021-12-31"),
        ("2022.11.4", "2022-11-04"),
        ("2022-11-04", "2022-11-04"),
        ("2022/11/4", "2022-11-04"),
        ("2025年09月04日", "2025-09-04"),
        ("2021915日", "2021-09-15"),  # damaged: 年 and 月 lost
        ("20211228日", "2021-12-28"),
        ("2022年8月下旬", "2022-08"),
        ("2022年9月底", "2022-09"),
        ("2023年1月初", "2023-01"),
    ],
)
def test_explicit_dates(text, iso):
    assert parse_date(text) == iso


def test_ambiguous_damaged_date_is_not_guessed():
    assert parse_date("2021111日") is None  # 2021-1-11 or 2021-11-1


def test_no_false_dates():
    for text in ("统一是", "一月一报告", "3个月", "251023.54万元", "2022年度", "第5轮", "1.05亿元"):
        assert scan_dates(text) == [], text


def test_year_inferred_from_context():
    refs = scan_dates("2022年6月28日至8月22日,巡察组对我局开展了巡察。11月4日,巡察组反馈了巡察意见。")
    resolve_years(refs)
    assert [r.value for r in refs] == ["2022-06-28", "2022-08-22", "2022-11-04"]
    assert [r.inferred for r in refs] == [False, True, True]


def test_year_rolls_over_after_year_end():
    refs = scan_dates("2024年10月10日至11月8日开展巡察,1月15日反馈了巡察意见。")
    resolve_years(refs)
    assert [r.value for r in refs] == ["2024-10-10", "2024-11-08", "2025-01-15"]


def test_range_end_crossing_year():
    refs = scan_dates("2024年12月26日至1月26日")
    resolve_years(refs)
    assert [r.value for r in refs] == ["2024-12-26", "2025-01-26"]


def test_range_forms():
    refs = scan_dates("2024年5月8日—5月24日;2020年6月1日至30日;2022年8月下旬至9月底;2023年3月至5月")
    resolve_years(refs)
    assert [r.value for r in refs] == [
        "2024-05-08",
        "2024-05-24",
        "2020-06-01",
        "2020-06-30",
        "2022-08",
        "2022-09",
        "2023-03",
        "2023-05",
    ]
    assert refs[1].range_end_of == 0


def test_this_year_resolves_against_document_year_and_upper_bound():
    # 005: posted 2023-01-06, “今年8月” is the hearing of August 2022, not a future August 2023
    import datetime as dt

    refs = scan_dates("今年8月,市人大常委会听取和审议了审计工作报告。")
    resolve_years(refs, upper=dt.date(2023, 1, 6), fallback_year=2023)
    assert refs[0].value == "2022-08"
    # 017: “今年1月6日” after a feedback of 2020-01-03
    refs = scan_dates("2020年1月3日,中央巡视组反馈了巡视意见。今年1月6日、1月21日,党组专题研究整改方案。")
    resolve_years(refs)
    assert [r.value for r in refs] == ["2020-01-03", "2020-01-06", "2020-01-21"]


def test_inferred_date_never_after_the_upper_bound():
    import datetime as dt

    refs = scan_dates("2023年1月31日召开会议。12月10日,引进企业。")
    resolve_years(refs, upper=dt.date(2023, 3, 29))
    assert [r.value for r in refs] == ["2023-01-31", "2022-12-10"]


def test_month_day_without_any_year_stays_unknown():
    refs = scan_dates("11月4日反馈")
    resolve_years(refs)
    assert refs[0].value is None


def test_iso_bounds():
    assert iso_bounds("2022-02") == (
        __import__("datetime").date(2022, 2, 1),
        __import__("datetime").date(2022, 2, 28),
    )
    assert iso_bounds("bad") is None
    assert iso_bounds(None) is None
