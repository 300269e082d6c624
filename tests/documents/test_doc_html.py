"""HTML rendering: semantic structure, escaping, and the stylesheet agreeing with spec.py."""

import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.documents.sample import seed_notice
from zhenggai.documents.layout import spec
from zhenggai.documents.layout.html import OFFICIAL_CSS_PATH, STATIC_CSS, official_css, render_html
from zhenggai.documents.layout.model import Heading, OfficialDocument, Paragraph, Spacer, Table
from zhenggai.documents.layout.pdf import FONTS_CONF


class Outline(HTMLParser):
    """Collects (tag, classes, text) of block elements, and every text node."""

    BLOCKS = {"h1", "h2", "h3", "h4", "p", "th", "td", "caption", "title"}

    def __init__(self):
        super().__init__()
        self.blocks: list[tuple[str, str, str]] = []
        self.stack: list[tuple[str, str, list[str]]] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.BLOCKS:
            self.stack.append((tag, dict(attrs).get("class", ""), []))
        elif tag == "br" and self.stack:
            self.stack[-1][2].append("\n")

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1][0] == tag:
            t, cls, parts = self.stack.pop()
            self.blocks.append((t, cls, "".join(parts)))

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2].append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def test_standalone_page_structure():
    doc = seed_notice()
    html = render_html(doc)
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert '<meta charset="utf-8">' in html
    out = outline(html)
    blocks = out.blocks
    assert blocks[0] == ("title", "", doc.title_text)
    h1 = [b for b in blocks if b[0] == "h1"]
    assert h1 == [("h1", "gw-title", "\n".join(doc.title_lines))]
    assert [b[2] for b in blocks if b[0] == "h2"] == [
        "一、整改工作开展情况",
        "二、反馈意见整改进展情况",
        "三、今后整改工作打算",
    ]
    assert len([b for b in blocks if b[0] == "h3"]) == 5
    paragraph_texts = [b[2] for b in blocks if b[0] == "p"]
    expected = [(b.lead or "") + b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paragraph_texts[: len(expected)] == expected
    assert paragraph_texts[-2:] == [doc.signature, doc.date_text]
    leads = [(t, a) for t, a in out.tags if t == "span"]
    assert ("span", {"class": "gw-lead gw-lead-2"}) in leads


def test_fragment_and_css_options():
    doc = seed_notice()
    fragment = render_html(doc, standalone=False)
    assert fragment.startswith('<article class="gw-doc" lang="zh-CN">') and fragment.endswith("</article>")
    linked = render_html(doc, css_href="/static/documents/official.css")
    assert '<link rel="stylesheet" href="/static/documents/official.css">' in linked
    assert "<style>" not in linked
    inline = render_html(doc, inline_css=True)
    assert "@page" in inline and "<link" not in inline
    assert STATIC_CSS == "documents/official.css"
    assert OFFICIAL_CSS_PATH.as_posix().endswith("zhenggai/documents/static/documents/official.css")


def test_everything_is_escaped():
    evil = '<script>alert("x")</script>&amp;'
    doc = OfficialDocument(
        title=(evil, "第二行<b>"),
        issuer_line=evil,
        doc_number=evil,
        blocks=(
            Heading(1, evil),
            Heading(2, evil),
            Heading(3, evil),
            Paragraph(evil, lead=evil),
            Table((evil, "b"), ((evil, 'x" onmouseover="y'),), caption=evil),
            Spacer(),
        ),
        signature=evil,
        date_text=evil,
        lang='zh-CN" onload="x',
    )
    html = render_html(doc)
    assert "<script>" not in html and "<b>" not in html
    assert html.count("&lt;script&gt;") >= 12
    assert "&amp;amp;" in html  # an ampersand in the text is escaped, not taken as an entity
    assert 'onload="x"' not in html and 'onmouseover="y"' not in html
    tags = {t for t, _ in outline(html).tags}
    assert "script" not in tags and "b" not in tags


def test_table_and_spacer_markup():
    doc = OfficialDocument(
        title="表",
        blocks=(Table(("序号", "问题"), (("1", "甲\n乙"),), col_widths=(1, 3), caption="附表"), Spacer(2)),
    )
    html = render_html(doc, standalone=False)
    assert '<table class="gw-table"><caption>附表</caption>' in html
    assert '<col style="width: 25.00%"><col style="width: 75.00%">' in html
    assert '<th scope="col">序号</th>' in html and "<td>甲<br>乙</td>" in html
    assert html.count('class="gw-blank"') == 2


# --------------------------------------------------------------------------- stylesheet


def css_block(css: str, selector: str) -> str:
    match = re.search(re.escape(selector) + r"\s*\{(.*?)\}", css, re.S)
    assert match, selector
    return match.group(1)


def test_css_mirrors_the_spec():
    css = official_css()
    page = css_block(css, "@page")
    assert "size: A4;" in page
    m = spec
    assert (
        f"margin: {m.MARGIN_TOP_MM}mm {m.MARGIN_RIGHT_MM}mm {m.MARGIN_BOTTOM_MM}mm {m.MARGIN_LEFT_MM}mm;"
        in page
    )
    doc = css_block(css, ".gw-doc")
    assert f"font-size: {m.BODY_PT}pt;" in doc and f"line-height: {m.LINE_PITCH_PT}pt;" in doc
    title = css_block(css, ".gw-title")
    assert f"font-size: {m.TITLE_PT}pt;" in title and "text-align: center;" in title
    assert title.split("font-family:")[1].strip().startswith(f'"{m.TITLE_FONT}"')
    assert doc.split("font-family:")[1].strip().startswith(f'"{m.BODY_FONT}"')
    assert re.search(r"\.gw-doc h2,\s*\.gw-lead-1\s*\{\s*font-family: \"黑体\"", css)
    assert re.search(r"\.gw-doc h3,\s*\.gw-lead-2\s*\{\s*font-family: \"楷体_GB2312\"", css)
    # 28 characters fit: 16 pt − letter-spacing, times 28, within 156 mm
    spacing = float(re.search(r"letter-spacing: (-?[\d.]+)pt;", css).group(1))
    assert 28 * (m.BODY_PT + spacing) <= m.TEXT_WIDTH_MM / m.MM_PER_PT < 29 * (m.BODY_PT + spacing)
    # page numbers: outside, one 4号 character in, "— N —"
    right = css_block(css, "@bottom-right")
    left = css_block(css, "@bottom-left")
    for box, side in ((right, "right"), (left, "left")):
        assert 'content: "— " counter(page) " —";' in box
        assert f"font-size: {m.PAGE_NUMBER_PT}pt;" in box
        assert f"padding-{side}: {m.PAGE_NUMBER_PT}pt;" in box
        assert f"padding-top: {m.FOOTER_OFFSET_MM}mm;" in box
    assert "@page :right {\n  @bottom-right" in css and "@page :left {\n  @bottom-left" in css


def test_every_css_font_has_a_fontconfig_substitute():
    """Each official or Windows/macOS name in a CSS stack is aliased in fonts.conf."""
    css = official_css()
    families = set()
    for stack in re.findall(r"font-family:([^;]+);", css):
        families.update(re.findall(r'"([^"]+)"', stack))
    open_faces = {
        "Noto Serif CJK SC",
        "Noto Sans CJK SC",
        "AR PL UKai CN",
        "Source Han Serif SC",
        "Source Han Sans SC",
    }
    conf = ElementTree.parse(FONTS_CONF).getroot()
    aliased = {a.find("family").text for a in conf.iter("alias")}
    missing = sorted(families - open_faces - aliased)
    assert not missing, missing


def test_fonts_conf_includes_the_system_config_and_maps_the_official_fonts():
    conf = ElementTree.parse(FONTS_CONF).getroot()
    assert [i.text for i in conf.iter("include")] == ["/etc/fonts/fonts.conf"]
    target = {
        a.find("family").text: [f.text for f in a.find("accept").iter("family")] for a in conf.iter("alias")
    }
    assert target["方正小标宋简体"] == ["Noto Serif CJK SC"]
    assert target["仿宋_GB2312"] == ["Noto Serif CJK SC"]
    assert target["黑体"] == ["Noto Sans CJK SC"]
    assert target["楷体_GB2312"][0] == "AR PL UKai CN"
    bold = [m for m in conf.iter("match") if m.find("test/string").text == "方正小标宋简体"]
    assert bold and bold[0].find("edit/const").text == "bold"


@pytest.mark.parametrize("path", [OFFICIAL_CSS_PATH, FONTS_CONF])
def test_assets_ship_inside_the_package(path):
    assert Path(path).is_file()
    assert "zhenggai/documents/" in Path(path).as_posix()


def test_no_font_face_rules():
    """WeasyPrint copies every @font-face font (27 MB for a CJK face) into a temp folder per
    font configuration; the official fonts come from fonts.conf instead."""
    assert "@font-face" not in official_css()
