"""The ledger XLSX's 问题类别, 销号日期 and 备注 columns both ways, and the import's list of the cells
it does not take (on the preview page and from the command), so that nothing is dropped unsaid."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.documents.test_doc_xlsx_read import xlsx
from zhenggai.core.punctuation import ascii_beside_chinese
from zhenggai.documents.xlsx import read_ledger_xlsx
from zhenggai.ledger.models import Measure, ProgressEntry
from zhenggai.ledger.services import measure_update, problem_update
from zhenggai.ledger.workflow import measure_is_frozen
from zhenggai.notices.ledger_xlsx import ledger_export, ledger_import_apply

from .test_ledger_xlsx import empty_inspection  # noqa: F401 — the fixture


def _export(inspection) -> bytes:
    buffer = io.BytesIO()
    ledger_export(Measure.objects.live().filter(problem__inspection=inspection), buffer, title="台账")
    return buffer.getvalue()


UNTAKEN_ROWS = [
    ["序号", "问题类别", "反馈问题", "整改措施", "整改时限", "整改进展", "完成情况", "销号日期", "佐证材料", "备注"],
    [1, "作风建设", "会议多文件多", "精简会议", "2023年3月31日",
     "已按要求推进\n2023年1月5日：印发精简会议通知", "已完成", dt.datetime(2023, 2, 1), "通知.pdf\n签到表.jpg",
     "报巡察办备案"],
    [None, None, None, "压缩文件数量", "2023年3月31日", "", "已完成", None, "", ""],
    [2, "", "调研不深入", "建立调研制度", "长期", "正在推进", "未启动", None, None, None],
]  # fmt: skip


def test_category_and_remarks_go_out_and_come_back(seed, empty_inspection):  # noqa: F811
    problem = seed.inspection.problems.live().order_by("number").first()
    problem_update(problem=problem, expected_version=problem.version, category="思想建设", actor=seed.liaison)
    measure = problem.measures.live().order_by("number").first()
    measure_update(
        measure=measure, expected_version=measure.version, remarks="已报区委巡察办备案", actor=seed.liaison
    )
    closed = Measure.objects.live().filter(problem__inspection=seed.inspection, completed_on__isnull=False)
    assert closed.exists()  # the seed has struck-off measures: their 销号日期 is written

    data = _export(seed.inspection)
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[2]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert rows[0]["问题类别"] == "思想建设" and rows[0]["备注"] == "已报区委巡察办备案"
    written = sorted(r["销号日期"].date() for r in rows if r["销号日期"])
    assert written == sorted(closed.values_list("completed_on", flat=True))
    for row in rows:  # the progress lines are written with Chinese punctuation too
        assert not ascii_beside_chinese(row["整改进展"] or ""), row["整改进展"]

    preview = read_ledger_xlsx(data)
    created = ledger_import_apply(inspection=empty_inspection, preview=preview, actor=seed.liaison)
    assert (
        created["progress"]
        == ProgressEntry.objects.live().filter(measure__problem__inspection=seed.inspection).count()
    )  # every exported line comes back as an entry
    first = empty_inspection.problems.live().get(number=1)
    assert first.category == "思想建设"
    assert first.measures.live().get(number=1).remarks == "已报区委巡察办备案"
    # nothing was struck off by the import: 销号 goes through the close-out workflow
    assert not Measure.objects.filter(
        problem__inspection=empty_inspection, completed_on__isnull=False
    ).exists()
    untaken = [str(i) for i in preview.untaken]
    assert sum("销号日期" in line for line in untaken) == closed.count()


def test_every_cell_not_taken_is_listed_with_its_address():
    preview = read_ledger_xlsx(xlsx(UNTAKEN_ROWS, merges=("A2:A3", "B2:B3", "C2:C3")))
    assert preview.ok and len(preview.items) == 3
    assert [r.category for r in preview.rows] == ["作风建设", "作风建设", ""]
    assert preview.rows[0].remarks == "报巡察办备案"
    assert [str(i) for i in preview.untaken] == [
        "G2: 完成情况“已完成”未导入：整改状态以进展和销号审核为准",
        "H2: 销号日期“2023年2月1日”未导入：销号须经销号审核流程",
        "I2: 佐证材料“通知.pdf”、“签到表.jpg”共2项只有文件名，未导入：请在对应进展中上传文件",
        "F2: 进展“已按要求推进”没有日期，未导入：请在行首写明日期，如“2022年11月8日：”",
        "G3: 完成情况“已完成”未导入：整改状态以进展和销号审核为准",
        "F4: 进展“正在推进”没有日期，未导入：请在行首写明日期，如“2022年11月8日：”",
    ]  # "未启动" is what a new measure is: taken as it stands


def test_a_merged_status_is_listed_once():
    rows = [r[:] for r in UNTAKEN_ROWS]
    rows[2][6] = None
    preview = read_ledger_xlsx(xlsx(rows, merges=("A2:A3", "B2:B3", "C2:C3", "G2:G3")))
    assert [str(i) for i in preview.untaken].count(
        "G2: 完成情况“已完成”未导入：整改状态以进展和销号审核为准"
    ) == 1
    assert not any(str(i).startswith("G3") for i in preview.untaken)


def test_the_preview_page_lists_what_it_will_not_take(login, seed, empty_inspection):  # noqa: F811
    rows = [r[:] for r in UNTAKEN_ROWS]
    rows[0].append("联系电话")
    rows[1].append("12345")
    buffer = io.BytesIO(xlsx(rows))
    buffer.name = "台账.xlsx"
    response = login(seed.liaison).post(
        reverse("ledger_import", args=[empty_inspection.pk]), {"file": buffer}
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="import-untaken"' in page
    assert "未导入的单元格（6个）" in page
    assert "K: 联系电话：未识别的列，整列未导入" in page
    assert "F2: 进展“已按要求推进”没有日期" in page and "H2: 销号日期“2023年2月1日”未导入" in page
    assert "作风建设" in page  # the category shows in the preview table
    assert not empty_inspection.problems.exists()


def test_the_command_lists_what_it_will_not_take(seed, empty_inspection, tmp_path, capsys):  # noqa: F811
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx(UNTAKEN_ROWS))
    out = io.StringIO()
    call_command("ledger", "import", str(path), "--inspection", str(empty_inspection.pk), stdout=out)
    text = out.getvalue()
    assert "未导入:F2: 进展“已按要求推进”没有日期" in text
    assert "未导入:H2: 销号日期“2023年2月1日”未导入" in text
    problem = empty_inspection.problems.live().get(number=1)
    assert problem.category == "作风建设"
    entry = ProgressEntry.objects.get(measure__problem=problem)
    assert (entry.happened_on, entry.text) == (dt.date(2023, 1, 5), "印发精简会议通知")


@pytest.mark.parametrize("remarks", ["", "备注文字"])
def test_remarks_through_the_measure_form(login, seed, remarks):
    measure = next(
        m
        for m in Measure.objects.live().filter(problem__inspection=seed.inspection)
        if not measure_is_frozen(m)
    )
    client = login(seed.liaison)
    url = reverse("measure_edit", args=[measure.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(remarks=remarks, responsible_office=measure.responsible_office_id or "")
    data["deadline"] = measure.deadline.isoformat() if measure.deadline else ""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    measure.refresh_from_db()
    assert measure.remarks == remarks
