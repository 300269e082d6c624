"""OOXML pieces the DOCX renderer puts together: the schema order of ``w:pPr``/``w:rPr`` children
(Word refuses a file whose children are out of order), and small paragraph, style and table
properties expressed in WordprocessingML."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from zhenggai.documents.layout import spec

BODY_CHAR_TWIPS = spec.BODY_PT * 20  # one 3号 character


# The tail of the schema sequences of w:rPr and w:pPr (ECMA-376 17.3.2.28, 17.3.1.26): Word
# refuses a file whose children are out of order, so new children go before these.
PPR_SEQ = (
    "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
RPR_SEQ = ("w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
# What follows w:spacing (character spacing) in w:rPr.
RPR_AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
    "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", *RPR_SEQ,
)  # fmt: skip


def insert_in_order(parent, child) -> None:
    """Insert ``child`` (w:pBdr, w:outlineLvl or w:lang) at its place in the schema sequence."""
    for seq in (PPR_SEQ, RPR_SEQ):
        names = [qn(t) for t in seq]
        if child.tag in names:
            parent.insert_element_before(child, *seq[names.index(child.tag) + 1 :])
            return
    raise ValueError(f"no known position for {child.tag}")


def first_line_chars(pf_element, chars: float) -> None:
    ind = pf_element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(round(chars * 100)))
    ind.set(qn("w:firstLine"), str(round(chars * BODY_CHAR_TWIPS)))


def off_grid(style) -> None:
    """Lines larger than the 3号 body keep their own spacing: Word lets exact spacing override the
    line grid, LibreOffice gives such a line two grid lines unless the paragraph leaves the grid."""
    insert_in_order(style.element.get_or_add_pPr(), off("w:snapToGrid"))


def outline(style, level: int) -> None:
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    insert_in_order(style.element.get_or_add_pPr(), el)


def right_indent_chars(paragraph, chars: float) -> None:
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()  # noqa: SLF001
    ind.set(qn("w:rightChars"), str(round(chars * 100)))
    ind.set(qn("w:right"), str(round(chars * BODY_CHAR_TWIPS)))


def bottom_rule(paragraph) -> None:
    """The red separator line under the document number (版头中的分隔线)."""
    ppr = paragraph._p.get_or_add_pPr()  # noqa: SLF001
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "12")
    bottom.set(qn("w:space"), "11")  # ≈ 4 mm between the number and the line
    bottom.set(qn("w:color"), spec.RED)
    bdr.append(bottom)
    insert_in_order(ppr, bdr)


def on(tag: str):
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    return el


def off(tag: str):
    el = OxmlElement(tag)
    el.set(qn("w:val"), "0")
    return el


def cell_margins(table) -> None:
    """Cell padding as official.css sets it (2 pt above and below, 4 pt at the sides)."""
    tbl_pr = table._tbl.tblPr  # noqa: SLF001
    margins = OxmlElement("w:tblCellMar")
    for side, points in (("top", 2), ("left", 4), ("bottom", 2), ("right", 4)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(points * 20))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
