"""Turning a composed document into bytes people download, with a sensible file name."""

from dataclasses import dataclass

from zhenggai.documents.layout import OfficialDocument
from zhenggai.documents.layout.docx import render_docx
from zhenggai.documents.layout.html import render_html
from zhenggai.documents.layout.pdf import render_pdf

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    filename: str


def render_document(doc: OfficialDocument, fmt: str, *, stem: str) -> Rendered:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "docx":
        content = render_docx(doc)
    elif fmt == "pdf":
        content = render_pdf(doc)
    else:
        content = render_html(doc, inline_css=True).encode("utf-8")
    return Rendered(content, FORMATS[fmt], f"{stem}.{fmt}")
