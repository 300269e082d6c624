"""No document that goes out carries an ASCII ``,;:!?()`` beside Chinese (issue #20): prose is
stored with Chinese punctuation whatever way it is written, and a row written before the rule (or
behind the services' back) is laid out with it all the same, in DOCX, PDF and the public page."""

import datetime as dt
import io
import re
import subprocess

import pytest
from django.db import connection
from django.urls import reverse
from docx import Document

from zhenggai.core.punctuation import ascii_beside_chinese
from zhenggai.ledger.models import Measure, MeasureStatus, Problem, ProgressEntry
from zhenggai.ledger.services import problem_update, progress_create
from zhenggai.notices.compose import notice_compose, report_compose
from zhenggai.notices.models import ProgressNotice
from zhenggai.notices.render import render_document as render

TYPED = "2022年11月20日,召开专题会议(第2次):研究部署;是否到位?"
STORED = "2022年11月20日，召开专题会议（第2次）：研究部署；是否到位？"


def test_prose_is_stored_with_chinese_punctuation_through_the_services(seed):
    problem = seed.problem(3)
    problem_update(
        problem=problem, expected_version=problem.version, title="关于引导推动不足,支撑不够方面问题"
    )
    assert Problem.objects.get(pk=problem.pk).title == "关于引导推动不足，支撑不够方面问题"
    entry = progress_create(measure=_open_measure(seed), happened_on=dt.date(2022, 11, 20), text=TYPED)
    assert entry.text == STORED and ProgressEntry.objects.get(pk=entry.pk).text == STORED
    # English and numbers keep theirs
    entry = progress_create(
        measure=_open_measure(seed),
        happened_on=dt.date(2022, 11, 21),
        text="上午10:30开会,拨付1,000元,按ISO 9001 (2015) 执行",
    )
    assert ProgressEntry.objects.get(pk=entry.pk).text == "上午10:30开会，拨付1,000元，按ISO 9001（2015）执行"


def _open_measure(seed) -> Measure:
    return Measure.objects.filter(
        problem__inspection=seed.inspection, status__in=[MeasureStatus.IN_PROGRESS, MeasureStatus.NOT_STARTED]
    ).order_by("problem__number", "number")[0]


def _plant_an_old_row(seed) -> None:
    """A title written before the rule, straight into the table: the layout must still fix it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Problem._meta.db_table} SET title = %s WHERE id = %s",
            ["关于引导推动科技创新动力不足,支撑县域经济(转型)不够有力方面问题", seed.problem(3).pk],
        )


def _assert_clean(lines, where):
    wrong = [found for line in lines for found in ascii_beside_chinese(line)]
    assert wrong == [], f"{where}: {wrong[:5]}"


@pytest.mark.parametrize("kind", ["notice", "report"])
def test_documents_carry_chinese_punctuation(seed, tmp_path, kind):
    _plant_an_old_row(seed)
    progress_create(measure=_open_measure(seed), happened_on=dt.date(2022, 11, 20), text=TYPED)
    if kind == "notice":
        doc = notice_compose(ProgressNotice.objects.get())
    else:
        doc = report_compose(seed.inspection, cutoff=dt.date(2023, 3, 29), signed_on=dt.date(2023, 3, 30))
    texts = doc.texts()
    assert any("不足，支撑县域经济（转型）不够有力" in t for t in texts)
    _assert_clean(texts, "composed")
    assert not [t for t in texts if re.search(r"(\d{4}年\d{1,2}月\d{1,2}日)，\1", t)]  # no date said twice

    docx = Document(io.BytesIO(render(doc, "docx", stem="x").content))
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    _assert_clean([p.text for p in docx.paragraphs] + cells, "docx")
    if kind == "notice":  # the notice tells the progress; the report lists measures and their state
        assert "（第2次）：研究部署" in "\n".join([p.text for p in docx.paragraphs] + cells)

    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(render(doc, "pdf", stem="n").content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    _assert_clean(text.decode("utf-8").splitlines(), "pdf")


def test_public_notice_page_carries_chinese_punctuation(client, seed):
    notice = seed.inspection.notices.get()
    page = client.get(reverse("public:notice", args=[notice.pk])).content.decode()
    article = re.sub(r"<[^>]+>", "\n", page.split("<main", 1)[1].split("</main>", 1)[0])
    lines = [line for line in article.splitlines() if re.search(r"[\u4e00-\u9fff]", line)]
    assert len(lines) > 10
    _assert_clean(lines, "public page")
