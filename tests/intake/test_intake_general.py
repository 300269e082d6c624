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


def test_statuses_stated_later_in_their_own_sentence_with_a_zero():
    got = _read(
        HEAD + "县委第一巡察组反馈的意见中指出了3个方面8个问题。局党组高度重视,立即召开党组会议研究。\n"
        "局党组不折不扣完成巡察整改任务,截至目前,巡察问题8个,已完成整改7个,阶段性完成1个,未完成0个。"
    )
    assert tuple(got[k] for k in ("problems_total", "completed", "phased_longterm", "in_progress")) == (
        8,
        7,
        1,
        0,
    )


def test_a_qualifier_inside_the_status_after_the_count():
    got = _read(HEAD + "巡察反馈的41个问题中共30个问题已完成(含基本完成)整改,仍需长期整改11个。")
    assert (got["problems_total"], got["completed"], got["phased_longterm"]) == (41, 30, 11)


def test_a_close_out_laid_out_as_a_form():
    got = _read(
        "省委生态环境保护督察整改任务(序号43)验收公示\n发表时间:2023-01-09\n"
        "市生态环境局牵头负责的督察整改任务第43项已整改完成,并通过核查验收。现将该项任务整改情况公示\n"
        "一、整改任务\n河塘沟渠黑臭水体较普遍。某某县某某村一坑塘倾倒大量秸秆,水体黑臭。\n"
        "二、整改措施\n(1)调查核实督察组反馈的黑臭水体问题,限期整改到位。\n"
        "三、整改完成情况\n(1)督察组反馈的3处水体黑臭问题均已整改完毕。\n"
        "如果对该任务整改公示情况有异议,请在公示期间向验收单位反映。\n"
        "联 系 人:李某\n手机号码:18300000000\n固定电话:6667605\n电子邮箱:hbj@126.com\n市生态环境局"
    )
    assert got["problem_titles"] == ["河塘沟渠黑臭水体较普遍。某某县某某村一坑塘倾倒大量秸秆,水体黑臭"]
    assert (got["problems_total"], got["completed"]) == (1, 1)  # 第43项 is the task's number
    assert (got["contact_phone"], got["contact_email"]) == ("6667605", "hbj@126.com")  # the office's line


def test_a_signature_broken_over_two_lines():
    got = _read(
        "中央环保督察反馈意见第二十七项整改任务已完成整改任务,现将有关情况公示如下:\n一、整改任务\n"
        "污水处理设施建设滞后。\n公示时间(2020年3月27日-4月2日),请社会各界予以监督。\n"
        "某某县中央环境保护督察反馈意见\n整改工作领导小组办公室\n2020年3月27日"
    )
    assert got["issuer"] == "某某县中央环境保护督察反馈意见整改工作领导小组办公室"
    assert got["signature_date"] == "2020-03-27"
    assert got["problem_titles"] == ["污水处理设施建设滞后"]


def test_the_publication_date_after_the_title_on_its_line():
    got = _read(
        "中共某某区民政局党组关于区委巡察整改进展情况的通报 2026-02-13\n"
        "根据区委统一部署,区委第二巡察组于2025年6月对区民政局党组开展了巡察,并于2025年9月8日反馈了巡察意见。"
    )
    assert (got["publication_date"], got["feedback_date"]) == ("2026-02-13", "2025-09-08")


@pytest.mark.parametrize(
    ("sentence", "round_", "group"),
    [
        (
            "2022年8月29日至10月28日,市委第二轮第二巡察组对市民政局党组开展了巡察。",
            "市委第二轮",
            "第二巡察组",
        ),
        ("2023年9月,党工委第一巡察组对环境水务局党组开展了巡察。", None, "党工委第一巡察组"),
        (
            "2024年9月11日至9月30日,市委涉水生态问题机动巡察组对区委开展了机动巡察。",
            None,
            "市委涉水生态问题机动巡察组",
        ),
    ],
)
def test_fused_rounds_and_named_groups(sentence, round_, group):
    got = _read(HEAD + sentence)
    assert (got["round"], got["group"]) == (round_, group)


def test_a_status_section_is_not_a_group_and_the_plans_committee_names_the_issuer():
    got = _read(
        "根据市委统一部署,2023年7月3日至9月10日,市委第四巡察组对中心党委进行了巡察。11月14日,市委巡察组向中心党委"
        "反馈了巡察意见。中心党委研究制定《中共某某市疾病预防控制中心委员会关于市委巡察反馈意见整改方案》。\n"
        "二、整改进展情况\n(一)集中整改期内已完成(含基本完成)的整改事项\n1.关于“信息化水平低”问题的整改\n"
        "整改情况:已建成平台。\n2.关于“队伍建设滞后”问题的整改\n整改情况:已招聘5人。"
    )
    assert got["issuer"] == "中共某某市疾病预防控制中心委员会"  # 中心党委 is only its kind
    assert got["problem_groups"] == []
    assert got["problem_titles"] == ["关于“信息化水平低”问题的整改", "关于“队伍建设滞后”问题的整改"]


def test_a_completion_notice_of_several_problems_keeps_its_counts():
    """A 整改完成情况的公示 listing several problems, one still open, is not a single close-out."""
    got = _read(
        "中共某某县住建局党组关于巡察反馈问题整改完成情况的公示\n根据县委统一部署,县委第二巡察组于2023年3月对县住建局党组"
        "开展了巡察。巡察反馈问题3个,已完成整改2个,正在整改1个。\n一、反馈问题:学习不深入\n整改情况:已完成。\n"
        "二、反馈问题:制度不健全\n整改情况:已完成。\n三、反馈问题:项目监管不严\n整改情况:正在整改。"
    )
    assert tuple(got[k] for k in ("problems_total", "completed", "in_progress")) == (3, 2, 1)
    assert got["problem_titles"] == ["学习不深入", "制度不健全", "项目监管不严"]
