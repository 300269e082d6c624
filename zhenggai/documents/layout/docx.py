"""Render an :class:`OfficialDocument` to DOCX bytes in the GB/T 9704-2012 layout.

Page, grid, fonts and page numbers follow ``spec``. Fonts are named both in the styles and on
every run, with ``w:eastAsia`` set (python-docx's ``font.name`` sets only ascii/hAnsi, and Word
picks the East-Asian slot for Chinese), so Word/WPS use 仿宋_GB2312, 黑体, 楷体_GB2312 and
方正小标宋简体 where installed.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from zhenggai.documents.layout import spec
from zhenggai.documents.layout.model import (
    Heading,
    OfficialDocument,
    Paragraph,
    Spacer,
    Table,
    signature_indents,
)
from zhenggai.documents.layout.ooxml import (
    RPR_AFTER_SPACING,
    bottom_rule,
    cell_margins,
    first_line_chars,
    insert_in_order,
    off,
    off_grid,
    on,
    outline,
    right_indent_chars,
)

# Style ids are ASCII (some tools choke on others); names are what Word shows.
STYLES = {
    "GwTitle": "公文标题",
    "GwIssuer": "发文机关标志",
    "GwDocNumber": "发文字号",
    "GwBody": "公文正文",
    "GwHeading1": "一级标题",
    "GwHeading2": "二级标题",
    "GwHeading3": "三级标题",
    "GwSignature": "发文机关署名",
    "GwDate": "成文日期",
    "GwTableText": "表格文字",
    "GwPageNumber": "页码",
    "GwLead1": "一级标题字符",
    "GwLead2": "二级标题字符",
    "GwLead3": "三级标题字符",
}

_PAGE_NUMBER_CHAR_TWIPS = spec.PAGE_NUMBER_PT * 20  # one 4号 character
_WML_LANG = "zh-CN"


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as a .docx file's bytes."""
    document = Document()
    _setup_defaults(document)
    _setup_styles(document)
    _setup_page(document)
    _setup_footers(document)
    _core_properties(document, doc)

    _clear_body(document)

    if doc.issuer_line:
        p = _add_paragraph(document, doc.issuer_line, "GwIssuer", spec.TITLE_FONT, color=spec.RED)
        size = spec.issuer_font_pt(doc.issuer_line)
        if size != spec.ISSUER_PT:
            p.runs[0].font.size = Pt(size)
    if doc.doc_number:
        p = _add_paragraph(document, doc.doc_number, "GwDocNumber", spec.BODY_FONT)
        bottom_rule(p)
    if doc.issuer_line or doc.doc_number:
        _add_paragraph(document, "", "GwBody", spec.BODY_FONT)  # 红色分隔线下空二行 (one + spacing)

    title = document.add_paragraph(style=document.styles[STYLES["GwTitle"]])
    for i, line in enumerate(doc.title_lines):
        run = title.add_run(line)
        _run_fonts(run, spec.TITLE_FONT)
        if i < len(doc.title_lines) - 1:
            run.add_break()
    _add_paragraph(document, "", "GwBody", spec.BODY_FONT)  # 标题下空一行

    for block in doc.blocks:
        if isinstance(block, Heading):
            _add_paragraph(document, block.text, f"GwHeading{block.level}", spec.HEADING_FONTS[block.level])
        elif isinstance(block, Paragraph):
            p = document.add_paragraph(style=document.styles[STYLES["GwBody"]])
            level = block.effective_lead_level
            if block.lead and level:
                run = p.add_run(block.lead, style=document.styles[STYLES[f"GwLead{level}"]])
                _run_fonts(run, spec.HEADING_FONTS[level])
            if block.text:
                _run_fonts(p.add_run(block.text), spec.BODY_FONT)
        elif isinstance(block, Table):
            _add_table(document, block)
        elif isinstance(block, Spacer):
            for _ in range(block.lines):
                _add_paragraph(document, "", "GwBody", spec.BODY_FONT)

    if doc.signature or doc.date_text:
        for _ in range(spec.SIGNATURE_GAP_LINES):
            _add_paragraph(document, "", "GwBody", spec.BODY_FONT)
        sig_right, date_right = signature_indents(doc.signature, doc.date_text)
        if doc.signature:
            p = _add_paragraph(document, doc.signature, "GwSignature", spec.BODY_FONT)
            right_indent_chars(p, sig_right)
        if doc.date_text:
            p = _add_paragraph(document, doc.date_text, "GwDate", spec.BODY_FONT)
            right_indent_chars(p, date_right)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- fonts


def set_east_asian_fonts(rpr, font: str, *, ascii_font: str | None = None) -> None:
    """Name ``font`` in every slot of a ``w:rPr`` (ascii, hAnsi, eastAsia, cs), themes removed.

    Theme attributes (``w:eastAsiaTheme``…) win over names in Word, so they must go.
    """
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    latin = ascii_font or font
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), font)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:hint"), "eastAsia")


def _run_fonts(run, font: str) -> None:
    set_east_asian_fonts(run._element.get_or_add_rPr(), font)  # noqa: SLF001


def _style_fonts(style, font: str, size_pt: float, *, bold: bool = False, color: str | None = None) -> None:
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    style.font.italic = False
    if color:
        style.font.color.rgb = RGBColor.from_string(color)
    rpr = style.element.get_or_add_rPr()
    set_east_asian_fonts(rpr, font)
    _lang(rpr)


def _lang(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        insert_in_order(rpr, lang)
    lang.set(qn("w:val"), _WML_LANG)
    lang.set(qn("w:eastAsia"), _WML_LANG)
    lang.set(qn("w:bidi"), "ar-SA")


# --------------------------------------------------------------------------- document setup


def _setup_defaults(document) -> None:
    """docDefaults: 3号 仿宋_GB2312, Chinese, no paragraph spacing."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_east_asian_fonts(rpr, spec.BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(spec.BODY_PT * 2))
    condensed = OxmlElement("w:spacing")
    condensed.set(qn("w:val"), str(spec.CHAR_SPACING_TWENTIETHS))
    rpr.insert_element_before(condensed, *RPR_AFTER_SPACING)
    _lang(rpr)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    # As the PDF sets it: no punctuation hanging past the margin (a character moves down with
    # it), no extra space between Chinese and Western letters or digits.
    for tag in ("w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN"):
        insert_in_order(ppr, off(tag))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(spec.LINE_PITCH_TWIPS))
    spacing.set(qn("w:lineRule"), "exact")


def _paragraph_style(document, style_id: str, *, font: str, size: float, base: str = "Normal"):
    style = document.styles.add_style(STYLES[style_id], WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    style.base_style = document.styles[base]
    style.quick_style = True
    _style_fonts(style, font, size)
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(spec.LINE_PITCH_PT)
    pf.widow_control = False  # keep the 22-line grid: no lines pushed to the next page
    return style


def _setup_styles(document) -> None:
    normal = document.styles["Normal"]
    _style_fonts(normal, spec.BODY_FONT, spec.BODY_PT)
    pf = normal.paragraph_format
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(spec.LINE_PITCH_PT)

    title = _paragraph_style(document, "GwTitle", font=spec.TITLE_FONT, size=spec.TITLE_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.keep_with_next = True
    off_grid(title)

    issuer = _paragraph_style(document, "GwIssuer", font=spec.TITLE_FONT, size=spec.ISSUER_PT)
    _style_fonts(issuer, spec.TITLE_FONT, spec.ISSUER_PT, color=spec.RED)
    issuer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    issuer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    issuer.paragraph_format.line_spacing = Pt(spec.ISSUER_PT * 1.2)
    off_grid(issuer)

    number = _paragraph_style(document, "GwDocNumber", font=spec.BODY_FONT, size=spec.BODY_PT)
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.space_before = Pt(spec.LINE_PITCH_PT * 2)

    body = _paragraph_style(document, "GwBody", font=spec.BODY_FONT, size=spec.BODY_PT)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    first_line_chars(body.element, spec.FIRST_LINE_CHARS)

    for level in (1, 2, 3):
        heading = _paragraph_style(
            document, f"GwHeading{level}", font=spec.HEADING_FONTS[level], size=spec.BODY_PT
        )
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        heading.paragraph_format.keep_with_next = True
        first_line_chars(heading.element, spec.FIRST_LINE_CHARS)
        outline(heading, level - 1)

        lead = document.styles.add_style(STYLES[f"GwLead{level}"], WD_STYLE_TYPE.CHARACTER)
        lead.style_id = f"GwLead{level}"
        _style_fonts(lead, spec.HEADING_FONTS[level], spec.BODY_PT)

    for style_id in ("GwSignature", "GwDate"):
        style = _paragraph_style(document, style_id, font=spec.BODY_FONT, size=spec.BODY_PT)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        style.paragraph_format.keep_with_next = style_id == "GwSignature"

    table = _paragraph_style(document, "GwTableText", font=spec.BODY_FONT, size=spec.TABLE_PT)
    table.paragraph_format.line_spacing = Pt(spec.TABLE_LINE_PT)  # exact, as official.css
    table.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table.paragraph_format.widow_control = True
    off_grid(table)  # single-spaced 小四 in cells, as Word sets table text (no grid snapping)

    footer = _paragraph_style(document, "GwPageNumber", font=spec.PAGE_NUMBER_FONT, size=spec.PAGE_NUMBER_PT)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    footer.paragraph_format.line_spacing = Pt(spec.PAGE_NUMBER_PT)
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _setup_page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(spec.PAGE_WIDTH_MM)
    section.page_height = Mm(spec.PAGE_HEIGHT_MM)
    section.top_margin = Mm(spec.MARGIN_TOP_MM)
    section.bottom_margin = Mm(spec.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(spec.MARGIN_LEFT_MM)
    section.right_margin = Mm(spec.MARGIN_RIGHT_MM)
    section.gutter = Mm(0)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(spec.FOOTER_DISTANCE_MM)
    sect_pr = section._sectPr  # noqa: SLF001
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    # 22 lines: a line grid of 579 twips. The 28 characters come from the condensed character
    # spacing of the document defaults (spec.CHAR_SPACING_TWENTIETHS), not from a character grid.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(spec.LINE_PITCH_TWIPS))
    grid.attrib.pop(qn("w:charSpace"), None)


def _setup_footers(document) -> None:
    """Page numbers "— N —" with a PAGE field: odd pages right, even pages left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.different_first_page_header_footer = False
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.style = document.styles[STYLES["GwPageNumber"]]
        p.alignment = align
        ind = p._p.get_or_add_pPr().get_or_add_ind()  # noqa: SLF001
        side = "w:right" if align == WD_ALIGN_PARAGRAPH.RIGHT else "w:left"
        ind.set(qn(side), str(spec.PAGE_NUMBER_SIDE_CHARS * _PAGE_NUMBER_CHAR_TWIPS))
        _run_fonts(p.add_run(f"{spec.PAGE_NUMBER_DASH} "), spec.PAGE_NUMBER_FONT)
        _page_field(p)
        _run_fonts(p.add_run(f" {spec.PAGE_NUMBER_DASH}"), spec.PAGE_NUMBER_FONT)
        for header in (section.header, section.even_page_header):
            header.is_linked_to_previous = False


def _page_field(paragraph) -> None:
    """A complex PAGE field: begin, instruction, separate, cached "1", end."""

    def fld_run(kind: str | None = None, instr: str | None = None, text: str | None = None):
        run = paragraph.add_run()
        _run_fonts(run, spec.PAGE_NUMBER_FONT)
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)  # noqa: SLF001
        if instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            run._r.append(el)  # noqa: SLF001
        if text:
            run.text = text

    fld_run("begin")
    fld_run(instr=" PAGE ")
    fld_run("separate")
    fld_run(text="1")
    fld_run("end")


def _core_properties(document, doc: OfficialDocument) -> None:
    props = document.core_properties
    props.title = doc.title_text
    props.author = doc.signature or ""
    props.last_modified_by = doc.signature or ""
    props.comments = ""
    props.subject = ""
    props.keywords = ""
    props.language = doc.lang
    props.category = "公文"


def _clear_body(document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


# --------------------------------------------------------------------------- blocks


def _add_paragraph(document, text: str, style_id: str, font: str, *, color: str | None = None):
    p = document.add_paragraph(style=document.styles[STYLES[style_id]])
    if text:
        run = p.add_run(text)
        _run_fonts(run, font)
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
    return p


def _add_table(document, block: Table) -> None:
    if block.caption:
        p = _add_paragraph(document, block.caption, "GwTitle", spec.HEADING1_FONT)
        for run in p.runs:
            run.font.size = Pt(spec.BODY_PT)
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    text_twips = round(spec.TEXT_WIDTH_MM / 25.4 * 1440)
    widths = [Twips(round(w * text_twips)) for w in block.relative_widths()]
    cell_margins(table)
    for r, values in enumerate((block.header, *block.rows)):
        row = table.rows[r]
        tr_pr = row._tr.get_or_add_trPr()  # noqa: SLF001
        tr_pr.append(on("w:cantSplit"))  # a row stays on one page, as in the PDF
        if r == 0:
            tr_pr.append(on("w:tblHeader"))
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = widths[c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.style = document.styles[STYLES["GwTableText"]]
            if r == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            lines = value.split("\n")
            for i, line in enumerate(lines):
                run = p.add_run(line)
                _run_fonts(run, spec.HEADING1_FONT if r == 0 else spec.BODY_FONT)
                if i < len(lines) - 1:
                    run.add_break()
    for c, width in enumerate(widths):
        table.columns[c].width = width
    # the line of space the PDF leaves under a table (official.css: .gw-table margin-bottom)
    _add_paragraph(document, "", "GwBody", spec.BODY_FONT)
