"""HTML pages and DOCX files read the same as plain text."""

import pytest

from zhenggai.intake import read_file, read_notice
from zhenggai.intake.sources import html_to_source, strip_corpus_header

from .helpers import as_docx, as_government_page, seed_text


@pytest.fixture(scope="module")
def plain():
    return read_notice(seed_text()).to_json()


def test_html_page_same_as_text(plain):
    parsed = read_notice(as_government_page(seed_text()), source_kind="html")
    assert parsed.to_json() == plain
    assert "版权所有" not in parsed.text  # footer dropped
    assert "互动交流" not in parsed.text  # navigation dropped
    assert parsed.contact_phone == "0543-8192576"  # not the footer's number


def test_html_file(tmp_path, plain):
    path = tmp_path / "notice.html"
    path.write_text(as_government_page(seed_text()), encoding="utf-8")
    assert read_file(path).to_json() == plain


def test_html_entities_and_bold_hints():
    src = html_to_source(
        "<p><b>关于&ldquo;学习不深入&rdquo;的问题</b></p><p>整改情况:一是&nbsp;开展学习3次。</p>"
    )
    assert "关于“学习不深入”的问题" in src.text
    assert "关于“学习不深入”的问题" in src.emphasised


def test_bold_unnumbered_headings_become_problems():
    page = """<html><body><h1>中共某县文化局党组关于巡察整改进展情况的通报</h1>
    <p>根据县委统一部署,2023年3月1日至4月10日,县委第一巡察组对县文化局党组进行了巡察。2023年5月6日,巡察组反馈了巡察意见。</p>
    <p><strong>一、巡察反馈问题整改落实情况</strong></p>
    <p><strong>理论学习不够深入</strong></p><p>一是制定学习计划;二是开展专题学习4次。</p>
    <p><strong>文物安全管理存在漏洞</strong></p><p>一是排查隐患12处;二是完善制度。</p>
    <p><strong>二、下一步工作打算</strong></p><p>持续巩固。</p></body></html>"""
    parsed = read_notice(page, source_kind="html")
    assert parsed.problem_titles == ["理论学习不够深入", "文物安全管理存在漏洞"]
    assert [len(p.measures) for p in parsed.problems] == [2, 2]
    assert parsed.issuer == "中共某县文化局党组"


def test_docx_same_as_text(tmp_path, plain):
    path = as_docx(seed_text(), tmp_path / "notice.docx")
    parsed = read_file(path).to_json()
    assert parsed["publication_date"] is None  # a Word file has no web page metadata line
    parsed["publication_date"] = plain["publication_date"]
    assert parsed == plain
    again = read_notice(path.read_bytes(), source_kind="docx").to_json()
    again["publication_date"] = plain["publication_date"]
    assert again == plain


def test_corpus_header_stripped():
    assert strip_corpus_header("http://x\n---\n正文\n第二行") == "正文\n第二行"
    assert strip_corpus_header("没有头\n正文") == "没有头\n正文"


def test_full_width_and_ascii_punctuation_read_alike():
    text = seed_text()
    full = text.replace(",", ",").replace(":", ":").replace("(", "(").replace(")", ")").replace(";", ";")
    assert read_notice(full).to_json() == read_notice(text).to_json()


def test_a_damaged_docx_reads_as_an_empty_notice_not_a_crash():
    from zhenggai.intake.reader import read_notice

    parsed = read_notice(b"PK\x03\x04 not really a docx", source_kind="docx")
    assert parsed.issuer is None and parsed.problems == []
    assert any("无法读取" in note for note in parsed.notes)
