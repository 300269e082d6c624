"""Feedback entered as the office has it: a typed or pasted list read by its numbering, or its
spreadsheet; nothing it cannot place is dropped without a word."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from zhenggai.core.errors import ServiceError
from zhenggai.setup.services.feedback import MAX_PROBLEMS, parse_problem_list, problems_from_xlsx


def titles(preview):
    return [(p.group, p.title) for p in preview.problems]


def test_one_problem_per_line_without_markers():
    preview = parse_problem_list("  学习不深入\n\n执行制度不严格  \n")
    assert titles(preview) == [("", "学习不深入"), ("", "执行制度不严格")]


def test_headings_over_numbered_problems_with_details():
    text = (
        "一、贯彻落实党的路线方针政策方面\n"
        "（一）学习贯彻习近平新时代中国特色社会主义思想不够深入。\n"
        "理论学习中心组学习流于形式。\n"
        "（二）推动科技创新工作不够有力。\n"
        "二、全面从严治党方面\n"
        "（一）主体责任落实不到位。\n"
        "1.研究党建工作少。\n"
    )
    preview = parse_problem_list(text)
    assert titles(preview) == [
        ("贯彻落实党的路线方针政策方面", "学习贯彻习近平新时代中国特色社会主义思想不够深入。"),
        ("贯彻落实党的路线方针政策方面", "推动科技创新工作不够有力。"),
        ("全面从严治党方面", "主体责任落实不到位。"),
    ]
    assert preview.problems[0].description == "理论学习中心组学习流于形式。"
    assert preview.problems[2].description == "1.研究党建工作少。"


def test_one_level_of_numbers_and_text_before_the_first():
    preview = parse_problem_list("反馈问题如下:\n1.问题甲\n2、问题乙\n3．问题丙\n2022年11月8日不是编号")
    assert titles(preview) == [("", "问题甲"), ("", "问题乙"), ("", "问题丙")]
    assert preview.problems[2].description == "2022年11月8日不是编号"
    assert preview.notes and "第1行" in preview.notes[0]


def test_a_long_problem_keeps_its_first_sentence_as_title_and_the_rest_as_detail():
    long = "甲" * 100 + "。" + "乙" * 600
    preview = parse_problem_list(f"1.{long}")
    problem = preview.problems[0]
    assert problem.title == "甲" * 100 + "。" and problem.description == "乙" * 600
    assert "首句作为问题" in preview.notes[0]


def test_limits_in_chinese():
    with pytest.raises(ServiceError, match="一次最多"):
        parse_problem_list("\n".join(f"问题{i}" for i in range(MAX_PROBLEMS + 1)))
    with pytest.raises(ServiceError, match="过长"):
        parse_problem_list("长" * 200_001)


def xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_spreadsheet_with_a_problem_column_and_unplaced_cells_listed():
    data = xlsx(
        [
            ["区委第三巡察组反馈问题清单"],
            ["序号", "反馈问题", "备注"],
            [1, "1.学习不深入", "已约谈"],
            [2, "主体责任落实不到位", None],
            [None, None, "合计2项"],
        ]
    )
    preview = problems_from_xlsx(data)
    assert titles(preview) == [("", "学习不深入"), ("", "主体责任落实不到位")]
    assert [p.source for p in preview.problems] == ["B3", "B4"]
    assert any(n.startswith("C3“已约谈”未录入") for n in preview.notes)
    assert any(n.startswith("C5“合计2项”未录入") for n in preview.notes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just text, not a workbook", "xlsx"),
        (b"", ""),
        (xlsx([["姓名", "电话"], ["张三", "123"]]), "未找到问题清单的表头"),
    ],
)
def test_bad_spreadsheets_are_refused_in_chinese(data, message):
    with pytest.raises(ServiceError) as refused:
        problems_from_xlsx(data)
    text = " ".join(refused.value.messages)
    assert message in text and any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.django_db
def test_an_upload_fills_the_list_to_be_checked_before_it_is_stored(seed, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhenggai.ledger.models import Problem

    client = login(seed.xunchaban)
    page = reverse("setup:inspection", args=[seed.inspection.pk])
    before = Problem.objects.filter(inspection=seed.inspection).count()
    upload = SimpleUploadedFile("问题清单.xlsx", xlsx([["问题"], ["新发现的问题甲"], ["新发现的问题乙"]]))
    body = client.post(page, {"file": upload, "preview": "1"}).content.decode()
    assert "预览：将录入2个问题" in body and "1.新发现的问题甲" in body
    assert Problem.objects.filter(inspection=seed.inspection).count() == before
    response = client.post(page, {"text": "1.新发现的问题甲\n2.新发现的问题乙", "confirm": "1"})
    assert response.status_code == 302
    added = Problem.objects.filter(inspection=seed.inspection).order_by("-number")[:2]
    assert [p.number for p in added] == [before + 2, before + 1]
    broken = SimpleUploadedFile("问题清单.xlsx", b"not a zip")
    response = client.post(page, {"file": broken, "preview": "1"})
    assert response.status_code == 200 and "xlsx" in response.content.decode()
