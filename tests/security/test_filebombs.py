"""Bounded parsing of every file the product opens: zip bombs, entity bombs, deep HTML, and the
child process that bounds time and memory (zhenggai.core.bounded, zhenggai.core.archives)."""

import io
import resource
import subprocess
import sys
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.bombs import (
    deep_html,
    docx_from_document_xml,
    entity_bomb_docx,
    entity_bomb_xlsx,
    many_chunks_html,
    paragraph_bomb_docx,
    shared_strings_bomb_xlsx,
)
from zhenggai.core.archives import check_archive
from zhenggai.core.bounded import FileRefused, run_bounded
from zhenggai.documents.xlsx import LedgerImportError, read_ledger_xlsx, read_ledger_xlsx_bounded
from zhenggai.intake import read_notice, read_notice_bounded
from zhenggai.intake import sources as intake_sources
from zhenggai.intake_ui.models import IntakeDraft

FEW_SECONDS = 10  # generous for a loaded CI machine; the bombs took minutes before


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@pytest.fixture(scope="module")
def paragraph_bomb() -> bytes:
    return paragraph_bomb_docx()


# ------------------------------------------------------------------ the bombs, refused before parsing


def test_the_issues_docx_is_small_and_refused_at_once(paragraph_bomb):
    assert len(paragraph_bomb) < 250_000  # the 220 KB file of the issue
    with zipfile.ZipFile(io.BytesIO(paragraph_bomb)) as archive:
        assert archive.getinfo("word/document.xml").file_size > 55_000_000
    started = time.monotonic()
    with pytest.raises(FileRefused) as refused:
        read_notice(paragraph_bomb, source_kind="docx")
    assert time.monotonic() - started < FEW_SECONDS
    assert "压缩比异常" in refused.value.message and "word/document.xml" in refused.value.message


def test_too_many_paragraphs_are_refused_even_when_the_zip_looks_normal(monkeypatch):
    monkeypatch.setattr(intake_sources, "MAX_PARAGRAPHS", 1_000)
    varied = "".join(f"<w:p><w:r><w:t>第{i}段</w:t></w:r></w:p>" for i in range(1_500))
    data = docx_from_document_xml(
        f'<w:document xmlns:w="{intake_sources._W}"><w:body>{varied}</w:body></w:document>'
    )
    with pytest.raises(FileRefused) as refused:
        read_notice(data, source_kind="docx")
    assert refused.value.code == "docx_paragraphs" and "段落超过1000个" in refused.value.message


@pytest.mark.parametrize("bomb", [entity_bomb_docx, entity_bomb_xlsx], ids=["docx", "xlsx"])
def test_entity_bombs_are_refused_before_any_xml_parser_sees_them(bomb):
    data = bomb()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, pytest.raises(FileRefused) as refused:
        check_archive(archive, max_total=10**9)
    assert refused.value.code == "archive_dtd" and "DTD" in refused.value.message


def test_entity_bomb_docx_in_the_reader():
    started = time.monotonic()
    with pytest.raises(FileRefused):
        read_notice(entity_bomb_docx(), source_kind="docx")
    assert time.monotonic() - started < FEW_SECONDS


def test_entity_bomb_xlsx_in_the_ledger_reader():
    with pytest.raises(LedgerImportError) as refused:
        read_ledger_xlsx(entity_bomb_xlsx())
    assert "DTD" in refused.value.message


def test_lxml_itself_does_not_expand_entities_behind_the_guard():
    """Belt and braces: the parser settings the readers use keep an entity unexpanded."""
    from lxml import etree

    from tests.bombs import ENTITY_BOMB_DTD

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(f"<?xml version='1.0'?>{ENTITY_BOMB_DTD}<a>&lol9;</a>".encode(), parser)
    except etree.XMLSyntaxError as error:  # libxml2 ≥ 2.12 refuses the amplification outright
        assert "amplification" in str(error)
    else:
        assert len(etree.tostring(root)) < 10_000  # older libxml2: the reference stays unexpanded


def test_shared_strings_bomb_is_refused_quickly():
    data = shared_strings_bomb_xlsx()
    assert len(data) < 1_000_000
    started = time.monotonic()
    with pytest.raises(LedgerImportError) as refused:
        read_ledger_xlsx_bounded(data)
    assert time.monotonic() - started < FEW_SECONDS
    assert "sharedStrings.xml" in refused.value.message and "压缩比异常" in refused.value.message


def test_a_normal_docx_still_reads_with_its_headings():
    import docx

    document = docx.Document()
    document.add_heading("关于巡察整改进展情况的通报", level=1)
    document.add_paragraph("一、关于学习贯彻不到位的问题")
    document.paragraphs[-1].runs[0].bold = True
    document.add_paragraph("整改措施:建立学习制度。")
    out = io.BytesIO()
    document.save(out)
    source = intake_sources.docx_to_source(out.getvalue())
    assert source.text.splitlines() == [
        "关于巡察整改进展情况的通报",
        "一、关于学习贯彻不到位的问题",
        "整改措施:建立学习制度。",
    ]
    assert source.emphasised == {"关于巡察整改进展情况的通报", "一、关于学习贯彻不到位的问题"}


# ------------------------------------------------------------------ HTML


def test_deeply_nested_html_is_read_or_refused_within_its_bound():
    started = time.monotonic()
    try:
        parsed = read_notice_bounded(deep_html(20_000), source_kind="html", timeout=5, memory_mb=256)
    except FileRefused as refused:  # a slow machine: stopped at the bound, with the reason
        assert refused.code == "timeout"
    else:
        assert "整改" in parsed.text
    assert time.monotonic() - started < FEW_SECONDS


def test_html_with_too_many_tags_is_refused_at_once():
    started = time.monotonic()
    with pytest.raises(FileRefused) as refused:
        read_notice(many_chunks_html(500_000), source_kind="html")
    assert time.monotonic() - started < FEW_SECONDS
    assert refused.value.code == "html_tags" and "标签" in refused.value.message


# ------------------------------------------------------------------ the child process


def _spin():
    while True:
        pass


def _hog():
    hoard = []
    while True:
        hoard.append(bytearray(16 * 1024 * 1024))


def _fine(x):
    return {"doubled": x * 2}


def test_a_parse_past_its_time_is_stopped():
    started = time.monotonic()
    with pytest.raises(FileRefused) as refused:
        run_bounded(_spin, timeout=1, memory_mb=256)
    assert time.monotonic() - started < 5
    assert refused.value.code == "timeout" and "1秒内未能读完" in refused.value.message


def test_a_parse_past_its_memory_is_stopped():
    started = time.monotonic()
    with pytest.raises(FileRefused) as refused:
        run_bounded(_hog, timeout=30, memory_mb=200)
    assert time.monotonic() - started < FEW_SECONDS
    assert refused.value.code == "memory" and "200 MB" in refused.value.message
    assert _children_peak_mb() < 2_000  # the child never got near the gigabyte of the issue


def test_results_and_the_parsers_own_refusals_come_back_unchanged():
    assert run_bounded(_fine, 21, timeout=5, memory_mb=128) == {"doubled": 42}
    with pytest.raises(LedgerImportError) as refused:
        read_ledger_xlsx_bounded(b"not a workbook")
    assert "不是 Excel 工作簿" in refused.value.message


def test_the_paragraph_bomb_is_bounded_even_without_the_checks(monkeypatch, paragraph_bomb):
    """With the zip checks and the paragraph cap switched off, the child process still bounds it."""
    monkeypatch.setattr(intake_sources, "MAX_DOCX_UNPACKED", 10**10)
    monkeypatch.setattr(intake_sources, "MAX_PARAGRAPHS", 10**9)
    monkeypatch.setattr("zhenggai.core.archives.max_ratio", lambda: 0)
    started = time.monotonic()
    try:
        parsed = read_notice_bounded(paragraph_bomb, source_kind="docx", timeout=4, memory_mb=300)
    except FileRefused as refused:  # stopped at the time or memory bound
        assert refused.code in {"timeout", "memory"}
    else:
        # On a fast machine lxml reaches the memory bound within the time bound and fails there
        # (libxml2 reports the failed allocation as a syntax error): the file reads as unreadable.
        assert parsed.text == "" and any("无法读取该 Word 文件" in note for note in parsed.notes)
    assert time.monotonic() - started < 8


# ------------------------------------------------------------------ where people meet it


def test_the_upload_page_shows_a_form_error_and_saves_nothing(login, seed, paragraph_bomb):
    upload = SimpleUploadedFile("通报.docx", paragraph_bomb)
    response = login(seed.liaison).post(reverse("intake_ui:upload"), {"file": upload})
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any("压缩炸弹" in e for e in errors)
    assert not IntakeDraft.objects.exists()


def test_a_pasted_page_past_its_time_is_a_form_error(login, seed, settings):
    settings.ZHENGGAI_PARSE_TIMEOUT = 0.001
    response = login(seed.liaison).post(
        reverse("intake_ui:upload"), {"text": "<html><body><p>整改</p>" * 1000}
    )
    assert response.status_code == 200
    assert any("未能读完" in e for e in response.context["form"].errors["text"])
    assert not IntakeDraft.objects.exists()


def test_the_ledger_import_page_refuses_a_bomb_and_keeps_nothing(login, seed, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client = login(seed.liaison)
    upload = SimpleUploadedFile("台账.xlsx", shared_strings_bomb_xlsx(1_000_000))
    response = client.post(reverse("ledger_import", args=[seed.inspection.pk]), {"file": upload})
    assert response.status_code == 200
    assert any("压缩比异常" in e for e in response.context["form"].errors["file"])
    assert f"ledger_import_{seed.inspection.pk}" not in client.session
    assert not (tmp_path / "imports").exists() or not any((tmp_path / "imports").iterdir())


def test_the_cli_prints_a_clean_message(tmp_path, paragraph_bomb):
    path = tmp_path / "通报.docx"
    path.write_bytes(paragraph_bomb)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "zhenggai.cli", "intake", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "ZHENGGAI_PARSE_TIMEOUT": "10"},
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert "未读取 通报.docx" in result.stderr and "压缩炸弹" in result.stderr
    assert "Traceback" not in result.stderr


def test_fuzzer_findings_stay_clean_refusals():
    """Inputs the fuzzers found crashing (kept in tests/fuzz/corpus as regressions)."""
    from pathlib import Path

    from zhenggai.documents.xlsx import LedgerImportPreview

    regressions = sorted((Path(__file__).parents[1] / "fuzz" / "corpus" / "xlsx").glob("regression-*"))
    assert len(regressions) == 2
    for path in regressions:
        try:  # read (a damaged part openpyxl does not need) or refused in Chinese; never an exception
            assert isinstance(read_ledger_xlsx(path.read_bytes()), LedgerImportPreview)
        except LedgerImportError as refused:
            assert refused.message


def test_a_zip_of_an_unknown_version_is_a_form_error_not_a_500(login, seed):
    from pathlib import Path

    data = (
        Path(__file__).parents[1] / "fuzz" / "corpus" / "xlsx" / "regression-zip-version-not-implemented"
    ).read_bytes()
    response = login(seed.liaison).post(
        reverse("intake_ui:upload"), {"file": SimpleUploadedFile("通报.docx", data)}
    )
    assert response.status_code == 200
    assert any("不是有效的 Word" in e for e in response.context["form"].errors["file"])
