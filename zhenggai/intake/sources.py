"""Plain text out of what people save: a corpus .txt, a government web page (HTML) or a DOCX.

Each loader returns a `Source`: the raw text (one paragraph per line) and the lines that were set
in bold or as headings, which the heading finder uses when a notice numbers nothing.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from zhenggai.core.bounded import FileRefused, _

from .files import KIND_BY_SUFFIX, MAX_FILE_BYTES, REFUSED_SUFFIXES, decode_text, file_kind


@dataclass
class Source:
    text: str
    kind: str = "text"  # "text" | "html" | "docx"
    emphasised: frozenset[str] = field(default_factory=frozenset)


# ---------------------------------------------------------------- corpus .txt


def strip_corpus_header(text: str) -> str:
    """The corpus format puts the source address, then a line `---`, then the notice."""
    lines = text.split("\n")
    for i, line in enumerate(lines[:5]):
        if line.strip() == "---":
            return "\n".join(lines[i + 1 :])
    return text


# ---------------------------------------------------------------- HTML

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "tbody",
        "thead",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "hr",
        "dt",
        "dd",
        "dl",
        "form",
        "center",
        "title",
        "td",
        "th",
    }
)
_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "nav",
        "footer",
        "header",
        "select",
        "option",
        "iframe",
        "svg",
        "template",
        "button",
    }
)
_SKIP_CLASS_TOKENS = frozenset(
    {
        "nav",
        "navbar",
        "nav-bar",
        "menu",
        "mainmenu",
        "topmenu",
        "footer",
        "foot",
        "bottom",
        "copyright",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "sidebar",
        "side-bar",
        "topbar",
        "top-bar",
        "header",
        "site-header",
        "share",
        "bdsharebuttonbox",
        "friendlink",
        "links",
        "position",
        "location",
        "dqwz",
    }
)
_BOLD_TAGS = frozenset({"strong", "b", "h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_BOLD_STYLE_RE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_stack: list[str] = []  # tag names whose element we are skipping (nested counts)
        self.skip_depth = 0
        self.bold_depth = 0
        self.bold_tags: list[str] = []
        self.line_chars: list[str] = []
        self.line_bold: list[bool] = []
        self.lines: list[tuple[str, bool]] = []

    # a line is emphasised when every visible character in it was inside bold markup
    def _flush(self) -> None:
        text = "".join(self.line_chars)
        stripped = text.strip()
        if stripped:
            bold_chars = [b for c, b in zip(text, self.line_bold, strict=True) if not c.isspace()]
            self.lines.append((stripped, bool(bold_chars) and all(bold_chars)))
        self.line_chars = []
        self.line_bold = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_stack:
            if tag == self.skip_stack[0] and tag not in _VOID:
                self.skip_depth += 1
            return
        attr = dict(attrs)
        classes = set((attr.get("class") or "").lower().split()) | {(attr.get("id") or "").lower()}
        if tag in _SKIP_TAGS or (tag not in _VOID and classes & _SKIP_CLASS_TOKENS):
            if tag not in _VOID:
                self.skip_stack.append(tag)
                self.skip_depth = 1
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag not in _VOID and (tag in _BOLD_TAGS or _BOLD_STYLE_RE.search(attr.get("style") or "")):
            self.bold_depth += 1
            self.bold_tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip_stack and tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self.skip_stack:
            if tag == self.skip_stack[0]:
                self.skip_depth -= 1
                if self.skip_depth <= 0:
                    self.skip_stack.clear()
            return
        if self.bold_tags and tag == self.bold_tags[-1]:
            self.bold_tags.pop()
            self.bold_depth -= 1
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip_stack:
            return
        data = data.replace("\r", " ").replace("\n", " ")
        # joined once, when the line ends: joining at every chunk made a long line quadratic
        # (5 MB of "<i>a</i>" took minutes); line_bold stays aligned character by character
        self.line_chars.append(data)
        self.line_bold.extend([self.bold_depth > 0] * len(data))

    def close(self) -> None:
        super().close()
        self._flush()


MAX_HTML_TAGS = 100_000  # a government page has a few thousand; html.parser takes ~0.1 ms a tag


def html_to_source(html: str) -> Source:
    """Visible text of a saved web page, one block per line; navigation, scripts and footers dropped.

    Raises :class:`FileRefused` for a page of more than MAX_HTML_TAGS tags (counted first, in C)."""
    if html.count("<") > MAX_HTML_TAGS:
        raise FileRefused(
            _("该网页含有超过%(limit)s个标签,不像一份通报,未读取。请只复制通报正文粘贴。")
            % {"limit": MAX_HTML_TAGS},
            "html_tags",
        )
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient, but never let a page crash the reader
        parser._flush()
    lines = [re.sub(r"[ \t]{2,}", " ", line) for line, _ in parser.lines]
    emphasised = frozenset(
        re.sub(r"[ \t]{2,}", " ", line) for line, bold in parser.lines if bold and len(line) <= 200
    )
    return Source(text="\n".join(lines), kind="html", emphasised=emphasised)


# ---------------------------------------------------------------- DOCX


MAX_DOCX_UNPACKED = 50 * 1024 * 1024  # every part of the .docx unpacked; a long notice is under 2 MB
MAX_PARAGRAPHS = 20_000  # a long notice has a few hundred
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_checked(data: bytes) -> None:
    """Refuse a zip bomb, a DTD or too many paragraphs before python-docx builds anything."""
    import zipfile

    from lxml import etree

    from zhenggai.core.archives import check_archive

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError):
        return  # damaged: python-docx fails on it, and the reader says so in the notice's notes
    with archive:
        check_archive(archive, max_total=MAX_DOCX_UNPACKED)
        if "word/document.xml" not in archive.namelist():
            return
        paragraphs = 0
        with archive.open("word/document.xml") as part:
            for _event, element in etree.iterparse(
                part, events=("end",), tag=f"{{{_W}}}p", resolve_entities=False, no_network=True
            ):
                paragraphs += 1
                if paragraphs > MAX_PARAGRAPHS:
                    raise FileRefused(
                        _("该 Word 文件的段落超过%(limit)s个,不像一份通报,未读取。请只保留通报正文后再上传。")
                        % {"limit": MAX_PARAGRAPHS},
                        "docx_paragraphs",
                    )
                element.clear()
                while element.getprevious() is not None:  # keep memory flat while counting
                    del element.getparent()[0]


def docx_to_source(data: bytes | str | Path) -> Source:
    """Paragraphs (and table cells) of a .docx; bold or heading-styled paragraphs are emphasised.

    Raises :class:`FileRefused` for a file that would unpack to too much or has too many
    paragraphs (checked before python-docx parses it). Style names are read once per document:
    python-docx's ``paragraph.style`` searches the styles part for every paragraph.
    """
    import docx  # python-docx; imported here so plain-text use never pays for it
    from docx.enum.style import WD_STYLE_TYPE
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    raw = data if isinstance(data, bytes) else Path(data).read_bytes()
    _docx_checked(raw)
    document = docx.Document(io.BytesIO(raw))
    style_names = {style.style_id: (style.name or "").lower() for style in document.styles}
    default_style = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = (default_style.name or "").lower() if default_style is not None else ""
    lines: list[str] = []
    emphasised: set[str] = set()

    def take(paragraph: Paragraph) -> None:
        text = paragraph.text.strip()
        if not text:
            return
        lines.append(text)
        style_id = paragraph._p.style  # the pStyle value, or None for the default paragraph style
        style = style_names.get(style_id, default_name) if style_id else default_name
        runs = [r for r in paragraph.runs if r.text.strip()]
        if style.startswith(("heading", "title")) or (runs and all(r.bold for r in runs)):
            emphasised.add(text)

    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag == "p":
            take(Paragraph(child, document))
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        take(paragraph)
    return Source(text="\n".join(lines), kind="docx", emphasised=frozenset(emphasised))


# ---------------------------------------------------------------- files


def load_file(path: str | Path) -> Source:
    """Read a .txt (corpus header stripped), .html/.htm or .docx file; FileRefused (a Chinese
    message) for a file that is too large, empty, or not what its name says (``intake.files``)."""
    path = Path(path)
    with path.open("rb") as file:  # no more than the limit is read, whatever the file's size
        raw = file.read(MAX_FILE_BYTES + 1)
    # The rules of intake/files.py, as on the upload page; a name the reader does not know is read as
    # text (the corpus, a notice saved without an extension).
    known = path.suffix.lower() in KIND_BY_SUFFIX or path.suffix.lower() in REFUSED_SUFFIXES
    kind = file_kind(path.name if known else path.stem + ".txt", raw)
    if kind == "docx":
        return docx_to_source(raw)
    text = decode_text(raw)
    if kind == "html" or re.match(r"\s*<(?:!doctype|html|head|body)", text, re.I):
        return html_to_source(text)
    return Source(text=strip_corpus_header(text), kind="text")
