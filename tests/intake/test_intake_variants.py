"""Notices written in other styles than the corpus (written for these tests): numbering, count phrasing,
Chinese-numeral dates, P.O. boxes, month-only periods. They guard the reader's generality."""

import pytest

from zhenggai.intake import check_notice, read_notice
from zhenggai.intake.counts import find_counts

COUNTY = """中共青山县市场监督管理局党组关于十五届县委第三轮巡察整改进展情况的通报
发布日期：2024-03-15　来源：青山县市场监督管理局　浏览次数：321
根据县委统一部署，2023年9月11日至10月27日，县委第一巡察组对县市场监督管理局党组开展了常规巡察。2023年11月28日，县委第一巡察组向县市场监督管理局党组反馈了巡察意见。按照党务公开原则和巡察工作有关要求，现将巡察整改进展情况予以公布。
一、履行整改主体责任情况
局党组坚持把巡察整改作为重大政治任务。12月5日，召开巡察整改专题民主生活会。12月8日，研究制定《青山县市场监督管理局党组关于落实县委第一巡察组反馈意见的整改方案》（青市监党〔2023〕31号）。
二、整改落实情况
针对县委巡察反馈的2个方面3个问题，局党组制定整改措施12条。截至目前，已完成整改2个，正在整改1个。
三、巡察反馈问题整改情况
（一）在“学习贯彻习近平新时代中国特色社会主义思想”方面
1.理论学习不够深入系统。
整改情况：（1）修订党组理论学习中心组学习制度，2024年1月开展集中学习4次。（2）组织全体党员赴红色教育基地开展主题党日活动2次。
2.意识形态工作责任制落实不到位。
整改情况：（1）召开意识形态工作专题会议3次。（2）建立意识形态风险研判台账。
（二）在“落实全面从严治党责任”方面
3.“一岗双责”落实不到位。
整改情况：（1）班子成员与分管股室签订党风廉政建设责任书18份。（2）开展廉政谈话36人次。
四、下一步工作打算
局党组将持续巩固整改成果，推动市场监管工作高质量发展。
欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。
联系电话：0739—5212345
邮政信箱：青山县建设路18号县市场监督管理局办公室
电子邮箱：qsxscjg@163.com
中共青山县市场监督管理局党组
二〇二四年三月十二日"""

DISTRICT = """东江区教育局党委关于区委第二轮巡察集中整改进展情况的通报
根据区委巡察工作统一部署,区委第三巡察组于2022年4月中旬至6月底对区教育局党委进行了巡察,并于8月3日反馈了巡察意见。按照巡察工作有关要求,现将集中整改进展情况予以公布。
一、整改工作组织领导情况
(一)提高政治站位。区教育局党委第一时间召开会议,成立由党委书记任组长的巡察整改工作领导小组。
(二)整改事项完成情况。巡察组共反馈问题1大类2个,截至目前,已整改完成1个,1个问题需长期坚持整改。
二、巡察反馈问题整改落实情况
反馈问题一:党建工作与业务工作融合不够
整改情况:一是修订《党委会议事规则》;二是2022年9月起开展“党建+业务”结对活动,覆盖学校26所。
反馈问题二:校园安全隐患排查不彻底
整改情况:一是开展安全隐患大排查,排查隐患112处,已整改110处;二是对2所学校的消防设施进行更新。
三、下一步打算
持续深化整改。
欢迎社会各界监督。联系电话:(0755)26701234、13800138000;电子邮箱:djqjyj@example.gov.cn。
东江区教育局党委
2022年11月30日"""

TOWNSHIP_REPORT = """关于县委巡察组反馈意见整改情况的报告
县委：
根据县委统一部署，2021年3月1日—4月15日，县委第四巡察组对我乡党委开展了巡察，2021年5月20日反馈了巡察意见。我乡党委高度重视，现将整改情况报告如下：
一、关于巡察反馈问题的整改落实情况
（一）关于“落实上级决策部署不到位”的问题
整改措施：1.召开党委会专题研究；2.建立督查台账，开展督查5次。
整改成效：已完成整改。
（二）关于“集体经济发展缓慢”的问题
整改措施：引进企业3家，带动村集体增收45万元。
二、下一步工作打算
（略）
中共白石乡委员会
2021年8月31日"""


@pytest.fixture(scope="module")
def county():
    return read_notice(COUNTY)


def test_county_fields(county):
    assert county.issuer == "中共青山县市场监督管理局党组"
    assert county.round == "十五届县委第三轮巡察"
    assert county.group == "县委第一巡察组"
    assert (county.period_start, county.period_end, county.feedback_date) == (
        "2023-09-11",
        "2023-10-27",
        "2023-11-28",
    )
    assert county.plan_doc_number == "青市监党〔2023〕31号"
    assert county.plan_date == "2023-12-08"
    assert county.publication_date == "2024-03-15"
    assert county.signature_date == "2024-03-12"  # 二〇二四年三月十二日
    assert (county.problems_total, county.completed, county.in_progress, county.phased_longterm) == (
        3,
        2,
        1,
        None,
    )
    assert county.other["measures_total"] == 12
    assert county.contact_phone == "0739-5212345"
    assert county.contact_email == "qsxscjg@163.com"
    assert county.contact_address == "青山县建设路18号县市场监督管理局办公室"


def test_county_groups_and_problems(county):
    assert county.problem_groups == [
        "在“学习贯彻习近平新时代中国特色社会主义思想”方面",
        "在“落实全面从严治党责任”方面",
    ]
    assert county.problem_titles == [
        "理论学习不够深入系统",
        "意识形态工作责任制落实不到位",
        "“一岗双责”落实不到位",
    ]
    assert [p.group[:6] for p in county.problems] == ["在“学习贯彻", "在“学习贯彻", "在“落实全面"]
    first = county.problems[0].measures
    assert len(first) == 2
    assert [(f.value, f.unit) for f in first[0].figures] == [(4, "次")]
    assert first[0].dates[0].value == "2024-01"
    assert [(f.value, f.unit) for f in county.problems[2].measures[1].figures] == [(36, "人次")]


def test_county_is_consistent(county):
    assert [f.code for f in check_notice(county) if f.severity == "error"] == []


def test_district_p_numbering_and_month_period():
    p = read_notice(DISTRICT)
    assert p.issuer == "东江区教育局党委"
    assert p.group == "区委第三巡察组"
    assert (p.period_start, p.period_end, p.feedback_date) == ("2022-04", "2022-06", "2022-08-03")
    assert (p.problems_total, p.completed, p.phased_longterm) == (2, 1, 1)
    assert p.problem_titles == ["党建工作与业务工作融合不够", "校园安全隐患排查不彻底"]
    assert [len(x.measures) for x in p.problems] == [2, 2]
    assert p.contact_phone == "0755-26701234"
    assert p.other["contact_phones"] == ["0755-26701234", "13800138000"]
    assert [f.code for f in check_notice(p) if f.severity == "error"] == []


def test_township_report_labels_and_status():
    p = read_notice(TOWNSHIP_REPORT)
    assert p.issuer == "中共白石乡委员会"  # the body says only 我乡党委: the signature names it
    assert p.round is None
    assert (p.period_start, p.period_end, p.feedback_date) == ("2021-03-01", "2021-04-15", "2021-05-20")
    assert p.problem_titles == ["关于“落实上级决策部署不到位”的问题", "关于“集体经济发展缓慢”的问题"]
    assert p.problems[0].status == "completed"
    assert [m.text for m in p.problems[0].measures] == ["召开党委会专题研究;", "建立督查台账,开展督查5次。"]
    assert [(f.value, f.unit) for f in p.problems[1].measures[0].figures] == [(3, "家"), (45, "万元")]


@pytest.mark.parametrize(
    ("sentence", "expected", "other"),
    [
        ("巡察反馈问题5项,截至目前,已整改完成2项,已取得阶段性成效需长期坚持整改3项。", (5, 2, 3, None), {}),
        ("对巡察反馈的4个方面15个问题逐项制定整改措施。", (15, None, None, None), {"aspects": 4}),
        (
            "针对市委巡察反馈的4个方面12类问题和4条意见建议,局党组将市委巡察反馈意见细化成39个具体问题,提出了157项整改措施。",
            (12, None, None, None),
            {"aspects": 4, "suggestions": 4, "refined_problems": 39, "measures_total": 157},
        ),
        (
            "对照反馈意见,共梳理出具体问题27个,制定整改措施86条。截至目前,已完成整改24个,正在整改3个。",
            (27, 24, None, 3),
            {"measures_total": 86},
        ),
        # no total stated: the statuses of one sentence add up to it
        ("截至目前,已完成整改24个,正在整改3个。", (27, 24, None, 3), {}),
        ("截至目前,已完成整改24个。", (None, 24, None, None), {}),
        (
            "共计50项具体问题,报告日已整改40项,正在整改10项(含部分整改),未整改资金35435.70万元。",
            (50, 40, None, 10),
            {},
        ),
        ("对2016年经责审计提出的21个问题进行持续整改,已清理用地款1.05亿元。", (None, None, None, None), {}),
        ("发现问题涉及我市的共六类25个具体问题,均已积极采取措施整改。", (25, None, None, None), {}),
        ("巡察反馈的21个问题,已整改到位18个,基本完成2个,剩余1个问题正在持续推进。", (21, 18, 2, 1), {}),
        ("反馈问题共计十二个,其中已完成整改十个,正在整改两个。", (12, 10, None, 2), {}),
        ("巡察组共反馈问题3大类21个,截至目前,已整改完成19个,2个问题需长期坚持整改。", (21, 19, 2, None), {}),
        ("中共党员要把一个问题一个问题破解。", (None, None, None, None), {}),
    ],
)
def test_count_phrasings(sentence, expected, other):
    c = find_counts(sentence)
    got = tuple(c.values.get(k) for k in ("problems_total", "completed", "phased_longterm", "in_progress"))
    assert got == expected
    for key, value in other.items():
        assert c.other.get(key) == value


def _renumbered_seed(style) -> str:
    from .helpers import seed_text

    text = seed_text()
    start, end = text.index("二、反馈意见整改进展情况"), text.index("三、今后整改工作打算")
    part = text[start:end]
    for i, c in enumerate("一二三四五", 1):
        part = part.replace(f"({c})关于", style(i, c) + "关于")
    return text[:start] + part + text[end:]


@pytest.mark.parametrize(
    "style",
    [
        lambda i, c: f"{i}.",
        lambda i, c: f"{i}、",
        lambda i, c: f"({i})",
        lambda i, c: "①②③④⑤"[i - 1],
        lambda i, c: f"反馈问题{c}:",
        lambda i, c: f"【问题{i}】",
        lambda i, c: "",  # unnumbered “关于…方面问题” lines
    ],
    ids=["1.", "1、", "(1)", "①", "反馈问题一:", "【问题1】", "unnumbered"],
)
def test_seed_numbering_styles(style):
    from .helpers import ground_truth

    parsed = read_notice(_renumbered_seed(style))
    assert parsed.problem_titles == ground_truth()["000_seed_zhanhua_kejiju.txt"]["problem_titles"]
    assert [len(p.measures) for p in parsed.problems] == [2, 3, 3, 2, 2]


def test_seed_flattened_onto_one_line():
    from .helpers import ground_truth, seed_text

    parsed = read_notice(seed_text().replace("\n", " "))
    gt = ground_truth()["000_seed_zhanhua_kejiju.txt"]
    assert parsed.problem_titles == gt["problem_titles"]
    assert (parsed.issuer, parsed.feedback_date, parsed.problems_total, parsed.completed) == (
        gt["issuer"],
        gt["feedback_date"],
        5,
        2,
    )
    assert parsed.contact_phone == gt["contact_phone"]


def test_environmental_inspection_notice():
    text = """某区人民政府关于第二轮中央生态环境保护督察反馈问题整改完成情况的公示
根据党中央、国务院统一部署,2021年4月6日至5月6日,中央第二生态环境保护督察组对某省开展了第二轮生态环境保护督察,并于2021年7月28日向某省反馈了督察意见。
督察反馈问题涉及我区的共12项,截至目前,已完成整改10项,正在整改2项。"""
    p = read_notice(text)
    assert p.round == "第二轮中央生态环境保护督察"
    assert p.group == "中央第二生态环境保护督察组"
    assert (p.period_start, p.period_end, p.feedback_date) == ("2021-04-06", "2021-05-06", "2021-07-28")
    assert (p.problems_total, p.completed, p.in_progress) == (12, 10, 2)


def test_publication_metadata_variants():
    head = "中共某县林业局党组关于巡察整改进展情况的通报\n{meta}\n根据县委统一部署,2023年4月10日至5月31日,县委第二巡察组对县林业局党组进行了巡察。"
    for meta in (
        "2023-10-25",
        "[ 2023-10-25 10:02 ]",
        "发布时间：2023年10月25日",
        "索引号:001 成文日期:2023-10-20 发布日期:2023-10-25",
        "2023-10-25 10:02:11 来源:县林业局",
    ):
        p = read_notice(head.format(meta=meta))
        assert p.publication_date == "2023-10-25", meta
        assert p.signature_date is None
        assert p.period_start == "2023-04-10"
