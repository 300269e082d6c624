"""Render an :class:`OfficialDocument` to semantic HTML, styled by ``official.css``.

``render_html(doc)`` gives a standalone page (``<html lang="zh-CN">``); ``standalone=False``
gives just the ``<article>`` for embedding in a page template that links the stylesheet
(static path ``documents/official.css``). Every text is escaped.

Structure: ``h1.gw-title`` (title lines separated by ``<br>``), ``h2``/``h3``/``h4`` for heading
levels 1–3, ``p`` for paragraphs with the run-in lead in ``span.gw-lead.gw-lead-N``, a plain
``table.gw-table``, and ``footer.gw-sign`` holding the signature and the date.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from zhenggai.documents.layout import spec
from zhenggai.documents.layout.model import Heading, OfficialDocument, Paragraph, Spacer, Table

OFFICIAL_CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "documents" / "official.css"
STATIC_CSS = "documents/official.css"  # the path under STATIC_URL


def official_css() -> str:
    """The stylesheet's text (for inlining in a standalone page or an e-mail)."""
    return OFFICIAL_CSS_PATH.read_text(encoding="utf-8")


def _e(text: str) -> str:
    return escape(text, quote=True)


def render_article(doc: OfficialDocument, *, inline_styles: bool = True) -> str:
    """The ``<article class="gw-doc">`` element alone.

    The two sizes computed per document (a long 发文机关标志's smaller font, table column widths) are
    ``style`` attributes for files and the PDF. Inside the product's pages, whose
    Content-Security-Policy refuses inline styles, ``inline_styles=False`` writes them as
    ``data-font-pt`` / ``data-width`` instead, which documents/article.js applies through the CSSOM.
    """
    out: list[str] = [f'<article class="gw-doc" lang="{_e(doc.lang)}">']
    if doc.issuer_line or doc.doc_number:
        out.append('<header class="gw-head">')
        if doc.issuer_line:
            size = spec.issuer_font_pt(doc.issuer_line)
            style = ""
            if size != spec.ISSUER_PT:
                style = f' style="font-size: {size:g}pt"' if inline_styles else f' data-font-pt="{size:g}"'
            out.append(f'<p class="gw-issuer"{style}>{_e(doc.issuer_line)}</p>')
        if doc.doc_number:
            out.append(f'<p class="gw-docno">{_e(doc.doc_number)}</p>')
        out.append('<hr class="gw-rule">')
        out.append("</header>")
    title = "<br>".join(_e(line) for line in doc.title_lines)
    out.append(f'<h1 class="gw-title">{title}</h1>')
    out.append('<div class="gw-body">')
    for block in doc.blocks:
        out.append(_block(block, inline_styles))
    out.append("</div>")
    if doc.signature or doc.date_text:
        out.append('<footer class="gw-sign">')
        if doc.signature:
            out.append(f'<p class="gw-signature">{_e(doc.signature)}</p>')
        if doc.date_text:
            out.append(f'<p class="gw-date">{_e(doc.date_text)}</p>')
        out.append("</footer>")
    out.append("</article>")
    return "\n".join(out)


def _block(block, inline_styles: bool = True) -> str:
    if isinstance(block, Heading):
        tag = f"h{block.level + 1}"
        return f'<{tag} class="gw-h{block.level}">{_e(block.text)}</{tag}>'
    if isinstance(block, Paragraph):
        lead = ""
        level = block.effective_lead_level
        if block.lead and level:
            lead = f'<span class="gw-lead gw-lead-{level}">{_e(block.lead)}</span>'
        return f"<p>{lead}{_e(block.text)}</p>"
    if isinstance(block, Table):
        return _table(block, inline_styles)
    if isinstance(block, Spacer):
        return '<p class="gw-blank" aria-hidden="true"></p>' * block.lines
    raise TypeError(f"not a document block: {block!r}")


def _table(block: Table, inline_styles: bool = True) -> str:
    out = ['<table class="gw-table">']
    if block.caption:
        out.append(f"<caption>{_e(block.caption)}</caption>")
    out.append("<colgroup>")
    for width in block.relative_widths():
        if inline_styles:
            out.append(f'<col style="width: {width * 100:.2f}%">')
        else:
            out.append(f'<col data-width="{width * 100:.2f}">')
    out.append("</colgroup>")
    out.append("<thead><tr>")
    out.extend(f'<th scope="col">{_cell(h)}</th>' for h in block.header)
    out.append("</tr></thead>")
    out.append("<tbody>")
    for row in block.rows:
        out.append("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _cell(text: str) -> str:
    return "<br>".join(_e(line) for line in text.split("\n"))


def render_html(
    doc: OfficialDocument,
    *,
    standalone: bool = True,
    css_href: str | None = None,
    inline_css: bool = False,
) -> str:
    """The document as HTML.

    ``standalone=False``: the article only. Otherwise a whole page, linking ``css_href`` if
    given and/or inlining the stylesheet when ``inline_css`` (a self-contained file to save or
    mail). The PDF renderer passes neither and hands the stylesheet to WeasyPrint itself.
    """
    article = render_article(doc)
    if not standalone:
        return article
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(doc.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(doc.title_text)}</title>",
    ]
    if doc.signature:
        head.append(f'<meta name="author" content="{_e(doc.signature)}">')
    head.append('<meta name="generator" content="Zhenggai">')
    if css_href:
        head.append(f'<link rel="stylesheet" href="{_e(css_href)}">')
    if inline_css:
        head.append(f"<style>\n{official_css()}\n</style>")
    head.append("</head>")
    return "\n".join([*head, '<body class="gw-page">', article, "</body>", "</html>"]) + "\n"
