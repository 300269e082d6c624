"""PDF rendering: every character present, CJK fonts embedded, and the page laid out as GB/T 9704.

The layout checks read the rendered page back: text boxes from ``pdftotext -bbox-layout`` and
ink from ``pdftoppm`` (parsed as PGM, no imaging library). They need poppler-utils and the CJK
fonts (fonts-noto-cjk, fonts-arphic-ukai); without poppler they are skipped.
"""

import io
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.documents.sample import seed_notice
from zhenggai.documents.layout import spec
from zhenggai.documents.layout.model import Heading, OfficialDocument, Paragraph
from zhenggai.documents.layout.pdf import render_pdf

PT_PER_MM = 72 / 25.4
TEXT_LEFT = spec.MARGIN_LEFT_MM
TEXT_RIGHT = spec.PAGE_WIDTH_MM - spec.MARGIN_RIGHT_MM  # 184 mm
TEXT_TOP = spec.MARGIN_TOP_MM
TEXT_BOTTOM = spec.PAGE_HEIGHT_MM - spec.MARGIN_BOTTOM_MM  # 262 mm

needs_poppler = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdftoppm")),
    reason="poppler-utils not installed",
)


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "seed.pdf"
    path.write_bytes(render_pdf(seed_notice()))
    return path


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    """All text, page numbers removed, whitespace removed (lines wrap anywhere)."""
    text = run("pdftotext", "-enc", "UTF-8", str(path), "-") if shutil.which("pdftotext") else ""
    if not text:
        text = "".join(page.extract_text() for page in PdfReader(path).pages)
    text = re.sub(r"—\s*\d+\s*—", "", text)
    return squash(text)


# --------------------------------------------------------------------------- content


def test_every_text_is_in_the_pdf(seed_pdf):
    text = pdf_text(seed_pdf)
    doc = seed_notice()
    position = 0
    for expected in doc.texts():  # in reading order
        found = text.find(squash(expected), position)
        assert found >= 0, expected[:40]
        position = found + len(squash(expected))
    assert "\ufffd" not in text
    assert set(squash("".join(doc.texts()))) <= set(text)  # no character lost to a missing glyph


def test_metadata_and_pages(seed_pdf):
    reader = PdfReader(seed_pdf)
    assert reader.metadata.title == seed_notice().title_text
    assert reader.metadata.author == "中共滨州市沾化区科学技术局党组"
    assert len(reader.pages) >= 5
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width / PT_PER_MM == pytest.approx(210, abs=0.2)
        assert height / PT_PER_MM == pytest.approx(297, abs=0.2)


def test_renders_without_weasyprint_warnings(caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf(seed_notice())
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]


@needs_poppler
def test_cjk_fonts_are_embedded(seed_pdf):
    lines = run("pdffonts", str(seed_pdf)).splitlines()[2:]
    fonts = {line.split()[0].split("+", 1)[-1]: line for line in lines}
    for line in lines:
        cols = line.split()
        emb = cols[-5]
        assert emb == "yes", line  # every font embedded
    names = set(fonts)
    assert "Noto-Serif-CJK-SC" in names  # 仿宋_GB2312 → body
    assert "Noto-Serif-CJK-SC-Bold" in names  # 方正小标宋简体 → title
    assert "Noto-Sans-CJK-SC" in names  # 黑体 → level-1 headings
    assert "AR-PL-UKai-CN" in names  # 楷体_GB2312 → level-2 headings and leads


# --------------------------------------------------------------------------- page image


def read_pgm(data: bytes) -> tuple[int, int, bytes]:
    """Binary PGM (P5) → width, height, pixels (one byte each)."""
    tokens = []
    i = 0
    while len(tokens) < 4:
        while data[i : i + 1].isspace():
            i += 1
        if data[i : i + 1] == b"#":
            i = data.index(b"\n", i)
            continue
        j = i
        while not data[j : j + 1].isspace():
            j += 1
        tokens.append(data[i:j])
        i = j
    assert tokens[0] == b"P5" and int(tokens[3]) == 255
    width, height = int(tokens[1]), int(tokens[2])
    pixels = data[i + 1 : i + 1 + width * height]
    assert len(pixels) == width * height
    return width, height, pixels


def page_image(path: Path, page: int, dpi: int) -> tuple[int, int, bytes]:
    out = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(path)],
        capture_output=True,
        check=True,
    ).stdout
    return read_pgm(out)


def ink_box(image, *, y_from_mm=0.0, y_to_mm=297.0, dpi: int) -> tuple[float, float, float, float] | None:
    """(left, top, right, bottom) in mm of the dark pixels between two heights, or None."""
    width, height, px = image
    per_mm = dpi / 25.4
    y0, y1 = int(y_from_mm * per_mm), min(height, int(y_to_mm * per_mm))
    xs, ys = [], []
    for y in range(y0, y1):
        row = px[y * width : (y + 1) * width]
        dark = [x for x, v in enumerate(row) if v < 128]
        if dark:
            xs += (dark[0], dark[-1])
            ys.append(y)
    if not ys:
        return None
    return min(xs) / per_mm, ys[0] / per_mm, (max(xs) + 1) / per_mm, (ys[-1] + 1) / per_mm


@needs_poppler
def test_page_one_is_not_blank(seed_pdf):
    width, height, px = page_image(seed_pdf, 1, 50)
    assert abs(width - 413) <= 1 and abs(height - 585) <= 1  # A4 at 50 dpi
    dark = sum(1 for v in px if v < 128)
    assert dark > 0.02 * width * height  # a page of Chinese text, not an empty or boxed page


@needs_poppler
def test_page_layout_margins_title_and_page_numbers(seed_pdf):
    dpi = 127  # 5 pixels per mm
    page1 = page_image(seed_pdf, 1, dpi)
    page2 = page_image(seed_pdf, 2, dpi)
    for image in (page1, page2):
        left, top, right, bottom = ink_box(image, y_to_mm=TEXT_BOTTOM + 1, dpi=dpi)
        assert TEXT_LEFT - 0.5 <= left < TEXT_LEFT + 1.5  # text starts at the 28 mm margin
        assert TEXT_RIGHT - 3 < right <= TEXT_RIGHT + 0.5  # and ends by the 26 mm margin
        assert TEXT_TOP - 1 <= top < TEXT_TOP + 4  # first line at the 37 mm margin
        assert TEXT_BOTTOM - 8 < bottom <= TEXT_BOTTOM  # last line in the text block (35 mm)
    # title centred on the text block
    left, _, right, _ = ink_box(page1, y_from_mm=TEXT_TOP - 2, y_to_mm=TEXT_TOP + 8, dpi=dpi)
    assert (left + right) / 2 == pytest.approx((TEXT_LEFT + TEXT_RIGHT) / 2, abs=1.5)
    # page numbers: about 7 mm under the text block; odd page right, even page left, one 4号 character in
    char_mm = spec.PAGE_NUMBER_PT / PT_PER_MM
    left, top, right, bottom = ink_box(page1, y_from_mm=TEXT_BOTTOM + 0.5, dpi=dpi)
    assert right == pytest.approx(TEXT_RIGHT - char_mm, abs=1.0)
    assert top > TEXT_BOTTOM + 4 and bottom < TEXT_BOTTOM + 11
    dash = dash_rows(page1, left, right, dpi)
    assert dash - TEXT_BOTTOM == pytest.approx(spec.PAGE_NUMBER_GAP_MM, abs=1.0)
    left, top, right, bottom = ink_box(page2, y_from_mm=TEXT_BOTTOM + 0.5, dpi=dpi)
    assert left == pytest.approx(TEXT_LEFT + char_mm, abs=1.0)


def dash_rows(image, left_mm: float, right_mm: float, dpi: int) -> float:
    """The height (mm) of the first row under the text block with a long dark run: the em dash."""
    width, height, px = image
    per_mm = dpi / 25.4
    x0, x1 = int(left_mm * per_mm), int(left_mm * per_mm + 3 * per_mm)  # the left dash only
    for y in range(int(TEXT_BOTTOM * per_mm), height):
        row = px[y * width + x0 : y * width + x1]
        if sum(1 for v in row if v < 128) >= 2 * per_mm:
            return y / per_mm
    raise AssertionError("no dash found")


# --------------------------------------------------------------------------- the grid


def text_lines(pdf: bytes, tmp_path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, the text lines as (xmin, ymin, xmax, ymax, text) in points."""
    path = tmp_path / "grid.pdf"
    path.write_bytes(pdf)
    xml = run("pdftotext", "-bbox-layout", str(path), "-")
    pages = []
    for page in re.findall(r"<page .*?</page>", xml, re.S):
        lines = []
        for attrs, body in re.findall(r"<line ([^>]*)>(.*?)</line>", page, re.S):
            box = [float(v) for v in re.findall(r'="([\d.]+)"', attrs)]
            words = "".join(re.findall(r">([^<]*)</word>", body))
            lines.append((*box, words))
        pages.append(lines)
    return pages


@needs_poppler
def test_22_lines_of_28_characters(tmp_path):
    long = "整改工作领导小组统筹推进问题清单任务清单责任清单落实" * 40  # CJK only
    doc = OfficialDocument(title="版心测试", blocks=tuple(Paragraph(long) for _ in range(3)))
    pages = text_lines(render_pdf(doc), tmp_path)
    body = [line for line in pages[1] if not re.fullmatch(r"—\d+—", line[4])]
    assert len(body) == spec.LINES_PER_PAGE  # a full page holds 22 lines
    pitches = {round(b[1] - a[1], 2) for a, b in zip(body, body[1:], strict=False)}
    assert pitches == {spec.LINE_PITCH_PT}
    full = [line for page in pages for line in page[:-1] if len(line[4]) > 20]
    counts = {len(line[4]) for line in full}
    assert counts <= {26, 28}  # 28 per line; 26 on a first line after the two-character indent
    assert 28 in counts and 26 in counts


@needs_poppler
def test_signature_four_characters_in_and_centred(tmp_path):
    doc = OfficialDocument(
        title="署名测试",
        blocks=(Heading(1, "一、正文"),),
        signature="区科技局党组",
        date_text="2023年3月29日",
    )
    page = text_lines(render_pdf(doc), tmp_path)[0]
    sig = next(line for line in page if line[4] == "区科技局党组")
    date = next(line for line in page if line[4] == "2023年3月29日")
    right_edge = TEXT_RIGHT * PT_PER_MM
    char = spec.CHAR_PITCH_PT
    assert (right_edge - date[2]) / char == pytest.approx(spec.DATE_RIGHT_CHARS, abs=0.3)
    assert (sig[0] + sig[2]) / 2 == pytest.approx((date[0] + date[2]) / 2, abs=2)
    assert date[1] - sig[1] == pytest.approx(spec.LINE_PITCH_PT, abs=0.5)


def test_render_is_repeatable():
    doc = OfficialDocument(title="重复", blocks=(Paragraph("正文"),))
    first, second = render_pdf(doc), render_pdf(doc)
    assert first[:5] == second[:5] == b"%PDF-"
    assert len(PdfReader(io.BytesIO(second)).pages) == 1


def test_threads_and_environment(monkeypatch):
    """Each thread gets its own font configuration; FONTCONFIG_FILE is left as it was."""
    from concurrent.futures import ThreadPoolExecutor

    from zhenggai.documents.layout import pdf as pdf_module

    monkeypatch.setenv("FONTCONFIG_FILE", "/nonexistent/keep-me.conf")
    doc = OfficialDocument(title="线程", blocks=(Paragraph("正文"),))
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: render_pdf(doc), range(2)))
    assert all(r.startswith(b"%PDF-") for r in results)
    assert os.environ["FONTCONFIG_FILE"] == "/nonexistent/keep-me.conf"
    pdf_module.warm_up()  # idempotent
