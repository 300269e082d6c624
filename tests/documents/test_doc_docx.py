"""DOCX rendering: GB/T 9704 page setup, grid, fonts, page numbers, and a clean re-open."""

import io
import re
import zipfile

import docx
import pytest
from docx.shared import Mm

from tests.documents.sample import seed_notice
from zhenggai.documents.layout import spec
from zhenggai.documents.layout.docx import render_docx
from zhenggai.documents.layout.model import Heading, OfficialDocument, Paragraph, Spacer, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def data() -> bytes:
    return render_docx(seed_notice())


@pytest.fixture(scope="module")
def parts(data) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def mm(length) -> float:
    return round(length / Mm(1), 2)


def test_page_setup(data):
    section = docx.Document(io.BytesIO(data)).sections[0]
    near = pytest.approx  # Word stores twips: 210 mm is 11906 twips = 210.01 mm
    assert (mm(section.page_width), mm(section.page_height)) == (near(210, abs=0.02), near(297, abs=0.02))
    assert mm(section.top_margin) == near(37, abs=0.02)
    assert mm(section.bottom_margin) == near(35, abs=0.02)
    assert mm(section.left_margin) == near(28, abs=0.02)
    assert mm(section.right_margin) == near(26, abs=0.02)
    assert mm(section.page_width - section.left_margin - section.right_margin) == near(156, abs=0.05)
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == near(225, abs=0.05)
    assert section.orientation == 0  # portrait


def test_grid_22_lines_of_28_characters(parts):
    """A line grid of 22 exact lines; 28 characters by condensed spacing (no character grid,
    which LibreOffice reads as two cells per character: docs/documents.md)."""
    grid = re.search(r"<w:docGrid [^>]*/>", parts["word/document.xml"]).group(0)
    assert 'w:type="lines"' in grid and 'w:linePitch="579"' in grid and "charSpace" not in grid
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", parts["word/styles.xml"]).group(0)
    condensed = int(re.search(r'<w:spacing w:val="(-?\d+)"/>', defaults).group(1)) / 20
    line = 156 / 25.4 * 72
    advance = spec.BODY_PT + condensed
    assert 28 * advance <= line < 29 * advance  # 28 characters fit, 29 do not
    assert 2 * spec.BODY_PT + 26 * advance <= line  # an indented first line holds 26
    assert 22 * 579 / 20 <= 225 / 25.4 * 72  # 22 exact lines fit the text block
    paragraph_defaults = re.search(r"<w:pPrDefault>.*?</w:pPrDefault>", parts["word/styles.xml"]).group(0)
    for tag in ("overflowPunct", "autoSpaceDE", "autoSpaceDN"):  # as the PDF: no hanging, no extra gaps
        assert f'<w:{tag} w:val="0"/>' in paragraph_defaults
    for style_id in ("GwTitle", "GwIssuer", "GwTableText"):  # larger or single-spaced: off the grid
        style = re.search(
            rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', parts["word/styles.xml"]
        ).group(0)
        assert '<w:snapToGrid w:val="0"/>' in style, style_id


def test_body_style_numbers(data):
    document = docx.Document(io.BytesIO(data))
    body = document.styles["公文正文"]
    assert body.font.size.pt == 16
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    ind = body.element.pPr.find(f"{W}ind")
    assert ind.get(f"{W}firstLineChars") == "200"
    title = document.styles["公文标题"]
    assert title.font.size.pt == 22
    assert title.paragraph_format.alignment == 1  # centred


def east_asian_fonts(xml: str) -> set[str]:
    return set(re.findall(r'w:eastAsia="([^"]+)"', xml))


def test_fonts_named_for_east_asian_text(parts):
    document = parts["word/document.xml"]
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"} <= east_asian_fonts(document)
    # no theme font may override the names
    assert "eastAsiaTheme" not in document
    styles = parts["word/styles.xml"]
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"} <= east_asian_fonts(styles)
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)
    assert 'w:eastAsia="仿宋_GB2312"' in defaults and "Theme" not in defaults
    assert 'w:eastAsia="zh-CN"' in defaults  # language


def test_heading_and_lead_fonts(data):
    document = docx.Document(io.BytesIO(data))
    paragraphs = document.paragraphs

    def ea(run):
        return run._element.rPr.rFonts.get(f"{W}eastAsia")

    h1 = next(p for p in paragraphs if p.text == "一、整改工作开展情况")
    assert h1.style.name == "一级标题" and ea(h1.runs[0]) == "黑体"
    h2 = next(p for p in paragraphs if p.text.startswith("（一）关于学习贯彻"))
    assert h2.style.name == "二级标题" and ea(h2.runs[0]) == "楷体_GB2312"
    lead = next(p for p in paragraphs if p.text.startswith("（一）组织落实整改情况。"))
    assert lead.runs[0].text == "（一）组织落实整改情况。"
    assert ea(lead.runs[0]) == "楷体_GB2312" and ea(lead.runs[1]) == "仿宋_GB2312"
    assert lead.runs[0].style.name == "二级标题字符"
    progress = next(p for p in paragraphs if p.text.startswith("整改进展情况："))
    assert ea(progress.runs[0]) == "楷体_GB2312" and progress.runs[1].text.startswith("一是")
    assert all(not r.bold for p in paragraphs for r in p.runs)


def test_footer_page_numbers_odd_right_even_left(data, parts):
    assert "<w:evenAndOddHeaders/>" in parts["word/settings.xml"]
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert mm(section.footer_distance) == pytest.approx(spec.FOOTER_DISTANCE_MM, abs=0.1)
    for footer, jc, side in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
        xml = footer._element.xml
        assert "<w:instrText" in xml and " PAGE " in xml
        assert xml.count('w:fldCharType="begin"') == 1 and 'w:fldCharType="end"' in xml
        text = "".join(t.text for t in footer._element.iter(f"{W}t"))
        assert text == "— 1 —"  # em dashes, half-width digit (the cached field value)
        assert f'<w:jc w:val="{jc}"/>' in xml
        assert f'w:{side}="280"' in xml  # one 4号 character (14 pt = 280 twips) in
        assert 'w:eastAsia="宋体"' in xml
        p = footer.paragraphs[0]
        assert p.style.font.size.pt == 14


def test_signature_and_date(data):
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    sig, date = paragraphs[-2], paragraphs[-1]
    assert sig.text == "中共滨州市沾化区科学技术局党组"
    assert date.text == "2023年3月29日"
    assert sig.style.paragraph_format.alignment == date.style.paragraph_format.alignment == 2  # right
    ind_sig = sig._p.pPr.find(f"{W}ind")
    ind_date = date._p.pPr.find(f"{W}ind")
    assert ind_sig.get(f"{W}rightChars") == "200"  # a long signature keeps two characters
    assert ind_date.get(f"{W}rightChars") == "625"  # the date centred under it (≥ four)
    assert not paragraphs[-3].text and not paragraphs[-4].text  # blank lines before


def test_reopens_with_all_text(data):
    doc = seed_notice()
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "\n".join(doc.title_lines)
    expected = [t for t in doc.texts()[len(doc.title_lines) :]]
    assert texts[1:] == expected
    assert document.core_properties.title == doc.title_text
    assert document.core_properties.language == "zh-CN"


def test_table_issuer_and_number():
    doc = OfficialDocument(
        title="关于报送巡察整改情况的报告",
        issuer_line="中共滨州市沾化区科学技术局党组文件",
        doc_number="沾科党字〔2023〕5号",
        blocks=(
            Paragraph("现将有关情况报告如下。"),
            Heading(1, "一、整改情况"),
            Heading(3, "1.组织领导"),
            Table(("序号", "问题", "完成情况"), (("1", "问题一\n第二行", "已完成"),), col_widths=(1, 6, 2)),
            Spacer(2),
        ),
        signature="区科技局党组",
        date_text="2023年4月2日",
    )
    document = docx.Document(io.BytesIO(render_docx(doc)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "中共滨州市沾化区科学技术局党组文件"
    assert document.paragraphs[0].runs[0].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    assert texts[1] == "沾科党字〔2023〕5号"
    assert "w:pBdr" in document.paragraphs[1]._p.xml  # the red separator line
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "问题", "完成情况"]
    assert table.rows[1].cells[1].text == "问题一\n第二行"
    assert "<w:tblHeader" in table.rows[0]._tr.xml  # header repeats on each page
    widths = [table.columns[i].width for i in range(3)]
    assert widths[1] / widths[0] == pytest.approx(6, rel=1e-3) and mm(sum(widths)) == pytest.approx(
        156, abs=0.1
    )
    assert document.styles["三级标题"].font.size.pt == 16


def test_xml_children_in_schema_order(parts):
    """Word rejects misordered children; check the ones the renderer adds itself."""
    for name in ("word/document.xml", "word/styles.xml"):
        xml = parts[name]
        for rpr in re.findall(r"<w:rPr>(.*?)</w:rPr>", xml):
            tags = re.findall(r"<w:(\w+)", rpr)
            if "rStyle" in tags:
                assert tags[0] == "rStyle"
            if "lang" in tags:
                assert tags.index("lang") > max(
                    (tags.index(t) for t in ("rFonts", "b", "i", "color", "sz") if t in tags), default=-1
                )
        for ppr in re.findall(r"<w:pPr>(.*?)</w:pPr>", xml):
            tags = re.findall(r"<w:(\w+)", ppr)
            if "outlineLvl" in tags and "jc" in tags:
                assert tags.index("jc") < tags.index("outlineLvl")
            if "pBdr" in tags and "ind" in tags:
                assert tags.index("pBdr") < tags.index("ind")
