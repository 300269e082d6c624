"""The pure parts: marking spans up safely, lead phrases, default dates, figure lines."""

import datetime as dt

import pytest

from zhenggai.intake_ui.markup import Span, marked_source, nested
from zhenggai.intake_ui.services import add_months, lead_phrase, parse_figures, progress_default


def S(start, end, field, kind="f"):
    return Span(start, end, field, kind, "标签")


def test_marks_nest_and_crossing_spans_are_skipped():
    text = "0123456789"
    spans = [
        S(0, 10, "outer"),
        S(2, 5, "inner"),
        S(4, 8, "crossing"),
        S(6, 8, "later"),
        S(3, 3, "empty"),
        S(8, 99, "outside"),
    ]
    assert [s.field for s in nested(spans, len(text))] == ["outer", "inner", "later"]
    html = str(marked_source(text, spans))
    assert html == (
        '<mark class="src-f" data-field="outer" title="标签">01'
        '<mark class="src-f" data-field="inner" title="标签">234</mark>5'
        '<mark class="src-f" data-field="later" title="标签">67</mark>89</mark>'
    )


def test_identical_and_adjacent_spans():
    html = str(marked_source("abcd", [S(0, 2, "a"), S(0, 2, "b"), S(2, 4, "c")]))
    assert html == (
        '<mark class="src-f" data-field="a" title="标签"><mark class="src-f" data-field="b" title="标签">ab</mark></mark>'
        '<mark class="src-f" data-field="c" title="标签">cd</mark>'
    )


def test_everything_is_escaped():
    text = '<script>alert("x")</script>&'
    html = str(marked_source(text, [S(0, 8, 'f"><b>', "t")]))
    assert "<script>" not in html and "<b>" not in html
    assert html.startswith(
        '<mark class="src-t" data-field="f&quot;&gt;&lt;b&gt;" title="标签">&lt;script&gt;</mark>'
    )
    assert html.endswith("&lt;/script&gt;&amp;")


@pytest.mark.parametrize(
    "text, lead",
    [
        (
            "建立高新技术企业储备库。2023年1月,与工信部门协同联动,截止目前,已储备企业40家。",
            "建立高新技术企业储备库",
        ),
        (
            "加强对农业科技创新工作重视,2023年1月31日召开专题会议学习贯彻重要精神。",
            "加强对农业科技创新工作重视",
        ),
        (
            "2022年12月,引进山东数聚公司在我区建设众创空间,指导昶昇水产、尚亿食品等企业进行科技型中小企业认定和高新技术企业申报。",
            "2022年12月,引进山东数聚公司在我区建设众创空间",
        ),
        ("明确工作任务,细化工作措施。", "明确工作任务"),
        ("建立制度。", "建立制度"),
        ("一" * 80, "一" * 60 + "…"),
    ],
)
def test_lead_phrase(text, lead):
    assert lead_phrase(text) == lead


def test_add_months_keeps_the_day_within_the_month():
    assert add_months(dt.date(2022, 11, 4), 3) == dt.date(2023, 2, 4)
    assert add_months(dt.date(2022, 11, 30), 3) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2023, 10, 31), 3) == dt.date(2024, 1, 31)


def test_progress_dates_are_clamped_and_flagged():
    data = {"period_start": "2022-06-28", "signature_date": "2023-03-29"}
    today = dt.date(2023, 4, 1)
    assert progress_default(data, {"dates": ["2022-11-08"]}, today) == ("2022-11-08", "day", "")
    assert progress_default(data, {"dates": ["2022-12"]}, today) == ("2022-12-01", "month", "")
    assert progress_default(data, {"dates": ["2022-06"]}, today) == ("2022-06-28", "month", "")  # same month
    assert progress_default(data, {"dates": []}, today) == ("2023-03-29", "as_of", "")
    day, precision, note = progress_default(data, {"dates": ["2019-09-18", "2022-11-08"]}, today)
    assert (day, precision) == ("2023-03-29", "as_of") and "早于巡察进驻日期" in note
    day, precision, note = progress_default(data, {"dates": ["2023-12-31"]}, today)
    assert (day, precision) == ("2023-03-29", "as_of") and "晚于今天" in note
    assert progress_default({}, {"dates": []}, today)[0] is None


def test_figure_lines():
    previous = [{"value": 40, "unit": "家", "text": "40家", "span": [5, 8]}]
    assert parse_figures("40家\n储备企业:41 家\n1.05亿元\n\n35%", previous) == [
        {"value": 40, "unit": "家", "text": "40家", "span": [5, 8]},
        {"value": 41, "unit": "家", "text": "41家", "label": "储备企业"},
        {"value": 1.05, "unit": "亿元", "text": "1.05亿元"},
        {"value": 35, "unit": "%", "text": "35%"},
    ]
    with pytest.raises(ValueError, match="无法识别"):
        parse_figures("四十家")
    with pytest.raises(ValueError, match="过大"):
        parse_figures("1234567890123家")
