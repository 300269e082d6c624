"""Text XML cannot carry (U+0001, U+000B…) is taken out where it comes in, and no document writer
fails on it anyway: one such character in a problem's title made every user's DOCX notice and
report answer 500 (lxml: "All strings must be XML compatible")."""

import io
import zipfile

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhenggai.accounts.models import Unit
from zhenggai.api.tokens import token_create
from zhenggai.core.forms import XmlSafeForm
from zhenggai.core.text import is_xml_safe, xml_safe
from zhenggai.intake.text import normalise
from zhenggai.ledger.models import Measure, Problem, ProgressEntry

NASTY = "整改\x0b台账\x01问题\x08\ufffe"


def test_xml_safe_keeps_what_xml_carries_and_breaks_lines_where_word_did():
    assert xml_safe(NASTY) == "整改\n台账问题"
    assert (
        xml_safe("制表\t换行\n回车\r中文、emoji 🙂、U+007F\x7f")
        == "制表\t换行\n回车\r中文、emoji 🙂、U+007F\x7f"
    )
    assert xml_safe("\ud800孤立代理") == "孤立代理"
    every_control = "".join(chr(c) for c in range(32))
    assert xml_safe(every_control) == "\t\n\n\n\r"
    assert is_xml_safe(xml_safe(every_control))


def _api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='文本')[1]}")
    return client


def _documents_answer(client, seed):
    """The downloads a control character used to break, for the signed-in ``client``."""
    pk = seed.inspection.pk
    for fmt in ("docx", "pdf"):
        response = client.get(reverse("report_download", args=[pk, fmt]), {"date": "2023-03-29"})
        assert response.status_code == 200, fmt
    response = client.get(reverse("ledger_export", args=[pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _docx_text(content: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode("utf-8")


def test_api_stores_titles_without_control_characters_and_documents_still_render(client, seed):
    api = _api(seed.liaison)
    url = f"/api/v1/inspections/{seed.inspection.pk}/problems/"
    response = api.post(url, {"title": f"标题{NASTY}", "description": "表现\x01一"}, format="json")
    assert response.status_code == 201
    problem = Problem.objects.get(pk=response.json()["id"])
    assert problem.title == "标题整改\n台账问题" and problem.description == "表现一"
    patched = api.patch(
        f"/api/v1/problems/{problem.pk}/",
        {"lead_leader": "局长\x0c", "version": problem.version},
        format="json",
    )
    assert patched.status_code == 200, patched.content
    problem.refresh_from_db()
    assert problem.lead_leader == "局长"  # U+000C became a line break, trimmed at the end
    notice = api.get(
        reverse("api:document-notice", args=[seed.inspection.pk]),
        {"output": "docx", "date": "2023-04-30"},
    )
    assert notice.status_code == 200
    client.force_login(seed.liaison)
    _documents_answer(client, seed)


def test_progress_through_the_api_multipart_form_is_cleaned(seed):
    api = _api(seed.liaison)
    measure = seed.measure(3, 3)  # open: 3.2 is struck off, so frozen
    response = api.post(
        f"/api/v1/measures/{measure.pk}/progress/",
        {
            "happened_on": "2023-03-01",
            "text": "进展\x01说明",
            "figures": '[{"label": "储备库\\u0001企业", "value": 3, "unit": "家"}]',
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    entry = ProgressEntry.objects.get(pk=response.json()["id"])
    assert entry.text == "进展说明"
    assert [f.label for f in entry.figures.all()] == ["储备库企业"]


def test_pages_store_text_without_control_characters(login, seed):
    client = login(seed.liaison)
    response = client.post(
        reverse("problem_new", args=[seed.inspection.pk]),
        {"title": f"页面{NASTY}", "description": "", "category": "分类\x01", "lead_leader": ""},
    )
    assert response.status_code == 302
    problem = Problem.objects.filter(inspection=seed.inspection).order_by("-number").first()
    assert problem.title == "页面整改\n台账问题" and problem.category == "分类"
    _documents_answer(client, seed)


def test_every_form_of_the_product_is_xml_safe():
    """The base class is what cleans: every form class of the product must have it."""
    from django import forms

    import zhenggai.intake_ui.forms
    import zhenggai.notices.forms
    import zhenggai.public.forms
    import zhenggai.supervision.forms
    import zhenggai.web.forms

    modules = (
        zhenggai.intake_ui.forms,
        zhenggai.notices.forms,
        zhenggai.public.forms,
        zhenggai.supervision.forms,
        zhenggai.web.forms,
    )
    found = [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, forms.BaseForm)
        and value.__module__ == module.__name__
    ]
    assert len(found) >= 15
    assert [f for f in found if not issubclass(f, XmlSafeForm)] == []


def test_the_notice_reader_drops_control_characters():
    assert normalise("一、问题\x0b整改\x01情况\n二、下一步") == "一、问题\n整改情况\n二、下一步"


def _raw_update(model, pk: int, column: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(model._meta.db_table)} "
            f"SET {connection.ops.quote_name(column)} = %s WHERE id = %s",
            [value, pk],
        )


@pytest.mark.django_db(transaction=False)
def test_rows_written_around_the_forms_still_render_in_every_format(login, seed):
    """A control character put into the database by SQL (an old import, a hand fix): DOCX, PDF,
    HTML and XLSX all render, with the character left out."""
    problem = seed.problem(3)
    measure = seed.measure(3, 2)
    _raw_update(Problem, problem.pk, "title", "原始\x0bSQL\x01标题")
    _raw_update(Measure, measure.pk, "content", "原始\x02措施")
    _raw_update(Unit, seed.unit.pk, "name", seed.unit.name + "\x1f")
    client = login(seed.liaison)
    sheet = _documents_answer(client, seed).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("原始\nSQL标题" in c for c in cells) and any("原始措施" in c for c in cells)
    report = client.get(reverse("report_download", args=[seed.inspection.pk, "docx"]), {"date": "2023-03-29"})
    assert "\x01" not in _docx_text(report.content)
    api = _api(seed.liaison)
    for fmt in ("docx", "pdf", "html"):
        response = api.get(
            reverse("api:document-notice", args=[seed.inspection.pk]),
            {"output": fmt, "date": "2023-04-30"},
        )
        assert response.status_code == 200, fmt
    xunchaban = login(seed.xunchaban)
    board = xunchaban.get(reverse("dashboard"), {"format": "xlsx"})
    assert board.status_code == 200
