"""Consistency checks: the seed passes; altered copies of it fail in the right way."""

import pytest

from zhenggai.intake import check_notice, read_notice

from .helpers import seed_text


def codes(text, severity=None):
    return [f.code for f in check_notice(read_notice(text)) if severity is None or f.severity == severity]


@pytest.fixture(scope="module")
def seed():
    return seed_text()


def test_seed_has_no_error(seed):
    assert codes(seed, "error") == []


def test_findings_name_their_sentence(seed):
    findings = check_notice(read_notice(seed))
    parsed = read_notice(seed)
    for f in findings:
        assert f.message and f.sentence and f.span
        assert f.sentence in parsed.text


def test_changed_total(seed):
    text = seed.replace("巡察反馈问题5项", "巡察反馈问题6项")
    found = check_notice(read_notice(text))
    got = {f.code for f in found if f.severity == "error"}
    assert {"COUNT_SUM_MISMATCH", "COUNT_VS_LISTED"} <= got
    sum_finding = next(f for f in found if f.code == "COUNT_SUM_MISMATCH")
    assert "巡察反馈问题6项" in sum_finding.sentence


def test_changed_status_count(seed):
    text = seed.replace("已整改完成2项", "已整改完成3项")
    assert "COUNT_SUM_MISMATCH" in codes(text, "error")
    assert "COUNT_VS_LISTED" not in codes(text)


def test_status_count_above_total(seed):
    text = seed.replace("已整改完成2项", "已整改完成7项")
    assert "COUNT_EXCEEDS_TOTAL" in codes(text, "error")


def test_swapped_period_dates(seed):
    text = seed.replace("2022年6月28日至8月22日", "2022年8月22日至6月28日")
    found = [f for f in check_notice(read_notice(text)) if f.code == "DATE_ORDER"]
    assert found
    assert any("6月28日" in f.sentence for f in found)


def test_plan_before_feedback(seed):
    text = seed.replace(
        "2022年11月8日组织召开局党组巡察整改专题会议", "2022年10月8日组织召开局党组巡察整改专题会议"
    )
    found = [f for f in check_notice(read_notice(text)) if f.code == "DATE_ORDER"]
    assert found and "反馈日期" in found[0].message and "整改方案日期" in found[0].message


def test_signature_before_feedback(seed):
    text = seed.replace("\n2023年3月29日", "\n2022年10月29日")
    assert "DATE_ORDER" in codes(text, "error")


def test_future_date_after_signature(seed):
    text = seed.replace("2023年1月31日召开专题会议", "2023年5月31日召开专题会议")
    found = [f for f in check_notice(read_notice(text)) if f.code == "DATE_AFTER_SIGNATURE"]
    assert len(found) == 1
    assert "2023年5月31日" in found[0].sentence
    assert found[0].severity == "error"


def test_planned_deadline_is_not_a_future_event(seed):
    text = seed.replace("明确工作任务,细化工作措施。", "明确工作任务,细化工作措施,计划2023年12月底前完成。")
    assert "DATE_AFTER_SIGNATURE" not in codes(text)


def test_duplicate_heading(seed):
    second = "(二)关于农业科技创新载体建设乏力,科技助力乡村振兴短板明显方面问题"
    fourth = "(四)关于工作作风不够扎实,指导服务科技项目用力不足方面问题"
    text = seed.replace(fourth, second.replace("(二)", "(四)"))
    found = [f for f in check_notice(read_notice(text)) if f.code == "DUPLICATE_HEADING"]
    assert len(found) == 1 and found[0].severity == "error"
    assert "农业科技创新载体" in found[0].sentence


def test_measure_without_date_or_figure_is_a_warning(seed):
    found = [f for f in check_notice(read_notice(seed)) if f.code == "MEASURE_NO_EVIDENCE"]
    assert found and all(f.severity == "warning" for f in found)
    assert found[0].sentence.startswith("根据市科技局")


def test_completed_problem_with_only_longterm_measures():
    text = """中共某县水利局党组关于县委第一轮巡察整改进展情况的通报
根据县委统一部署,2023年3月1日至4月10日,县委第一巡察组对县水利局党组进行了巡察。2023年5月6日,县委第一巡察组反馈了巡察意见。
一、巡察反馈问题整改落实情况
(一)关于“河长制落实不到位”的问题
该问题已完成整改。一是持续开展河道巡查;二是建立常态化督查机制。
(二)关于“项目管理不规范”的问题
该问题已完成整改。一是2023年6月修订项目管理办法;二是清理项目12个。
中共某县水利局党组
2023年9月1日"""
    found = [f for f in check_notice(read_notice(text)) if f.code == "COMPLETED_BUT_LONGTERM"]
    assert len(found) == 1
    assert "河长制" in found[0].message
