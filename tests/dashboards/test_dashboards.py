"""Dashboards: the seed's figures, a generated dataset checked against independent SQL, bounded queries."""

import datetime as dt
import io
import random

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from zhenggai.accounts.models import UnitKind
from zhenggai.accounts.services import unit_create
from zhenggai.dashboards.selectors import dashboard_build
from zhenggai.ledger.filters import Scope
from zhenggai.ledger.lights import LightDates
from zhenggai.ledger.models import Measure, Problem


def test_office_dashboard_shows_the_seed(login, seed):
    page = login(seed.xunchaban).get(reverse("dashboard")).content.decode()
    for figure, value in {"units": 1, "total": 5, "completed": 2, "long_term": 3, "in_progress": 0}.items():
        assert f'data-figure="{figure}">{value}<' in page, figure
    assert 'data-figure="rate">40.0%<' in page
    assert "滨州市沾化区科学技术局" in page
    assert "vendor/echarts/echarts.common.min.js" in page


def test_unit_dashboard(login, seed):
    page = (
        login(seed.liaison).get(reverse("inspection_dashboard", args=[seed.inspection.pk])).content.decode()
    )
    assert 'data-figure="total">5<' in page and 'data-figure="closed">8<' in page
    assert "每周销号措施数" in page


def test_numbers_link_to_the_list_they_count(login, seed):
    client = login(seed.xunchaban)
    url = reverse("problem_list") + "?status=completed"
    page = client.get(url).content.decode()
    assert "关于工作作风不够扎实" in page and "关于农业科技创新载体建设乏力" not in page
    page = client.get(reverse("measure_list") + "?status=closed").content.decode()
    assert page.count('class="badge m-closed"') == 8


def test_outsider_dashboard_is_empty(login, seed):
    page = login(seed.outsider).get(reverse("dashboard")).content.decode()
    assert 'data-figure="total">0<' in page and "滨州市沾化区科学技术局" not in page
    page = login(seed.outsider).get(reverse("problem_list")).content.decode()
    assert "关于工作作风不够扎实" not in page


def test_dashboard_exports_xlsx(login, seed):
    response = login(seed.xunchaban).get(reverse("dashboard"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("排名", "单位", "反馈问题", "已完成")
    assert (
        rows[1][1] == "滨州市沾化区科学技术局" and rows[1][2] == 5 and rows[1][3] == 2 and rows[1][7] == 40.0
    )
    assert rows[-1][0] == "合计"


def _generate(seed, units: int, rng: random.Random):
    """Units under the seed committee, each with an inspection, problems and measures in mixed states."""
    from zhenggai.inspections.models import Inspection

    committee = seed.unit.parent
    statuses = ["open", "in_progress", "completed", "long_term"]
    m_statuses = ["not_started", "in_progress", "submitted", "confirmed", "closed"]
    for i in range(units):
        unit = unit_create(name=f"测试单位{i}", kind=UnitKind.UNIT, parent=committee)
        inspection = Inspection.objects.create(
            round=seed.inspection.round,
            group=seed.inspection.group,
            unit=unit,
            feedback_date=dt.date(2023, 1, 10),
        )
        problems = Problem.objects.bulk_create(
            Problem(inspection=inspection, number=n, title=f"问题{n}", status=rng.choice(statuses))
            for n in range(1, rng.randint(2, 9))
        )
        Measure.objects.bulk_create(
            Measure(
                problem=p,
                number=k,
                content="措施",
                kind=rng.choice(["immediate", "deadline", "long_term"]),
                status=rng.choice(m_statuses),
                deadline=dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 400)),
                last_progress_on=rng.choice([None, dt.date(2023, 2, 1), dt.date(2023, 5, 20)]),
            )
            for p in problems
            for k in range(1, rng.randint(2, 5))
        )


def _sql(query: str, params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


def test_generated_dataset_matches_independent_sql(seed, django_assert_max_num_queries):
    _generate(seed, units=12, rng=random.Random(7))
    today = dt.date(2023, 6, 15)
    dates = LightDates.on(today)
    with django_assert_max_num_queries(12):
        board = dashboard_build(seed.xunchaban, Scope(), dates)
    prefix = seed.unit.parent.path + "%"
    base = """FROM ledger_problem p JOIN inspections_inspection i ON i.id = p.inspection_id
              JOIN accounts_unit u ON u.id = i.unit_id WHERE p.deleted_at IS NULL AND u.path LIKE %s"""
    assert board.totals["total"] == _sql(f"SELECT COUNT(*) {base}", [prefix])
    for status in ("completed", "long_term", "in_progress", "open"):
        assert board.totals[status] == _sql(f"SELECT COUNT(*) {base} AND p.status = %s", [prefix, status]), (
            status
        )
    m_base = """FROM ledger_measure m JOIN ledger_problem p ON p.id = m.problem_id
                JOIN inspections_inspection i ON i.id = p.inspection_id JOIN accounts_unit u ON u.id = i.unit_id
                WHERE m.deleted_at IS NULL AND p.deleted_at IS NULL AND u.path LIKE %s"""
    red_one_off = _sql(
        f"SELECT COUNT(*) {m_base} AND m.status <> 'closed' AND m.kind <> 'long_term' AND m.deadline < %s",
        [prefix, today],
    )
    red_long = _sql(
        f"""SELECT COUNT(*) {m_base} AND m.status <> 'closed' AND m.kind = 'long_term'
            AND COALESCE(m.last_progress_on, i.feedback_date) < %s""",
        [prefix, dates.report_cutoff],
    )
    assert board.totals["red"] == red_one_off + red_long
    assert board.totals["report_overdue"] == red_long
    yellow = _sql(
        f"""SELECT COUNT(*) {m_base} AND m.status <> 'closed' AND m.kind <> 'long_term'
            AND m.deadline >= %s AND m.deadline <= %s""",
        [prefix, today, dates.warn_until],
    )
    assert board.totals["yellow"] == yellow
    assert board.totals["closed"] == _sql(f"SELECT COUNT(*) {m_base} AND m.status = 'closed'", [prefix])
    assert len(board.units) == 13
    assert sum(row.figures["total"] for row in board.units) == board.totals["total"]
    rates = [row.completion_rate for row in board.units]
    assert rates == sorted(rates, reverse=True)


@pytest.mark.parametrize("units", [3, 15])
def test_dashboard_page_query_count_is_constant(login, seed, units, django_assert_max_num_queries):
    _generate(seed, units=units, rng=random.Random(units))
    client = login(seed.xunchaban)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("dashboard")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("measure_list"), {"light": "red"}).status_code == 200


def test_open_duban_is_counted_and_linked(login, seed):
    from zhenggai.supervision.services import notice_issue

    notice_issue(
        problem=seed.problem(2),
        issued_by=seed.xunchaban,
        content="长期整改事项逾期未报",
        answer_due=dt.date.today() + dt.timedelta(days=10),
    )
    page = login(seed.xunchaban).get(reverse("dashboard")).content.decode()
    assert 'data-figure="duban_open">1<' in page
    assert (
        login(seed.outsider).get(reverse("dashboard")).content.decode().count('data-figure="duban_open">0<')
        == 1
    )


def test_large_scope_finds_units_by_name(login, seed, monkeypatch):
    """Past a few hundred units the unit filter is a name search, on the dashboard and its lists,
    and the export job keeps it."""
    from zhenggai.dashboards import views
    from zhenggai.jobs.models import Job

    _generate(seed, units=4, rng=random.Random(3))
    client = login(seed.xunchaban)
    listed = client.get(reverse("problem_list")).content.decode()
    assert '<select name="unit">' in listed and 'name="unit_name"' not in listed

    monkeypatch.setattr(views, "UNIT_OPTIONS_LIMIT", 3)
    page = client.get(reverse("dashboard"), {"unit_name": "测试单位1"}).content.decode()
    assert 'name="unit_name" value="测试单位1"' in page
    assert '<select name="unit">' not in page  # no unit chosen: no list at all
    assert page.count('<tr data-unit="') == 1 and "测试单位1" in page and "科学技术局" not in page
    board = dashboard_build(seed.xunchaban, Scope(unit_name="测试单位"), LightDates.on())
    assert board.totals["units"] == 4
    assert (
        board.totals["total"] == Problem.objects.filter(inspection__unit__name__contains="测试单位").count()
    )

    problems = client.get(reverse("problem_list"), {"unit_name": "科学技术局"}).content.decode()
    assert seed.problem(1).title[:20] in problems and "测试单位" not in problems
    chosen = client.get(reverse("measure_list"), {"unit": seed.unit.pk}).content.decode()
    assert f'<option value="{seed.unit.pk}" selected>' in chosen  # the chosen unit, to keep or clear

    client.post(reverse("ledger_export_job"), {"unit_name": "测试单位2", "title": "台账"})
    assert Job.objects.latest("pk").params["unit_name"] == "测试单位2"


def test_unit_name_filter_is_bounded_and_plain():
    assert Scope.from_query({"unit_name": "  科学   技术局 "}).unit_name == "科学 技术局"
    assert len(Scope.from_query({"unit_name": "局" * 500}).unit_name) == 50
    assert Scope.from_query({"unit_name": ""}).query() == {}
    assert Scope(unit_id=3, unit_name="局").query() == {"unit": 3, "unit_name": "局"}


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://example.invalid","点此")', "+1+2", "-3", "@SUM(A1)", "\t=1"]
)
def test_dashboard_xlsx_writes_a_formula_like_name_as_text(login, seed, name):
    """A unit named like a formula is written as text (the ledger writer's ``cell_set``), never as
    a live formula Excel would evaluate."""
    from zhenggai.accounts.models import Unit

    Unit.objects.filter(pk=seed.unit.pk).update(name=name)
    response = login(seed.xunchaban).get(reverse("dashboard"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == name and cell.data_type == "s"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
