"""The Excel ledger both ways: export → import into an empty inspection reproduces the ledger."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from zhenggai.accounts.models import UnitKind
from zhenggai.accounts.services import membership_grant, unit_create
from zhenggai.documents.xlsx import read_ledger_xlsx
from zhenggai.inspections.services import inspection_create
from zhenggai.jobs.models import Job
from zhenggai.ledger.models import Measure, ProgressEntry
from zhenggai.notices.ledger_xlsx import ledger_export, ledger_import_apply


def _ledger(inspection):
    out = []
    for m in (
        Measure.objects.live().filter(problem__inspection=inspection).order_by("problem__number", "number")
    ):
        out.append(
            (
                m.problem.number,
                m.problem.title,
                m.number,
                m.content,
                m.kind,
                m.deadline,
                m.responsible_leader,
                m.responsible_office.name if m.responsible_office else "",
                m.responsible_person,
                [
                    (e.happened_on, e.date_precision, e.text)
                    for e in m.progress.live().order_by("happened_on", "pk")
                ],
            )
        )
    return out


@pytest.fixture
def empty_inspection(seed):
    unit = unit_create(
        name="滨州市沾化区测试局", kind=UnitKind.UNIT, parent=seed.unit.parent, short_name="区测试局"
    )
    membership_grant(user=seed.liaison, unit=unit, role="unit_liaison")
    return inspection_create(
        round=seed.inspection.round,
        group=seed.inspection.group,
        unit=unit,
        **{
            "onsite_start": dt.date(2022, 6, 28),
            "onsite_end": dt.date(2022, 8, 22),
            "feedback_date": dt.date(2022, 11, 4),
        },
    )


def test_export_then_import_reproduces_the_ledger(seed, empty_inspection):
    buffer = io.BytesIO()
    rows = ledger_export(
        Measure.objects.live().filter(problem__inspection=seed.inspection), buffer, title="台账"
    )
    assert rows == 12
    preview = read_ledger_xlsx(buffer.getvalue())
    assert preview.ok and len(preview.items) == 12 and preview.problem_count == 5
    created = ledger_import_apply(inspection=empty_inspection, preview=preview, actor=seed.liaison)
    assert created == {"problems": 5, "measures": 12, "progress": 12}
    assert _ledger(empty_inspection) == _ledger(seed.inspection)


def test_exported_sheet_is_laid_out_for_people(seed):
    buffer = io.BytesIO()
    ledger_export(
        Measure.objects.live().filter(problem__inspection=seed.inspection), buffer, title="区科技局整改台账"
    )
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = next(r for r in values if r and r[0] == "序号")
    assert list(header) == [
        "序号",
        "问题类别",
        "反馈问题",
        "整改措施",
        "责任领导",
        "责任股室",
        "责任人",
        "整改时限",
        "整改类型",
        "整改进展",
        "完成情况",
        "销号日期",
        "佐证材料",
        "备注",
    ]
    assert all(cell.font.b for cell in sheet[2])  # a bold header
    merged = {str(r.coord)[0] for r in sheet.merged_cells.ranges if r.min_row > 2}
    assert merged == {"A", "B", "C"}  # 序号, 问题类别, 反馈问题 merged over each problem's measures
    assert sheet.freeze_panes is not None


def test_a_row_that_breaks_a_rule_imports_nothing(seed, empty_inspection):
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "反馈问题", "整改措施", "整改时限", "整改类型"])
    ws.append([1, "问题甲", "措施一", "2023年6月30日", "限期整改"])
    ws.append([2, "问题乙", "措施二", "2022年1月1日", "限期整改"])  # before the feedback date
    buffer = io.BytesIO()
    wb.save(buffer)
    preview = read_ledger_xlsx(buffer.getvalue())
    from zhenggai.core.errors import ServiceError

    with pytest.raises(ServiceError, match="第3行"):
        ledger_import_apply(inspection=empty_inspection, preview=preview, actor=seed.liaison)
    assert not empty_inspection.problems.exists()


def test_import_page_previews_then_writes_on_confirm(
    login, seed, empty_inspection, django_capture_on_commit_callbacks
):
    client = login(seed.liaison)
    wb = Workbook()
    ws = wb.active
    ws.append(["整改台账"])
    ws.append([])
    ws.append(["序号", "存在问题", "整改措施", "责任单位", "完成时限", "备注"])
    ws.append([1, "制度执行不到位", "修订财务管理制度", "办公室", "2022年12月底", "x"])
    ws.append([None, None, "", "办公室", "2023.1.31", ""])
    ws.append([2, "学习不深入", "常态化学习", "办公室", "长期", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "台账.xlsx"
    url = reverse("ledger_import", args=[empty_inspection.pk])
    response = client.post(url, {"file": buffer})
    page = response.content.decode()
    assert response.status_code == 200 and "将导入 2 个问题、2 条措施" in page
    assert "C5" in page  # the empty measure cell is named by its address
    assert not empty_inspection.problems.exists()  # nothing written yet
    token = client.session[f"ledger_import_{empty_inspection.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "1", "token": token})
    job = Job.objects.get()
    assert response["Location"] == reverse("job", args=[job.pk])
    job.refresh_from_db()
    assert job.state == "done" and (job.done, job.total) == (2, 2) and "措施2条" in job.message
    status = client.get(reverse("job_status", args=[job.pk])).json()
    assert status["percent"] == 100 and status["state"] == "done"
    measures = Measure.objects.filter(problem__inspection=empty_inspection).order_by("problem__number")
    assert [(m.content, m.deadline, m.kind) for m in measures] == [
        ("修订财务管理制度", dt.date(2022, 12, 31), "deadline"),
        ("常态化学习", None, "long_term"),
    ]
    assert measures[0].responsible_office.name == "办公室"


def test_malformed_upload_gets_a_chinese_error(login, seed, empty_inspection):
    client = login(seed.liaison)
    garbage = io.BytesIO(b"this is not a spreadsheet at all")
    garbage.name = "台账.xlsx"
    page = client.post(
        reverse("ledger_import", args=[empty_inspection.pk]), {"file": garbage}
    ).content.decode()
    assert "无法" in page or "不是" in page
    assert not ProgressEntry.objects.filter(measure__problem__inspection=empty_inspection).exists()


def test_round_export_runs_as_a_job_with_progress(login, seed, django_capture_on_commit_callbacks):
    client = login(seed.xunchaban)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ledger_export_job"), {"round": seed.inspection.round_id, "title": "二轮台账"}
        )
    job = Job.objects.get()
    assert response["Location"] == reverse("job", args=[job.pk])
    job.refresh_from_db()
    assert job.state == "done" and job.total == 12 and job.done == 12
    download = client.get(reverse("job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert (
        sum(1 for row in sheet.iter_rows(values_only=True) if row and row[3] and row[3] != "整改措施") == 12
    )
    # Another user's job is not theirs to see.
    assert login(seed.outsider).get(reverse("job", args=[job.pk])).status_code == 404


def test_failed_import_job_reports_why_and_writes_nothing(
    login, seed, empty_inspection, django_capture_on_commit_callbacks
):
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "反馈问题", "整改措施", "整改时限", "整改类型"])
    ws.append([1, "问题甲", "措施一", "2023年6月30日", "限期整改"])
    ws.append([2, "问题乙", "措施二", "2021年1月1日", "限期整改"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "台账.xlsx"
    client = login(seed.liaison)
    url = reverse("ledger_import", args=[empty_inspection.pk])
    client.post(url, {"file": buffer})
    token = client.session[f"ledger_import_{empty_inspection.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "1", "token": token})
    job = Job.objects.get()
    assert job.state == "failed" and "第3行" in job.message
    assert not empty_inspection.problems.exists()


@pytest.mark.django_db(transaction=True)
def test_thread_backend_runs_the_job_beside_the_request(seed, settings, client):
    import time

    settings.ZHENGGAI_JOBS_BACKEND = "thread"
    client.force_login(seed.xunchaban)
    response = client.post(reverse("ledger_export_job"), {"round": seed.inspection.round_id})
    job = Job.objects.get()
    assert response["Location"] == reverse("job", args=[job.pk])
    deadline = time.monotonic() + 30
    while job.state not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.state == "done", job.message
    assert job.done == job.total == 12
