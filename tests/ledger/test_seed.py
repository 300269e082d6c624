"""The founding notice, loaded as ledger records, carries every fact of the published text."""

import json
import re

import pytest
from django.core.management import call_command

from tests.corpus import SEED_NOTICE
from zhenggai.core.punctuation import normalise
from zhenggai.ledger.models import Evidence, Measure, MeasureStatus, ProgressEntry
from zhenggai.ledger.selectors import problem_counts

# Every figure the notice reports, and where it must be found as a ledger figure.
FIGURES = {3: "次", 40: "家", 14: "家", 12: "家", 32: "家", 93: "家", 8: "个", 7: "个", 10: "家", 2: "家"}


def test_counts_are_computed_from_measures(seed):
    counts = problem_counts(seed.inspection.problems.live())
    assert (counts.total, counts.completed, counts.long_term, counts.in_progress) == (5, 2, 3, 0)


def test_problem_titles_are_the_notice_headings_in_order(seed):
    text = SEED_NOTICE.read_text(encoding="utf-8")
    titles = list(seed.inspection.problems.live().order_by("number").values_list("title", flat=True))
    headings = re.findall(r"^\([一二三四五]\)(关于.+方面问题)$", text, flags=re.M)
    assert len(headings) == 5
    # stored with Chinese punctuation where the published text typed an ASCII comma (issue #20)
    assert titles == [normalise(h) for h in headings]


def test_every_figure_is_a_structured_figure(seed):
    export = _export(seed)
    figures = [
        (f["value"], f["unit"])
        for p in export["problems"]
        for m in p["measures"]
        for e in m["progress"]
        for f in e["figures"]
    ]
    for value, unit in FIGURES.items():
        assert (value, unit) in figures, f"{value}{unit} missing"


def test_export_carries_plan_meetings_contact_and_dates(seed):
    export = _export(seed)
    assert export["round"] == "二届区委第二轮巡察"
    assert export["group"] == "区委第三巡察组"
    assert (export["onsite_start"], export["onsite_end"], export["feedback_date"]) == (
        "2022-06-28",
        "2022-08-22",
        "2022-11-04",
    )
    assert export["plan"]["doc_number"] == "沾科党字〔2022〕22号"
    assert export["plan"]["issued_on"] == "2022-11-08"
    assert [m["date"] for m in export["meetings"]] == ["2022-11-08", "2022-11-08", "2022-11-16", "2023-01-31"]
    assert export["contact"] == {
        "phone": "0543-8192576",
        "address": "山东省滨州市沾化区金海五路49号",
        "postcode": "256800",
        "email": "zhqkjj@bz.shandong.cn",
    }
    assert [m["role"] for m in export["leading_group"]][:3] == ["leader", "deputy", "member"]
    dates = {e["date"] for p in export["problems"] for m in p["measures"] for e in m["progress"]}
    assert {"2022-11-08", "2023-01-31", "2022-12-01", "2023-01-01", "2022-11-01"} <= dates


def test_struck_off_measures_went_through_the_workflow_with_evidence(seed):
    closed = Measure.objects.filter(problem__inspection=seed.inspection, status=MeasureStatus.CLOSED)
    assert [m.problem.number for m in closed] == [1, 2, 3, 3, 4, 4, 5, 5]
    for entry in ProgressEntry.objects.filter(measure__status=MeasureStatus.CLOSED):
        assert entry.evidence.exists()
    evidence = Evidence.objects.first()
    assert len(evidence.sha256) == 64 and evidence.size > 0
    moves = list(seed.measure(4, 1).transitions.values_list("move", flat=True))
    assert moves == ["submit", "confirm", "approve"]


def test_loading_twice_changes_nothing(seed):
    before = ProgressEntry.objects.count()
    call_command("seed_demo", verbosity=0)
    assert ProgressEntry.objects.count() == before


def test_cli_export_json(seed, capsys):
    call_command("ledger", "export", "--format", "json", "--inspection", str(seed.inspection.pk))
    data = json.loads(capsys.readouterr().out)
    assert data["inspections"][0]["counts"] == {
        "total": 5,
        "completed": 2,
        "long_term": 3,
        "in_progress": 0,
        "open": 0,
    }
    assert [p["status"] for p in data["inspections"][0]["problems"]] == [
        "long_term",
        "long_term",
        "long_term",
        "completed",
        "completed",
    ]


def test_cli_export_unknown_inspection_is_a_clear_error(seed):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到巡察"):
        call_command("ledger", "export", "--inspection", "999999")


def _export(seed) -> dict:
    from zhenggai.ledger.export import inspection_export

    return inspection_export(seed.inspection)
