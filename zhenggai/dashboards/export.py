"""The dashboard table as an XLSX workbook, in the order and words people use."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from zhenggai.core.text import xml_safe
from zhenggai.dashboards.selectors import Dashboard
from zhenggai.documents.xlsx.writer import cell_set, save_workbook

COLUMNS = [
    ("排名", None),
    ("单位", None),
    ("反馈问题", "total"),
    ("已完成", "completed"),
    ("阶段性成效", "long_term"),
    ("整改中", "in_progress"),
    ("未整改", "open"),
    ("完成率(%)", "rate"),
    ("整改措施", "measures"),
    ("已销号", "closed"),
    ("红灯(逾期)", "red"),
    ("黄灯(临期)", "yellow"),
    ("长期事项逾期未报", "report_overdue"),
    ("待回头看", "reviews_due"),
]


def dashboard_xlsx(board: Dashboard, out) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "整改完成情况"
    ws.append([title for title, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for rank, row in enumerate(board.units, 1):
        values = []
        for _title, key in COLUMNS:
            if key is None:
                values.append(rank if _title == "排名" else xml_safe(row.name))
            elif key == "rate":
                values.append(row.completion_rate)
            else:
                values.append(row.figures.get(key, 0))
        _append(ws, values)
    _append(
        ws,
        ["合计", f"{board.totals['units']}个单位"]
        + [
            board.completion_rate
            if key == "rate"
            else (board.reviews_due if key == "reviews_due" else board.totals.get(key, 0))
            for _title, key in COLUMNS[2:]
        ],
    )
    ws.freeze_panes = "A2"
    ws.column_dimensions["B"].width = 30
    save_workbook(wb, out)


def _append(ws, values: list) -> None:
    """A row whose text stays text: a unit named "=HYPERLINK(…)" is a name, not a formula (the
    ledger writer's rule, ``cell_set``)."""
    row = ws.max_row + 1
    for column, value in enumerate(values, 1):
        cell_set(ws.cell(row=row, column=column), value)
