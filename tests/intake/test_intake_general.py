"""General rules of the reader, each on a notice written for it (not taken from any corpus).

Each case is one class of wording that real notices use and the first reader missed: a total introduced
by another verb, a total implied by the statuses, qualifiers inside a status phrase, single-task close-out
公示, objections channels, issuers named only as the owner of that channel, a round's summary listing
the inspected units, qualified and unnumbered groups, dates that lost their 年/月, 反馈 as a noun, a year
taken from the inspection rather than the page's line, labels left in front of titles, and Q&A texts.
"""

from __future__ import annotations

import pytest

from zhenggai.intake.reader import read_notice

HEAD = "中共某某县水利局党组关于巡察整改进展情况的通报\n"


def _read(text: str) -> dict:
    return read_notice(text).to_json()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # a ledger "built" with N items, not 反馈
            "县委第二巡察组于2023年4月10日至5月30日对县水利局党组开展了巡察。局党组对照反馈意见建立问题台账16项,"
            "制定整改措施45条。截至目前,已完成整改14项,正在整改2项。",
            (16, 14, None, 2),
        ),
        (  # the total only as the sum of the statuses
            "2024年6月5日,巡察组反馈了巡察意见。截至目前,反馈问题已整改完成9个,正在整改3个。",
            (12, 9, None, 3),
        ),
        (  # 已 before 基本完成
            "对巡察反馈的20个问题,已完成整改15个,已基本完成3个,正在推进2个。",
            (20, 15, 3, 2),
        ),
        (  # a bracketed qualifier inside the status phrase
            "巡察反馈问题共计18个,目前已完成(含基本完成)16个,正在整改2个。",
            (18, 16, None, 2),
        ),
    ],
)
def test_count_sentences(body, expected):
    got = _read(HEAD + body)
    assert (
        tuple(got[k] for k in ("problems_total", "completed", "phased_longterm", "in_progress")) == expected
    )


def test_counts_of_one_answer_in_a_q_and_a_are_not_the_whole():
    text = (
        "某某市审计局就审计工作报告反映问题整改情况答记者问\n问:请介绍一下审计整改的总体情况。\n"
        "答:市审计局持续跟踪督促整改。\n问:在乡村振兴资金方面发现了什么问题?\n"
        "答:审计发现该项资金存在问题12个,已完成整改10个,正在整改2个。"
    )
    got = _read(text)
    assert (got["problems_total"], got["completed"], got["in_progress"]) == (None, None, None)
    whole = text.replace(
        "答:市审计局持续跟踪督促整改。", "答:审计工作报告反映的问题共计40个,已完成整改36个。"
    )
    assert (_read(whole)["problems_total"], _read(whole)["completed"]) == (40, 36)


def test_single_task_close_out_after_a_label_with_the_objections_channel():
    got = _read(
        "关于某某市生态环境保护督察反馈问题整改销号的公示\n"
        "按照《某某省生态环境保护督察整改销号办法》规定,经现场核查,以下整改任务已达到销号条件,现予以公示。\n"
        "整改任务:某某河流域部分入河排污口设置不规范,雨污混流问题突出。\n"
        "公示时间:2023年7月3日至7月9日。如有异议,请联系某某市生态环境局,联系电话:0571-87654321,"
        "邮箱sthjj@mou.gov.cn。"
    )
    assert got["problem_titles"] == ["某某河流域部分入河排污口设置不规范,雨污混流问题突出"]
    assert (got["problems_total"], got["completed"]) == (1, 1)
    assert got["issuer"] == "某某市生态环境局"  # named only as the body taking objections
    assert (got["contact_phone"], got["contact_email"]) == ("0571-87654321", "sthjj@mou.gov.cn")


def test_single_task_in_quotes_and_the_owner_of_the_objections_mailbox():
    got = _read(
        "关于审计查出问题整改销号情况的公示\n经核查,某某镇人民政府对2022年度经济责任审计中指出的"
        "“专项资金未按规定用途使用”问题已整改到位,达到销号标准,现予公示。公示期为5个工作日。"
        "如有异议,请发送邮件至某某县住房和城乡建设局邮箱zjj@163.com。"
    )
    assert got["problem_titles"] == ["专项资金未按规定用途使用"]
    assert (got["problems_total"], got["completed"]) == (1, 1)
    assert got["issuer"] == "某某县住房和城乡建设局"
    assert got["contact_email"] == "zjj@163.com"


def test_a_notice_that_is_not_a_close_out_gets_no_implied_task():
    got = _read(HEAD + "县委第三巡察组对县水利局党组开展了巡察。我们对“河长制落实不到位”问题高度重视。")
    assert got["problems_total"] is None and got["problem_titles"] == []


def test_a_rounds_summary_names_the_inspected_units_not_the_issuer():
    got = _read(
        "市委巡察办关于十届市委第三轮巡察整改情况的通报\n根据市委统一部署,2023年3月至5月,十届市委第三轮巡察对"
        "市教育局、市卫健委、市医保局等8个单位党组织开展了巡察。"
    )
    assert got["issuer"] == "市委巡察办"
    assert got["round"] == "十届市委第三轮巡察"


@pytest.mark.parametrize(
    ("sentence", "group"),
    [
        ("2024年4月8日至5月30日,县委第二提级交叉巡察组对某某镇党委开展了巡察。", "县委第二提级交叉巡察组"),
        ("2023年9月,市委第三交叉巡察组对某某镇党委开展了巡察。", "市委第三交叉巡察组"),
        ("2023年9月,县委巡察组对我村开展了巡察,10月18日进行巡察反馈。", "县委巡察组"),
    ],
)
def test_groups_with_a_qualifier_or_no_number(sentence, group):
    assert _read(HEAD + sentence)["group"] == group


def test_a_numbered_group_wins_over_an_unnumbered_mention():
    got = _read(HEAD + "县委巡察组进驻前,县委第四巡察组于2023年3月6日至4月20日对县水利局党组开展了巡察。")
    assert got["group"] == "县委第四巡察组"


def test_dates_that_lost_their_year_and_month_characters():
    got = _read(HEAD + "区委第六巡察组于2024717日至830日对区司法局党组开展了巡察,20241015日反馈了巡察意见。")
    assert (got["period_start"], got["period_end"], got["feedback_date"]) == (
        "2024-07-17",
        "2024-08-30",
        "2024-10-15",
    )


def test_feedback_as_a_noun():
    got = _read(HEAD + "县委第一巡察组于2023年9月4日至10月28日对县水利局党组开展了巡察,12月6日进行巡察反馈。")
    assert got["feedback_date"] == "2023-12-06"


def test_the_year_of_the_inspection_not_the_pages_line():
    got = _read(
        HEAD + "2024-03-05 10:21 县政府网\n根据县委统一部署,2023年县委第二轮巡察第一巡察组于9月4日至10月28日"
        "对县水利局党组开展了巡察,12月6日进行巡察反馈。"
    )
    assert (got["period_start"], got["period_end"], got["feedback_date"]) == (
        "2023-09-04",
        "2023-10-28",
        "2023-12-06",
    )
    assert got["publication_date"] == "2024-03-05"  # the page's own line: when it was posted


def test_an_audit_year_is_not_the_inspection_year():
    got = _read(
        "某某市审计局关于2021年度市本级预算执行审计查出问题整改情况的报告\n发布日期:2023-01-06\n"
        "今年8月,市人大常委会会议听取和审议了审计工作报告。"
    )
    assert got["feedback_date"] == "2022-08"  # 今年 is the report's year, not the budget year 2021


def test_labels_left_in_front_of_titles_are_dropped():
    got = _read(
        HEAD
        + "市委第二巡察组于2023年5月对市住建局党组进行了巡察,6月30日反馈了巡察意见。现将整改进展情况通报如下。\n"
        "一、反馈问题:学习贯彻党的二十大精神不深入\n整改情况:已完成。\n"
        "二、反馈问题:落实意识形态工作责任制不到位\n整改情况:已完成。"
    )
    assert got["problem_titles"] == ["学习贯彻党的二十大精神不深入", "落实意识形态工作责任制不到位"]


def test_an_e_mail_after_邮箱_with_no_colon():
    got = _read(
        HEAD + "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话0539-7654321,邮箱jtj1234@163.com。"
    )
    assert (got["contact_phone"], got["contact_email"]) == ("0539-7654321", "jtj1234@163.com")


def test_a_group_heading_run_together_with_its_first_problem():
    text = (
        HEAD + "市委第二巡察组于2023年5月对市住建局党组进行了巡察。二、巡察反馈问题整改落实情况"
        "(一)在落实主体责任方面1.党组主体责任落实不到位。整改情况:已完成。2.督促指导下属单位不够。整改情况:已完成。"
        "(二)在作风建设方面1.调查研究不深入。整改情况:正在整改。"
    )
    text = text.replace(
        "进行了巡察。", "进行了巡察。" + "局党组高度重视巡察整改工作,坚持以上率下、逐项推进。" * 3
    )
    assert "\n" not in text[len(HEAD) :]  # the page's text runs on one line
    got = _read(text)
    assert got["problem_groups"] == ["在落实主体责任方面", "在作风建设方面"]
    assert got["problem_titles"] == ["党组主体责任落实不到位", "督促指导下属单位不够", "调查研究不深入"]
