"""Ledger export: layout, merged problem cells, print setup, safety, round trip and flat memory."""

import datetime as dt
import gc
import io
import subprocess
import sys
import tracemalloc
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from zhenggai.documents.xlsx import COLUMNS, LedgerRow, ledger_filename, read_ledger_xlsx, write_ledger_xlsx
from zhenggai.documents.xlsx import writer as writer_module
from zhenggai.documents.xlsx.writer import WIDTHS

SEED_ROWS = [
    LedgerRow(1, "关于学习贯彻习近平总书记关于黄河国家战略重要指示批示精神不及时不主动方面问题",
              "严格执行“第一议题”制度和党组理论学习中心组学习制度", "局党组书记", "办公室", "张明",
              dt.date(2022, 12, 31), "", "立行立改", "集中召开党组理论学习中心组3次", "已完成", "会议记录.pdf",
              category="思想建设", closed_on=dt.date(2022, 12, 20), remarks="已报巡察办"),
    LedgerRow(1, "关于学习贯彻习近平总书记关于黄河国家战略重要指示批示精神不及时不主动方面问题",
              "召开党组会议传达学习座谈会讲话精神", "局党组书记", "办公室", "张明",
              dt.date(2022, 11, 30), "", "限期整改", "11月8日召开党组会议", "已完成", "会议纪要.pdf\n签到表.jpg",
              category="思想建设"),
    LedgerRow(2, "关于农业科技创新载体建设乏力,科技助力乡村振兴短板明显方面问题",
              "引进众创空间,指导企业申报科技型中小企业", "分管副局长", "农村科技股", "李华",
              dt.date(2022, 12, 31), "2022年12月底", "限期整改", "滨科汇聚众创空间入选市备案名单", "已完成", ""),
    LedgerRow(2, "关于农业科技创新载体建设乏力,科技助力乡村振兴短板明显方面问题",
              "组织科技特派员与企业合作开展攻关", "分管副局长", "农村科技股", "李华",
              None, "长期", "长期坚持", "已组织10家企业申报", "正在整改", ""),
    LedgerRow(3, "关于引导推动科技创新动力不足方面问题", "建立高新技术企业储备库", "局长", "高新技术股", "王强",
              dt.date(2023, 1, 31), "", "限期整改", "已储备企业40家", "已完成", "储备库名单.xlsx"),
]  # fmt: skip


@pytest.fixture(scope="module")
def workbook_bytes() -> bytes:
    out = io.BytesIO()
    assert write_ledger_xlsx(SEED_ROWS, out, title="沾化区科技局巡察整改台账") == 5
    return out.getvalue()


@pytest.fixture(scope="module")
def sheet(workbook_bytes):
    return load_workbook(io.BytesIO(workbook_bytes)).active


def test_title_and_header(sheet):
    assert sheet.title == "整改台账"
    assert sheet["A1"].value == "沾化区科技局巡察整改台账"
    assert [c.value for c in sheet[2]] == [
        "序号", "问题类别", "反馈问题", "整改措施", "责任领导", "责任股室", "责任人",
        "整改时限", "整改类型", "整改进展", "完成情况", "销号日期", "佐证材料", "备注",
    ]  # fmt: skip
    assert [h for _, h in COLUMNS] == [c.value for c in sheet[2]]
    assert len(WIDTHS) == len(COLUMNS)
    for cell in sheet[2]:
        assert cell.font.name == "黑体" and cell.font.b and cell.border.left.style == "thin", cell.coordinate


def test_one_row_per_measure_with_problem_cells_merged(sheet):
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert merged == {
        "A1:N1",
        "A3:A4",
        "B3:B4",
        "C3:C4",
        "A5:A6",
        "B5:B6",
        "C5:C6",
    }  # fmt: skip — problem 3 has one measure
    assert sheet["A3"].value == 1 and sheet["A5"].value == 2 and sheet["A7"].value == 3
    assert sheet["B3"].value == "思想建设" and sheet["B5"].value is None
    assert sheet["C4"].value is None  # inside the merge
    assert [sheet.cell(r, 4).value for r in range(3, 8)] == [row.measure_text for row in SEED_ROWS]
    assert sheet.max_row == 7


def test_cells_dates_and_styles(sheet):
    assert sheet["H3"].value == dt.datetime(2022, 12, 31)  # a real date
    assert sheet["H3"].number_format == 'yyyy"年"m"月"d"日"'
    assert sheet["H5"].value == "2022年12月底" and sheet["H6"].value == "长期"  # wording kept
    assert (
        sheet["L3"].value == dt.datetime(2022, 12, 20)
        and sheet["L3"].number_format == sheet["H3"].number_format
    )
    assert sheet["L4"].value is None  # not struck off
    assert sheet["M4"].value == "会议纪要.pdf\n签到表.jpg"
    assert sheet["N3"].value == "已报巡察办"
    for ref in ("A3", "B3", "C3", "H3", "L3", "M7", "N7"):
        cell = sheet[ref]
        assert cell.alignment.wrap_text and cell.alignment.vertical == "center", ref
        assert cell.border.bottom.style == "thin", ref
    assert sheet["D3"].alignment.horizontal == "left" and sheet["A3"].alignment.horizontal == "center"
    assert sheet["N3"].alignment.horizontal == "left" and sheet["L3"].alignment.horizontal == "center"


def test_cells_under_a_merge_keep_their_borders(workbook_bytes):
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    styled = xml.split('<c r="A3" s="')[1].split('"')[0]
    assert f'<c r="A4" s="{styled}"' in xml  # a styled blank: the merged area keeps its grid


def test_sheet_setup(sheet):
    assert sheet.freeze_panes == "A3"  # title and header stay in view
    assert sheet.print_title_rows == "$2:$2"  # the header repeats on printed pages
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # A4
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["C"].width == 34 and sheet.column_dimensions["D"].width == 44
    assert sheet.row_dimensions[1].height == 36


def test_round_trip(workbook_bytes):
    preview = read_ledger_xlsx(workbook_bytes)
    assert preview.errors == []
    # everything but the 销号 date, which the close-out workflow sets (listed as not taken)
    assert preview.rows == [replace(row, closed_on=None) for row in SEED_ROWS]
    assert "L3: 销号日期“2022年12月20日”未导入：销号须经销号审核流程" in [str(i) for i in preview.untaken]
    assert preview.problem_count == 3
    assert [item.sheet_row for item in preview.items] == [3, 4, 5, 6, 7]


def test_text_is_never_a_formula_and_control_characters_go():
    rows = [LedgerRow(1, '=HYPERLINK("http://x")', "#N/A", leader="+1", person="-2", progress="a\x00b\x1fc")]
    out = io.BytesIO()
    write_ledger_xlsx(rows, out, title="=1+1")
    sheet = load_workbook(out).active
    assert sheet["A1"].data_type == "s" and sheet["A1"].value == "=1+1"
    assert sheet["C3"].data_type == "s" and sheet["D3"].data_type == "s"
    assert sheet["J3"].value == "abc"
    with zipfile.ZipFile(out) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_empty_ledger_and_single_rows():
    out = io.BytesIO()
    assert write_ledger_xlsx([], out, title="空台账") == 0
    sheet = load_workbook(out).active
    assert sheet.max_row == 2 and {str(r) for r in sheet.merged_cells.ranges} == {"A1:N1"}
    out = io.BytesIO()
    write_ledger_xlsx([LedgerRow(1, "问题", "措施"), LedgerRow(2, "问题二", "措施")], out, title="t")
    assert {str(r) for r in load_workbook(out).active.merged_cells.ranges} == {"A1:N1"}


def test_writes_to_a_path(tmp_path):
    path = tmp_path / "台账.xlsx"
    write_ledger_xlsx(SEED_ROWS, path.as_posix(), title="t")
    assert read_ledger_xlsx(path).rows == [replace(row, closed_on=None) for row in SEED_ROWS]


def test_filename():
    assert ledger_filename("沾化区/科技局 台账", dt.date(2023, 3, 29)) == "沾化区科技局台账_20230329.xlsx"


def many_rows(n: int):
    for i in range(n):
        yield LedgerRow(
            problem_no=i // 3 + 1,
            problem_title=f"关于科技创新动力不足方面问题第{i // 3 + 1}项",
            measure_text=f"建立高新技术企业储备库,摸排技改项目{i}",
            leader="局长",
            office="高新技术股",
            person="王强",
            deadline=dt.date(2023, 1 + i % 12, 1),
            kind="限期整改",
            progress="已储备企业40家",
            status="已完成",
        )


MEMORY_PROBE = """
import io, sys, tempfile
sys.path.insert(0, {root!r})
from tests.documents.test_doc_xlsx_write import many_rows
from zhenggai.documents.xlsx import write_ledger_xlsx

def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

with tempfile.TemporaryFile() as out:
    write_ledger_xlsx(many_rows(5_000), out, title="t")   # warm: imports, caches, first file
    before = hwm()
with tempfile.TemporaryFile() as out:
    write_ledger_xlsx(many_rows(50_000), out, title="t")
    after = hwm()
print(before, after)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_memory_stays_flat():
    """50,000 rows need no more memory than 5,000: the peak RSS barely moves (fresh process)."""
    root = str(Path(__file__).resolve().parents[2])
    proc = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE.format(root=root)], capture_output=True, text=True, check=True
    )
    before, after = map(float, proc.stdout.split())
    assert after - before < 16, (before, after)  # MB; the merge array is 16 bytes per problem


def test_merges_stream_and_python_memory_is_bounded(monkeypatch):
    calls = []
    original = writer_module._stream_merges
    monkeypatch.setattr(writer_module, "_stream_merges", lambda *a: calls.append(original(*a)) or calls[-1])
    gc.collect()
    tracemalloc.start()
    write_ledger_xlsx(many_rows(6_000), io.BytesIO(), title="台账")
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert calls == [True]  # <mergeCells> streamed from the array, not built as one tree
    assert top < 4 * 2**20, top


def test_large_export_is_readable():
    out = io.BytesIO()
    write_ledger_xlsx(many_rows(3_000), out, title="台账")
    sheet = load_workbook(out, read_only=False).active
    assert len(sheet.merged_cells.ranges) == 1 + 3 * 1_000
    preview = read_ledger_xlsx(out.getvalue())
    assert len(preview.rows) == 3_000 and preview.problem_count == 1_000 and not preview.errors


# --------------------------------------------------------------------------- property: round trip

_text = (
    st.text(
        alphabet=st.sampled_from(
            list(
                "整改措施问题责任领导股室进展完成情况佐证材料巡察反馈学习制度会议abcXYZ0123456789,.;:“”()（）=#+-/\n "
            )
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
_optional = st.one_of(st.just(""), _text)
_deadlines = st.sampled_from(
    [
        (None, "", ""),
        (dt.date(2023, 3, 31), "", "限期整改"),
        (dt.date(2022, 12, 31), "2022年12月底", "限期整改"),
        (dt.date(2023, 6, 30), "2023年上半年", ""),
        (None, "长期", "长期坚持"),
        (None, "立行立改", "立行立改"),
        (dt.date(2022, 11, 30), "", "立行立改"),
    ]
)


@st.composite
def ledgers(draw):
    rows = []
    titles = draw(st.lists(_text, min_size=1, max_size=6, unique=True))
    for number, title in enumerate(titles, 1):
        category = draw(_optional)
        for _ in range(draw(st.integers(1, 4))):
            deadline, deadline_text, kind = draw(_deadlines)
            rows.append(
                LedgerRow(
                    problem_no=number,
                    problem_title=title,
                    measure_text=draw(_text),
                    leader=draw(_optional),
                    office=draw(_optional),
                    person=draw(_optional),
                    deadline=deadline,
                    deadline_text=deadline_text,
                    kind=kind,
                    progress=draw(_optional),
                    status=draw(_optional),
                    evidence=draw(_optional),
                    category=category,
                    remarks=draw(_optional),
                )
            )
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers())
def test_round_trip_property(rows):
    out = io.BytesIO()
    write_ledger_xlsx(rows, out, title="台账")
    preview = read_ledger_xlsx(out.getvalue())
    assert preview.errors == []
    assert preview.rows == rows


def test_direct_row_writer_is_used(monkeypatch):
    used = []
    original = writer_module._RowWriter.close

    def close(self):
        used.append(self.direct)
        original(self)

    monkeypatch.setattr(writer_module._RowWriter, "close", close)
    write_ledger_xlsx(SEED_ROWS, io.BytesIO(), title="t")
    assert used == [True]


def test_public_fallback_gives_the_same_workbook(monkeypatch, workbook_bytes):
    """If openpyxl's internals move, rows go through ws.append and merges through merged_cells."""

    def public_only(self, ws):
        self.ws, self.index, self.direct, self.rows_file = ws, 0, False, None
        self._elements = writer_module.ExitStack()

    monkeypatch.setattr(writer_module._RowWriter, "__init__", public_only)
    monkeypatch.setattr(writer_module, "_stream_merges", lambda *a: False)
    out = io.BytesIO()
    write_ledger_xlsx(SEED_ROWS, out, title="沾化区科技局巡察整改台账")
    fallback, direct = load_workbook(out).active, load_workbook(io.BytesIO(workbook_bytes)).active
    assert {str(r) for r in fallback.merged_cells.ranges} == {str(r) for r in direct.merged_cells.ranges}
    assert [[c.value for c in row] for row in fallback.iter_rows()] == [
        [c.value for c in row] for row in direct.iter_rows()
    ]
    assert [[c.style_id for c in row] for row in fallback.iter_rows()] == [
        [c.style_id for c in row] for row in direct.iter_rows()
    ]
    assert read_ledger_xlsx(out.getvalue()).rows == [replace(row, closed_on=None) for row in SEED_ROWS]


def _sheet_data(xlsx: bytes) -> bytes:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        sheet = etree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    (data,) = sheet.iter("{*}sheetData")
    return etree.tostring(data, method="c14n")


def test_rows_written_as_text_are_the_xml_openpyxl_writes(monkeypatch, workbook_bytes):
    """The rows' XML written here (then spliced into the sheet) is, canonically, what openpyxl's
    own cell writer makes of the same cells: spaces, line breaks, markup characters, dates,
    numbers, blanks included."""
    rows = [
        *SEED_ROWS,
        LedgerRow(
            9, " 前后有空格 ", "a < b & c > d \"引号\" 'x'", progress="第一行\r\n第二行\t制表", evidence=""
        ),
        LedgerRow(10, "长期", "措施", deadline=dt.date(2026, 2, 28), kind="长期坚持"),
        LedgerRow(11, "控制\x07字符", "=SUM(A1)", leader="\x0b", evidence="长" * 40_000, status="#N/A"),
    ]
    direct = io.BytesIO()
    write_ledger_xlsx(rows, direct, title="台账")
    assert b"zhenggai-rows" not in zipfile.ZipFile(direct).read("xl/worksheets/sheet1.xml")

    def public_only(self, ws):
        self.ws, self.index, self.direct, self.rows_file = ws, 0, False, None
        self._elements = writer_module.ExitStack()

    monkeypatch.setattr(writer_module._RowWriter, "__init__", public_only)
    public = io.BytesIO()
    write_ledger_xlsx(rows, public, title="台账")
    assert _sheet_data(direct.getvalue()) == _sheet_data(public.getvalue())
    assert read_ledger_xlsx(direct.getvalue()).rows == read_ledger_xlsx(public.getvalue()).rows


def test_str_subclasses_are_plain_text():
    class Safe(str):
        pass

    out = io.BytesIO()
    write_ledger_xlsx([LedgerRow(1, Safe("=SUM(A1)"), Safe("措施"))], out, title=Safe("台账"))
    sheet = load_workbook(out).active
    assert sheet["C3"].data_type == "s" and sheet["C3"].value == "=SUM(A1)"
