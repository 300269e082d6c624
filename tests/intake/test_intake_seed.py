"""The founding notice (000), field by field, with its spans."""

import pytest

from zhenggai.intake import read_notice

from .helpers import ground_truth, seed_text

GT = ground_truth()["000_seed_zhanhua_kejiju.txt"]


@pytest.fixture(scope="module")
def seed():
    return read_notice(seed_text())


@pytest.mark.parametrize(
    "name",
    [
        "issuer",
        "round",
        "group",
        "period_start",
        "period_end",
        "feedback_date",
        "problems_total",
        "completed",
        "phased_longterm",
        "in_progress",
        "contact_phone",
        "contact_email",
    ],
)
def test_core_fields(seed, name):
    assert getattr(seed, name) == GT[name]


@pytest.mark.parametrize(
    "name",
    [
        "plan_title",
        "plan_doc_number",
        "plan_date",
        "publication_date",
        "signature_date",
        "contact_address",
        "contact_postcode",
    ],
)
def test_other_fields(seed, name):
    assert getattr(seed, name) == GT["other"][name]


def test_titles_all_five(seed):
    assert seed.problem_titles == GT["problem_titles"]
    assert seed.problem_groups == []
    assert [p.marker for p in seed.problems] == ["(一)", "(二)", "(三)", "(四)", "(五)"]


def test_aliases(seed):
    assert "区科技局党组" in seed.issuer_aliases
    assert "局党组" in seed.issuer_aliases
    assert seed.issuer not in seed.issuer_aliases


def test_measures_per_problem(seed):
    assert [len(p.measures) for p in seed.problems] == [2, 3, 3, 2, 2]


def test_measure_figures(seed):
    figures = [[(f.value, f.unit) for m in p.measures for f in m.figures] for p in seed.problems]
    assert figures[0] == [(3, "次")]
    assert figures[1] == [(10, "家")]
    assert figures[2] == [(40, "家"), (14, "家"), (12, "家"), (32, "家"), (93, "家")]
    assert (8, "个") in figures[3] and (7, "个") in figures[3]
    values = {v for fs in figures for v, _ in fs}
    assert {40, 14, 12, 32, 93, 8, 7, 10} <= values


def test_measure_dates(seed):
    dates = [[d.value for m in p.measures for d in m.dates] for p in seed.problems]
    assert dates[0][0] == "2022-11-08"  # “11月8日” with the year from context
    assert "2023-01-31" in dates[1] and "2022-12" in dates[1]
    assert dates[2] == ["2022-12", "2023-01"]
    assert dates[3] == ["2022-11"]
    assert dates[4] == ["2022-11"]


def test_measure_organisations(seed):
    orgs = {o.name for p in seed.problems for m in p.measures for o in m.organisations}
    assert {"山东理工大学", "青岛科技大学", "滨州学院", "山东数聚公司"} <= orgs


def test_measure_text_has_no_enumerator(seed):
    first = seed.problems[0].measures[0]
    assert first.text.startswith("局党组严格执行")
    assert seed.text[first.span[0] : first.span[1]] == first.text


def test_spans_point_at_the_source(seed):
    text = seed.text
    for name in (
        "issuer",
        "round",
        "group",
        "plan_title",
        "plan_doc_number",
        "contact_email",
        "contact_address",
        "contact_postcode",
    ):
        s, e = seed.spans[name]
        assert text[s:e] == getattr(seed, name), name
    s, e = seed.spans["contact_phone"]
    assert text[s:e] == "0543—8192576"
    s, e = seed.spans["feedback_date"]
    assert text[s:e] == "11月4日"
    s, e = seed.spans["signature_date"]
    assert text[s:e] == "2023年3月29日"
    s, e = seed.spans["problems_total"]
    assert "5项" in text[s:e]
    s, e = seed.spans["completed"]
    assert text[s:e] == "2项"
    for p in seed.problems:
        assert text[p.span[0] : p.span[1]] == p.title
    for alias, (s, e) in zip(seed.issuer_aliases, seed.spans["issuer_aliases"], strict=True):
        assert text[s:e] == alias


def test_to_json_keys(seed):
    data = seed.to_json()
    expected = {
        "issuer",
        "issuer_aliases",
        "round",
        "group",
        "period_start",
        "period_end",
        "feedback_date",
        "problems_total",
        "completed",
        "phased_longterm",
        "in_progress",
        "problem_titles",
        "problem_groups",
        "contact_phone",
        "contact_email",
        "plan_title",
        "plan_doc_number",
        "plan_date",
        "publication_date",
        "signature_date",
        "contact_address",
        "contact_postcode",
        "problems",
        "other",
    }
    assert set(data) == expected
    problem = data["problems"][2]
    assert set(problem) == {"title", "group", "measures"}
    assert set(problem["measures"][1]) == {"text", "dates", "figures", "organisations"}
    assert problem["measures"][1]["figures"] == [{"value": 40, "unit": "家", "text": "40家"}]
    with_spans = seed.to_json(spans=True)
    assert with_spans["spans"]["issuer"] == list(seed.spans["issuer"])
    import json

    json.dumps(with_spans, ensure_ascii=False)  # serialisable


def test_no_notes(seed):
    assert seed.notes == []
