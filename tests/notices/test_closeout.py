"""对账销号单: every measure of the inspection with its state, 销号 date and approvers on a date,
from the same ledger as the notice; the pages and the API give it only to whole-ledger viewers."""

import datetime as dt
import io

from django.urls import reverse
from docx import Document
from rest_framework.test import APIClient

from zhenggai.api.tokens import token_create
from zhenggai.core.chinese import cn_date
from zhenggai.core.punctuation import ascii_beside_chinese
from zhenggai.ledger.models import Measure, MeasureStatus, MeasureTransition
from zhenggai.ledger.people import display_name
from zhenggai.notices.closeout import HEADER, closeout_compose
from zhenggai.notices.render import render_document

DAY = dt.date(2023, 3, 29)


def _table(doc):
    return next(block for block in doc.blocks if getattr(block, "header", None) == HEADER)


def test_each_measure_with_its_close_out_and_approvers(seed):
    doc = closeout_compose(seed.inspection, day=DAY)
    rows = _table(doc).rows
    measures = list(
        Measure.objects.live()
        .filter(problem__inspection=seed.inspection)
        .order_by("problem__number", "number")
    )
    assert len(rows) == len(measures)
    closed_rows = 0
    for row, measure in zip(rows, measures, strict=True):
        assert row[2].endswith(measure.content)
        closes = MeasureTransition.objects.filter(
            measure=measure, target=MeasureStatus.CLOSED, effective_on__lte=DAY
        ).order_by("effective_on", "at", "pk")
        if measure.status == MeasureStatus.CLOSED and closes.exists():
            close = closes.last()
            assert row[3] == "已销号"
            assert row[4] == cn_date(close.effective_on)
            assert row[6] == display_name(close.actor)
            confirm = MeasureTransition.objects.filter(measure=measure, target=MeasureStatus.CONFIRMED).last()
            assert row[5] == (display_name(confirm.actor) if confirm else "—")
            closed_rows += 1
        else:
            assert row[4] == "—" and row[6] == "—"
    assert closed_rows > 0  # the seed has struck-off measures
    numbers = [row[0] for row in rows]
    assert [n for n in numbers if n] == [str(n) for n in sorted({m.problem.number for m in measures})]
    summary = doc.blocks[0].text
    assert f"已销号措施{closed_rows}条" in summary and f"整改措施{len(measures)}条" in summary


def test_before_any_close_out_nothing_is_struck_off(seed):
    rows = _table(closeout_compose(seed.inspection, day=seed.inspection.feedback_date)).rows
    assert all(row[4] == "—" and row[6] == "—" for row in rows)
    assert {row[3] for row in rows} <= {"未启动", "整改中", "长期坚持"}


def test_docx_and_pdf_go_out_in_chinese_punctuation(seed):
    doc = closeout_compose(seed.inspection, day=DAY)
    docx = Document(io.BytesIO(render_document(doc, "docx", stem="x").content))
    texts = [p.text for p in docx.paragraphs] + [c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert any("反馈问题整改对账销号单" in t for t in texts)
    assert [t for t in texts if ascii_beside_chinese(t)] == []
    assert render_document(doc, "pdf", stem="x").content.startswith(b"%PDF")


def test_the_page_gives_it_to_whole_ledger_viewers_only(client, seed):
    url = reverse("closeout_download", args=[seed.inspection.pk, "docx"])
    client.force_login(seed.liaison)
    response = client.get(url, {"date": DAY.isoformat()})
    assert response.status_code == 200
    assert "对账销号单" in response["Content-Disposition"] or "%E5%AF%B9" in response["Content-Disposition"]
    for user in (seed.clerk, seed.outsider):  # a clerk sees one office; the outsider nothing
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(seed.liaison)
    assert client.get(reverse("closeout_download", args=[seed.inspection.pk, "html"])).status_code == 404
    assert client.get(url, {"date": "2023-02-30"}).status_code == 400
    page = client.get(reverse("notice_list", args=[seed.inspection.pk])).content.decode()
    assert reverse("closeout_download", args=[seed.inspection.pk, "pdf"]) in page


def test_the_api_endpoint(seed):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=seed.liaison, name='对账')[1]}")
    url = reverse("api:document-closeout", args=[seed.inspection.pk])
    response = api.get(url, {"output": "pdf", "date": DAY.isoformat()})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert api.get(url, {"output": "html"}).status_code == 400
    outsider = APIClient()
    outsider.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=seed.outsider, name='x')[1]}")
    assert outsider.get(url).status_code == 404
