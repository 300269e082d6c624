"""Chinese punctuation (GB/T 15834) for text typed or imported with ASCII marks: the rule, its
reversibility and idempotence, and the document blocks that apply it (issue #20)."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhenggai.core.punctuation import ascii_beside_chinese, normalise, revert
from zhenggai.documents.layout import Heading, OfficialDocument, Paragraph, Table


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("巡察反馈问题12项,已完成10项:", "巡察反馈问题12项，已完成10项："),
        ("防止问题反弹;对长期整改任务", "防止问题反弹；对长期整改任务"),
        ("是否整改到位?确保!", "是否整改到位？确保！"),
        ("(一)加强组织领导", "（一）加强组织领导"),
        ("(1)召开专题会议", "（1）召开专题会议"),
        ("方案(沾科党字〔2022〕22号),分解任务", "方案（沾科党字〔2022〕22号），分解任务"),
        ("使用Excel(xlsx)格式", "使用Excel（xlsx）格式"),
        ("问题 , 已完成", "问题，已完成"),  # the spaces a full-width mark makes unneeded
        ("  (一) 组织", "  （一）组织"),  # a line's indentation stays
        ("好!!", "好！！"),
        ("（一)加强", "（一）加强"),  # one half typed full-width already
        ("第一行,\n第二行:", "第一行，\n第二行："),
    ],
)
def test_ascii_marks_beside_chinese_become_full_width(typed, stored):
    assert normalise(typed) == stored
    assert ascii_beside_chinese(stored) == []
    assert ascii_beside_chinese(typed) != []


@pytest.mark.parametrize(
    "text",
    [
        "上午10:30开会",  # a time
        "共1,000元",  # a thousands separator
        "2022-11-08",
        "完成率3.5%",
        "沾科党字〔2022〕22号",
        "f(x) and (ISO 9001), ok?",  # English stays English
        "Hello, world!",
        "比分3:2",
    ],
)
def test_numbers_dates_english_and_document_numbers_are_untouched(text):
    assert normalise(text) == text


def test_addresses_keep_their_marks_and_the_sentence_its_own():
    assert normalise("邮箱:zg@a.cn,电话:0543-1234") == "邮箱：zg@a.cn，电话：0543-1234"
    assert normalise("见https://a.cn/p?q=1,x=(2),请登录") == "见https://a.cn/p?q=1,x=(2)，请登录"
    assert normalise("网址www.bz.gov.cn/a?b=1;请查看") == "网址www.bz.gov.cn/a?b=1；请查看"


def test_a_crafted_text_stays_linear():
    """Thousands of nested brackets and marks: bounded passes, linear time, nothing lost."""
    text = "中" + "(" * 5000 + "," * 5000 + ")" * 5000
    started = time.perf_counter()
    out = normalise(text)
    found = ascii_beside_chinese(out)
    assert time.perf_counter() - started < 10
    assert len(out) == len(text) and out.startswith("中（（") and out.endswith("））")
    assert revert(out) == text and found  # what the cap left is reported, not hidden


_PIECES = st.sampled_from(
    [
        "整改",
        "问题",
        "abc",
        "x",
        "12",
        "3.5",
        "2022-11-08",
        " ",
        "\n",
        ",",
        ";",
        ":",
        "!",
        "?",
        "(",
        ")",
        "。",
        "、",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_idempotent_and_leaves_nothing_to_fix(text):
    once = normalise(text)
    assert normalise(once) == once
    assert ascii_beside_chinese(once) == []


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_reversible_where_no_space_was_dropped(text):
    """revert(normalise(t)) == t for any text without full-width marks of its own (drawn from
    pieces that hold none) where normalise dropped no space."""
    once = normalise(text)
    if len(once) == len(text):
        assert revert(once) == text


def test_every_document_block_carries_chinese_punctuation():
    doc = OfficialDocument(
        title=("中共某局党组", "关于整改进展情况的", "通　报"),
        blocks=(
            Heading(1, "一、整改工作开展情况"),
            Heading(2, "(一)组织落实整改情况"),
            Paragraph("一是加强组织领导,成立领导小组。", lead="整改进展情况:"),
            Table(header=("序号", "措施(内容)"), rows=(("1", "召开会议,研究部署"),), caption="附表:措施"),
        ),
        signature="中共某局党组",
        date_text="2023年3月29日",
    )
    texts = doc.texts()
    assert "（一）组织落实整改情况" in texts
    assert "整改进展情况：一是加强组织领导，成立领导小组。" in texts
    assert {"措施（内容）", "召开会议，研究部署", "附表：措施"} <= set(texts)
    assert [t for t in texts if ascii_beside_chinese(t)] == []
