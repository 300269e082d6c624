"""The neutral document model and Chinese numbering."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.documents.sample import seed_notice
from zhenggai.documents.layout.model import (
    Heading,
    OfficialDocument,
    Paragraph,
    Spacer,
    Table,
    chinese_ordinal,
    display_width,
    enumerate_yishi,
    format_cn_date,
    join_yishi,
    level1_marker,
    level2_marker,
    level3_marker,
    level4_marker,
    marker_level,
    parse_chinese_ordinal,
    signature_indents,
)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (999, "九百九十九"),
    ],
)
def test_chinese_ordinal(n, text):
    assert chinese_ordinal(n) == text
    assert parse_chinese_ordinal(text) == n


@given(st.integers(min_value=1, max_value=999))
def test_ordinal_round_trip(n):
    assert parse_chinese_ordinal(chinese_ordinal(n)) == n


@pytest.mark.parametrize("bad", [0, -1, 1000])
def test_ordinal_range(bad):
    with pytest.raises(ValueError):
        chinese_ordinal(bad)


def test_parse_ordinal_variants():
    assert parse_chinese_ordinal("二〇二三") == 2023
    assert parse_chinese_ordinal("两") == 2
    assert parse_chinese_ordinal("abc") is None
    assert parse_chinese_ordinal("") is None


def test_markers():
    assert level1_marker(1) == "一、"
    assert level1_marker(12) == "十二、"
    assert level2_marker(3) == "（三）"  # full-width parentheses, nothing after
    assert level3_marker(4) == "4."
    assert level4_marker(2) == "（2）"
    assert [enumerate_yishi(i) for i in (1, 2, 3, 10)] == ["一是", "二是", "三是", "十是"]
    assert join_yishi(["加强组织领导", "强化责任落实。"]) == "一是加强组织领导。二是强化责任落实。"


def test_marker_level():
    assert marker_level("一、整改工作开展情况") == 1
    assert marker_level("（一）组织落实整改情况。") == 2
    assert marker_level("(二)关于……") == 2
    assert marker_level("1.加强学习") == 3
    assert marker_level("（1）加强学习") == 3
    assert marker_level("1.5亿元") is None
    assert marker_level("整改进展情况：") is None


def test_date_uses_arabic_numerals_without_zeros():
    assert format_cn_date(dt.date(2023, 3, 29)) == "2023年3月29日"
    assert format_cn_date(dt.date(2022, 11, 4)) == "2022年11月4日"


def test_paragraph_lead_level():
    assert Paragraph("一是……", lead="（一）组织落实整改情况。").effective_lead_level == 2
    assert Paragraph("……", lead="一、总体情况").effective_lead_level == 1
    assert Paragraph("……", lead="1.学习").effective_lead_level == 3
    assert Paragraph("一是……", lead="整改进展情况：").effective_lead_level == 2
    assert Paragraph("……", lead="整改进展情况：", lead_level=3).effective_lead_level == 3
    assert Paragraph("……").effective_lead_level is None


def test_validation():
    with pytest.raises(ValueError):
        Heading(4, "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Table(("a", "b"), (("1",),))
    with pytest.raises(ValueError):
        Table(("a", "b"), (), col_widths=(1, 0))
    with pytest.raises(ValueError):
        OfficialDocument(title="  ")
    with pytest.raises(TypeError):
        OfficialDocument(title="t", blocks=("not a block",))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Spacer(0)


def test_table_normalises_and_widths():
    table = Table(["序号", "问题"], [[1, None]], col_widths=[1, 3])
    assert table.rows == (("1", ""),)
    assert table.relative_widths() == (0.25, 0.75)
    assert Table(("a", "b"), ()).relative_widths() == (0.5, 0.5)


def test_title_lines():
    doc = OfficialDocument(title=["第一行", "第二行"])
    assert doc.title_lines == ("第一行", "第二行")
    assert doc.title_text == "第一行第二行"
    assert OfficialDocument(title="甲\n乙").title_lines == ("甲", "乙")
    assert OfficialDocument(title="一行标题").title_lines == ("一行标题",)


def test_documents_are_frozen():
    doc = seed_notice()
    with pytest.raises(AttributeError):
        doc.title = "x"  # type: ignore[misc]
    assert isinstance(doc.blocks, tuple)
    assert hash(doc.blocks[0])


def test_seed_notice_shape():
    doc = seed_notice()
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings[0] == "一、整改工作开展情况"
    assert "二、反馈意见整改进展情况" in headings
    assert headings[-1] == "三、今后整改工作打算"
    assert sum(1 for h in headings if h.startswith("（")) == 5
    progress = [b for b in doc.blocks if isinstance(b, Paragraph) and b.lead == "整改进展情况："]
    assert len(progress) == 5 and all(p.text.startswith("一是") for p in progress)
    assert doc.signature == "中共滨州市沾化区科学技术局党组"
    assert doc.date_text == "2023年3月29日"


def test_display_width():
    assert display_width("整改") == 2
    assert display_width("2023年3月29日") == 6.5
    assert display_width("— 1 —") == 3.5


def test_signature_indents():
    # short signature: the date four characters from the right, the signature centred over it
    sig, date = signature_indents("区科技局", "2023年3月29日")
    assert date == 4
    assert sig + 2 == pytest.approx(date + 6.5 / 2)
    # long signature: keeps two characters, the date moves left and stays centred under it
    sig, date = signature_indents("中共滨州市沾化区科学技术局党组", "2023年3月29日")
    assert sig == 2
    assert date == pytest.approx(2 + 15 / 2 - 6.5 / 2)
