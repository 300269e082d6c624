"""Reading 整改时限 cells: dates, serials, text dates, fuzzy dates and kind words."""

import datetime as dt

import pytest

from zhenggai.documents.xlsx.dates import normalise_kind, read_deadline

D = dt.date


@pytest.mark.parametrize(
    ("value", "deadline", "text", "kind", "noted"),
    [
        (dt.datetime(2023, 1, 31, 0, 0), D(2023, 1, 31), "", None, False),
        (D(2023, 1, 31), D(2023, 1, 31), "", None, False),
        ("2023.1.31", D(2023, 1, 31), "", None, False),
        ("2023-01-31", D(2023, 1, 31), "", None, False),
        ("2023/1/31", D(2023, 1, 31), "", None, False),
        (" 2023 年 1 月 31 日前 ", D(2023, 1, 31), "", None, False),
        ("20230131", D(2023, 1, 31), "", None, False),
        ("2022年12月底", D(2022, 12, 31), "2022年12月底", None, True),
        ("2023年2月", D(2023, 2, 28), "2023年2月", None, True),
        ("2024.2", D(2024, 2, 29), "2024.2", None, True),
        ("2023年6月中旬", D(2023, 6, 20), "2023年6月中旬", None, True),
        ("2022年底", D(2022, 12, 31), "2022年底", None, True),
        ("2023年上半年", D(2023, 6, 30), "2023年上半年", None, True),
        ("2023年第三季度", D(2023, 9, 30), "2023年第三季度", None, True),
        ("二〇二三年三月底", D(2023, 3, 31), "二〇二三年三月底", None, True),
        ("2022年11月—2023年3月", D(2023, 3, 31), "2022年11月—2023年3月", None, True),
        (44926, D(2022, 12, 31), "", None, True),
        ("长期", None, "长期", "长期坚持", False),
        ("长期坚持", None, "长期坚持", "长期坚持", False),
        ("持续整改", None, "持续整改", "长期坚持", False),
        ("立行立改", None, "立行立改", "立行立改", False),
        ("立行立改，2022年11月30日前", D(2022, 11, 30), "", "立行立改", False),
        (None, None, "", None, False),
        ("", None, "", None, False),
    ],
)
def test_readings(value, deadline, text, kind, noted):
    reading = read_deadline(value)
    assert reading.error is None
    assert (reading.deadline, reading.text, reading.kind) == (deadline, text, kind)
    assert bool(reading.note) == noted


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("下周", "无法识别的整改时限“下周”"),
        ("2023年2月30日", "日期不存在“2023年2月30日”"),
        ("2023.13", "月份不存在“2023.13”"),
        ("1000户", "年份不合理“1000户”"),
        (True, "无法识别的整改时限“True”"),
        (3.5, "无法识别的整改时限“3.5”"),
    ],
)
def test_errors(value, message):
    assert read_deadline(value).error == message


def test_kind_words():
    assert normalise_kind("立即整改") == "立行立改"
    assert normalise_kind("分阶段整改") == "限期整改"
    assert normalise_kind("长期坚持整改。") == "长期坚持"
    assert normalise_kind("马上") is None and normalise_kind("") is None
