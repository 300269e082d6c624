"""Ledger import preview: layouts units really send, row errors with cell addresses, bad files."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from zhenggai.documents.xlsx import LedgerImportError, LedgerRow, read_ledger_xlsx, write_ledger_xlsx
from zhenggai.documents.xlsx.reader import match_header


def xlsx(rows, *, merges=(), sheet_title="Sheet1", before=None) -> bytes:
    """A workbook from a list of rows (lists of values), optional merged ranges."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    if before:
        before(wb)
    for row in rows:
        ws.append(list(row))
    for ref in merges:
        ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def messages(issues) -> list[str]:
    return [str(i) for i in issues]


# --------------------------------------------------------------------------- layouts


def test_header_below_a_title_with_synonyms_and_extra_columns():
    data = xlsx(
        [
            ["滨州市沾化区科学技术局巡察整改台账"],
            ["填报单位:区科技局", None, None, "日期:2023年3月"],
            [],
            [
                "编号",
                "存在问题",
                "具体措施",
                "牵头领导",
                "责任单位",
                "具体责任人",
                "完成时限",
                "备注",
                "整改类型",
            ],
            [1, "问题一", "措施甲", "王局长", "办公室", "张三", dt.datetime(2023, 1, 31), "无", "限期整改"],
            [None, None, "措施乙", "王局长", "办公室", "张三", "长期", None, "长期坚持"],
        ]
    )
    preview = read_ledger_xlsx(data)
    assert preview.header_row == 4
    assert preview.columns == {
        "problem_no": "A", "problem_title": "B", "measure_text": "C", "leader": "D", "office": "E",
        "person": "F", "deadline": "G", "remarks": "H", "kind": "I",
    }  # fmt: skip
    assert preview.ignored_columns == []
    assert preview.rows == [
        LedgerRow(
            1,
            "问题一",
            "措施甲",
            "王局长",
            "办公室",
            "张三",
            dt.date(2023, 1, 31),
            "",
            "限期整改",
            remarks="无",
        ),
        LedgerRow(1, "问题一", "措施乙", "王局长", "办公室", "张三", None, "长期", "长期坚持"),
    ]
    assert preview.errors == [] and preview.ok


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("问题", "problem_title"),
        ("反馈问题", "problem_title"),
        ("存在问题", "problem_title"),
        ("巡察反馈问题及具体表现", "problem_title"),
        ("措施", "measure_text"),
        ("整改措施(具体)", "measure_text"),
        ("时限", "deadline"),
        ("完成时限", "deadline"),
        ("整改完成时限", "deadline"),
        ("责任单位", "office"),
        ("责任部门", "office"),
        ("责任股室", "office"),
        ("* 责任人", "person"),
        ("序 号", "problem_no"),
        ("问题序号", "problem_no"),
        ("整改进展情况", "progress"),
        ("是否完成", "status"),
        ("佐证材料", "evidence"),
        ("备注", "remarks"),
        ("问题类别", "category"),
        ("问题分类", "category"),
        ("销号日期", "closed_on"),
        ("实际完成时间", "closed_on"),
        ("类别", "kind"),  # as before: a 类别 column holds 立行立改/限期整改/长期坚持
        ("联系电话", None),
        (None, None),
    ],
)
def test_header_synonyms(header, field):
    assert match_header(header) == field


def test_merged_problem_cells_and_merged_leader():
    data = xlsx(
        [
            ["序号", "反馈问题", "整改措施", "责任领导", "整改时限"],
            [1, "问题一", "措施1", "王局长", "2023.1.31"],
            [None, None, "措施2", None, "2022年12月底"],
            [None, None, "措施3", None, "立行立改"],
            [2, "问题二", "措施4", "李局长", "2023-03-31"],
        ],
        merges=("A2:A4", "B2:B4", "D2:D4"),
    )
    preview = read_ledger_xlsx(data)
    assert [(r.problem_no, r.problem_title, r.measure_text, r.leader) for r in preview.rows] == [
        (1, "问题一", "措施1", "王局长"),
        (1, "问题一", "措施2", "王局长"),
        (1, "问题一", "措施3", "王局长"),
        (2, "问题二", "措施4", "李局长"),
    ]
    deadlines = [(r.deadline, r.deadline_text, r.kind) for r in preview.rows]
    assert deadlines == [
        (dt.date(2023, 1, 31), "", ""),
        (dt.date(2022, 12, 31), "2022年12月底", ""),
        (None, "立行立改", "立行立改"),  # the kind read off the deadline cell
        (dt.date(2023, 3, 31), "", ""),
    ]
    assert messages(preview.notes) == ["E3: “2022年12月底”按2022年12月31日计"]


def test_unmerged_blank_problem_cells_carry_down_and_blank_lines_are_skipped():
    data = xlsx(
        [
            ["问题", "措施", "时限"],
            [],
            ["问题一", "措施1", "2023年3月"],
            [None, "措施2", None],
            [None, None, None],
            ["", "  ", None],
            ["问题二", "措施3", 44926],
        ]
    )
    preview = read_ledger_xlsx(data)
    assert [(r.problem_no, r.problem_title, r.measure_text) for r in preview.rows] == [
        (1, "问题一", "措施1"),
        (1, "问题一", "措施2"),
        (2, "问题二", "措施3"),
    ]
    assert preview.rows[0].deadline == dt.date(2023, 3, 31)
    assert preview.rows[2].deadline == dt.date(2022, 12, 31)  # an Excel serial number
    assert [i.sheet_row for i in preview.items] == [3, 4, 7]
    assert "C7: 数字44926按 Excel 日期序号读作2022年12月31日" in messages(preview.notes)
    assert "序号: 表中没有序号列,问题按出现顺序编号" in messages(preview.notes)


def test_numbered_problem_titles_without_a_number_column():
    data = xlsx(
        [
            ["反馈问题", "整改措施"],
            ["一、关于学习贯彻不及时方面问题", "措施1"],
            ["（二）关于载体建设乏力方面问题", "措施2"],
            ["3.关于工作作风不够扎实方面问题", "措施3"],
            ["问题4:关于整改不深入方面问题", "措施4"],
        ]
    )
    rows = read_ledger_xlsx(data).rows
    assert [(r.problem_no, r.problem_title) for r in rows] == [
        (1, "关于学习贯彻不及时方面问题"),
        (2, "关于载体建设乏力方面问题"),
        (3, "关于工作作风不够扎实方面问题"),
        (4, "关于整改不深入方面问题"),
    ]


@pytest.mark.parametrize(
    ("value", "number"), [("1", 1), (2.0, 2), ("三", 3), ("(四)", 4), ("五、", 5), ("问题6", 6)]
)
def test_number_cell_forms(value, number):
    data = xlsx([["序号", "问题", "措施"], [value, "问题甲", "措施"]])
    assert read_ledger_xlsx(data).rows[0].problem_no == number


def test_number_column_that_counts_measures_is_renumbered():
    data = xlsx(
        [
            ["序号", "反馈问题", "整改措施"],
            [1, "问题一", "措施1"],
            [2, None, "措施2"],
            [3, "问题二", "措施3"],
            [4, "问题三", "措施4"],
            [5, None, "措施5"],
        ],
        merges=("B2:B3", "B5:B6"),
    )
    preview = read_ledger_xlsx(data)
    assert [(r.problem_no, r.problem_title) for r in preview.rows] == [
        (1, "问题一"), (1, "问题一"), (2, "问题二"), (3, "问题三"), (3, "问题三"),
    ]  # fmt: skip
    assert "序号: 序号按措施编排,问题已按出现顺序重新编号为1至3" in messages(preview.notes)


def test_group_rows_and_footnotes_are_skipped():
    data = xlsx(
        [
            ["序号", "反馈问题", "整改措施", "责任人"],
            ["一、党的领导方面"],
            [1, "问题一", "措施1", "张三"],
            ["二、全面从严治党方面"],
            [2, "问题二", "措施2", "李四"],
            ["注:本表由办公室汇总"],
        ],
        merges=("A2:D2", "A4:D4"),
    )
    preview = read_ledger_xlsx(data)
    assert [r.measure_text for r in preview.rows] == ["措施1", "措施2"]
    assert messages(preview.notes) == [
        "第2行: 分组标题“一、党的领导方面”已跳过",
        "第4行: 分组标题“二、全面从严治党方面”已跳过",
        "第6行: 说明行“注:本表由办公室汇总”已跳过",
    ]
    assert preview.errors == []


def test_two_row_header():
    data = xlsx(
        [
            ["序号", "反馈问题", "整改措施", "责任主体", None, None, "整改时限"],
            [None, None, None, "责任领导", "责任股室", "责任人", None],
            [1, "问题一", "措施1", "王局长", "办公室", "张三", "2023年6月30日"],
        ],
        merges=("A1:A2", "B1:B2", "C1:C2", "D1:F1", "G1:G2"),
    )
    preview = read_ledger_xlsx(data)
    assert (
        preview.columns["leader"] == "D"
        and preview.columns["office"] == "E"
        and preview.columns["person"] == "F"
    )
    assert preview.rows == [LedgerRow(1, "问题一", "措施1", "王局长", "办公室", "张三", dt.date(2023, 6, 30))]


def test_picks_the_sheet_with_the_ledger():
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["本台账说明"])
    ledger = wb.create_sheet("台账")
    ledger.append(["问题", "措施"])
    ledger.append(["问题一", "措施1"])
    hidden = wb.create_sheet("旧台账", 1)
    hidden.append(["问题", "措施"])
    hidden.append(["旧问题", "旧措施"])
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    preview = read_ledger_xlsx(out.getvalue())
    assert preview.sheet == "台账" and preview.rows[0].measure_text == "措施1"


def test_text_cells_of_every_kind():
    data = xlsx(
        [
            ["序号", "问题", "措施", "责任人", "进展", "完成情况", "佐证材料"],
            [1, "问题一", 12345, 67.0, dt.datetime(2023, 2, 1), "已完成", "a.pdf\nb.pdf"],
        ]
    )
    row = read_ledger_xlsx(data).rows[0]
    assert (row.measure_text, row.person, row.progress, row.evidence) == (
        "12345",
        "67",
        "2023年2月1日",
        "a.pdf\nb.pdf",
    )


# --------------------------------------------------------------------------- row errors


def test_unreadable_rows_are_listed_with_cell_addresses():
    data = xlsx(
        [
            ["序号", "反馈问题", "整改措施", "责任人", "整改时限", "整改类型"],
            [None, None, "没有问题的措施", "张三", None, None],  # row 2
            [1, "问题一", "措施1", "张三", "2023.1.31", "限期整改"],
            [None, None, "措施2", "张三", "下周", None],  # bad deadline
            [None, None, "措施3", "张三", None, "马上"],  # bad kind
            [None, None, None, "张三", "2023.3.1", None],  # no measure
            [None, None, "措施5", "张三", "2023年2月30日", None],  # no such date
            [2, "问题二", "措施6", "李四", "长期", None],
        ]
    )
    preview = read_ledger_xlsx(data)
    assert messages(preview.errors) == [
        "B2: 反馈问题为空",
        "E4: 无法识别的整改时限“下周”",
        "F5: 无法识别的整改类型“马上”(应为立行立改、限期整改或长期坚持)",
        "C6: 整改措施为空",
        "E7: 日期不存在“2023年2月30日”",
    ]
    assert [e.row for e in preview.errors] == [2, 4, 5, 6, 7]
    assert [(r.problem_no, r.measure_text) for r in preview.rows] == [(1, "措施1"), (2, "措施6")]
    assert preview.rows[1].kind == "长期坚持" and not preview.ok


def test_a_number_that_is_not_an_integer_is_a_note_not_an_error():
    data = xlsx([["序号", "问题", "措施"], ["1-1", "问题一", "措施1"], ["1-2", "问题二", "措施2"]])
    preview = read_ledger_xlsx(data)
    assert [r.problem_no for r in preview.rows] == [1, 2]
    assert messages(preview.notes)[0] == "A2: 序号“1-1”不是整数,按顺序编为1"


# --------------------------------------------------------------------------- bad files


def error_of(data, **kwargs) -> str:
    with pytest.raises(LedgerImportError) as info:
        read_ledger_xlsx(data, **kwargs)
    message = info.value.message
    assert message == str(info.value) and "Traceback" not in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)  # Chinese, for the person
    return message


def test_not_an_xlsx():
    assert "不是 Excel 工作簿" in error_of(b"\xe5\xba\x8f\xe5\x8f\xb7,\xe9\x97\xae\xe9\xa2\x98\n1,2\n")
    assert "空的" in error_of(b"")
    assert "PDF" in error_of(b"%PDF-1.7\n...")


def test_corrupt_zip():
    good = xlsx([["问题", "措施"], ["问题一", "措施1"]])
    assert "已损坏" in error_of(good[: len(good) // 2])
    assert "已损坏" in error_of(b"PK\x03\x04" + b"\x00" * 100)


def test_damaged_part_inside_a_valid_zip():
    good = xlsx([["问题", "措施"], ["问题一", "措施1"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body[: len(body) // 2]  # truncated XML
            dst.writestr(item, body)
    assert "已损坏" in error_of(out.getvalue())


def test_password_protected_and_legacy_xls():
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    encrypted = cfb + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    assert "密码" in error_of(encrypted)
    assert ".xls" in error_of(cfb + "Workbook".encode("utf-16-le"))


def test_other_office_files():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert "Word" in error_of(out.getvalue())


def test_too_big():
    data = xlsx([["问题", "措施"], ["问题一", "措施1"]])
    assert "过大" in error_of(data, max_bytes=1000)
    assert "解压后过大" in error_of(data, max_uncompressed=1000)
    rows = [["问题", "措施"]] + [[f"问题{i}", "措施"] for i in range(30)]
    assert "超过 20 行" in error_of(xlsx(rows), max_rows=20)


def test_no_header():
    message = error_of(xlsx([["姓名", "年龄"], ["张三", 30]]))
    assert message.startswith("未找到台账表头") and "“反馈问题”" in message and "“整改措施”" in message


def test_reads_paths_and_file_objects(tmp_path):
    rows = [LedgerRow(1, "问题一", "措施1")]
    path = tmp_path / "l.xlsx"
    write_ledger_xlsx(rows, path.as_posix(), title="t")
    assert read_ledger_xlsx(path).rows == rows
    assert read_ledger_xlsx(str(path)).rows == rows
    with path.open("rb") as f:
        f.read(10)  # a file someone already read from
        assert read_ledger_xlsx(f).rows == rows
    assert "找不到" in error_of(tmp_path / "missing.xlsx")


def test_wrong_declared_dimension_does_not_lose_rows():
    """Some generators write <dimension ref="A1"/>: the reader must not trust it."""
    good = xlsx([["问题", "措施"], ["问题一", "措施1"], ["问题二", "措施2"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b'<dimension ref="A1:B3"/>', b'<dimension ref="A1"/>')
                assert b'<dimension ref="A1"/>' in body
            dst.writestr(item, body)
    assert [r.measure_text for r in read_ledger_xlsx(out.getvalue()).rows] == ["措施1", "措施2"]
