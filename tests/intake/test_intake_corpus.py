"""The other corpus files, field by field, and the evaluation figure."""

import pytest

from zhenggai.intake import read_file
from zhenggai.intake.evaluate import CORE_FIELDS, OTHER_FIELDS, evaluate, truth_value
from zhenggai.intake.text import compare_key

from .helpers import CORPUS_DIR, HOLDOUT_DIR, ground_truth

SCORED = [name for name, gt in ground_truth().items() if not gt.get("robustness_only")]
ROBUST = [name for name, gt in ground_truth().items() if gt.get("robustness_only")]


@pytest.fixture(scope="module")
def parsed():
    return {name: read_file(CORPUS_DIR / name) for name in ground_truth()}


@pytest.mark.parametrize("name", SCORED)
def test_fields_match_truth(parsed, name):
    gt = ground_truth()[name]
    p = parsed[name].to_json()
    wrong = {}
    for field in CORE_FIELDS + OTHER_FIELDS:
        truth, pred = truth_value(gt, field), p[field]
        if (truth is None) != (pred is None) or (
            truth is not None and compare_key(str(truth)) != compare_key(str(pred))
        ):
            wrong[field] = (pred, truth)
    assert not wrong, wrong


@pytest.mark.parametrize("name", SCORED)
def test_titles_are_listed_ones(parsed, name):
    gt = ground_truth()[name]
    truth = {compare_key(t) for t in gt["problem_titles"]}
    assert all(compare_key(t) in truth for t in parsed[name].problem_titles)
    groups = {compare_key(t) for t in gt["problem_groups"]}
    assert all(compare_key(t) in groups for t in parsed[name].problem_groups)


def test_audit_report_004_does_not_take_a_township_count(parsed):
    p = parsed["004_cixi_audit_2017_rectification.txt"]
    assert p.problems_total is None and p.completed is None
    assert p.feedback_date == "2018-07-30"
    assert p.other["report_date"] == "2018-11-22"


def test_014_fed_back_total_not_refined_or_measures(parsed):
    p = parsed["014_guangzhou_zhujianju_xuncha.txt"]
    assert p.problems_total == 12
    assert p.other["refined_problems"] == 39
    assert p.other["measures_total"] == 157
    assert p.other["aspects"] == 4


def test_003_damaged_dates_and_counts(parsed):
    p = parsed["003_ruijin_audit_2020_rectification.txt"]
    assert p.feedback_date == "2021-09-15"
    assert (p.problems_total, p.completed, p.in_progress) == (50, 40, 10)
    assert p.problem_groups == ["财政部门预算执行问题的整改情况"]


def test_023_group_then_problem(parsed):
    p = parsed["023_luzhou_zhongyi_yiyuan_xuncha.txt"]
    assert p.problem_titles == ["推进中医药特色专科建设有差距"]
    assert p.problems[0].group == p.problem_groups[0]
    assert p.feedback_date == "2025-01-15" and p.period_end == "2024-11-08"


def test_032_flattened_page(parsed):
    p = parsed["032_quanzhou_fulian_xuncha_flat.txt"]
    assert p.publication_date == "2023-07-28"
    assert (p.period_start, p.period_end, p.feedback_date) == ("2022-11-21", "2022-12-25", "2023-03-03")
    assert p.problems_total is None


def test_016_round_and_group_fused(parsed):
    p = parsed["016_putian_zhongyuan_xuncha.txt"]
    assert p.round == "七届市委第十二轮巡察" and p.group == "巡察一组"
    assert p.issuer == "中共莆田市中级人民法院党组"
    assert p.plan_date == "2020-10-26"


@pytest.mark.parametrize("name", ROBUST)
def test_robustness_files_degrade_gracefully(parsed, name):
    p = parsed[name]
    assert p.notes == []
    assert "(" not in p.text or "ǒ" not in p.text  # pinyin artefacts gone
    assert p.issuer  # something sensible is still read


def test_traditional_mirror_is_converted(parsed):
    p = parsed["033_lishui_fulian_xuncha_trad_mirror.txt"]
    assert p.round == "五届市委第四轮巡察"  # broken across two lines in the source
    assert p.group == "市委第二巡察组"
    assert p.period_end == "2024-05-24"
    assert "統" not in p.text


def test_evaluation_meets_target():
    """The development set: ≥ 98 % (issue #16)."""
    report = evaluate(CORPUS_DIR)
    assert report.crashes == []
    overall = report.overall
    assert overall.precision >= 0.98, report.mistakes
    assert overall.recall >= 0.98, report.mistakes
    assert report.scored_files >= 55  # the 21 first notices and the 41 of #16, less robustness-only ones


def test_the_held_back_set_holds_its_figure():
    """Notices no rule was written for (tests/corpus/notices-holdout, its README). Measured once at
    91.9 % precision and 85.1 % recall; this keeps the reader from falling below that. The goal of
    #16 is 95 %: reaching it means new general rules, checked on a new held-back batch."""
    report = evaluate(HOLDOUT_DIR)
    assert report.crashes == []
    assert report.scored_files == 13
    overall = report.overall
    # 57 right, 5 wrong or unfounded, 10 missed when measured
    assert overall.tp >= 57 and overall.fp <= 5 and overall.fn <= 10, report.mistakes
