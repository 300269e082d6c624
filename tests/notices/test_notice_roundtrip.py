"""The notice generated from the demo data carries every fact of the founding notice, in order,
through DOCX and PDF; the PDF page renders Chinese (no missing glyphs)."""

import io
import re
import shutil
import subprocess

import pytest
from docx import Document

from tests.corpus import SEED_NOTICE
from zhenggai.core.punctuation import revert
from zhenggai.notices.compose import notice_compose
from zhenggai.notices.models import ProgressNotice
from zhenggai.notices.render import render_document as render

# Facts of the founding notice in the order it states them (dates written with their year).
ORDERED_FACTS = [
    "中共滨州市沾化区科学技术局党组",
    "二届区委第二轮巡察",
    "2022年6月28日",
    "2022年8月22日",
    "区委第三巡察组",
    "2022年11月4日",
    "以党政主要负责人",
    "党组书记第一责任、班子成员分工负责、责任股室具体落实",
    "2022年11月8日",
    "沾科党字〔2022〕22号",
    "2022年11月16日",
    "巡察反馈问题5项",
    "已整改完成2项",
    "已取得阶段性成效需长期坚持整改3项",
    "关于学习贯彻习近平总书记关于黄河国家战略重要指示批示精神不及时不主动方面问题",
    "3次",
    "2019年9月18日",
    "2021年10月22日",
    "关于农业科技创新载体建设乏力,科技助力乡村振兴短板明显方面问题",
    "2023年1月31日",
    "2022年12月",
    "10家",
    "关于引导推动科技创新动力不足,支撑县域经济转型升级不够有力方面问题",
    "2022年12月",
    "2023年1月",
    "40家",
    "14家",
    "新增12家",
    "32家",
    "93家",
    "关于工作作风不够扎实,指导服务科技项目用力不足方面问题",
    "2022年11月",
    "2家",
    "8个项目",
    "7个项目",
    "关于落实区委工作部署和上级检查反馈问题整改不深入不细致方面问题",
    "2022年11月",
    "揭榜挂帅",
    "《沾化区科技局黄河流域生态保护和高质量发展工作方案》",
    "三、今后整改工作打算",
    "0543-8192576",
    "山东省滨州市沾化区金海五路49号",
    "256800",
    "zhqkjj@bz.shandong.cn",
    "2023年3月29日",
]


def _squash(text: str) -> str:
    text = revert(text).replace("　", "")
    return re.sub(r"\s+", "", text)


def assert_in_order(text: str) -> None:
    text = _squash(text)
    position = 0
    for fact in ORDERED_FACTS:
        found = text.find(_squash(fact), position)
        assert found >= 0, f"{fact} missing after position {position}: …{text[position : position + 80]}…"
        position = found + 1


def test_every_number_of_the_founding_notice_is_in_the_generated_one(seed):
    original = SEED_NOTICE.read_text(encoding="utf-8").split("---", 1)[1].split("\n", 3)[3]
    original = original.replace("0543—8192576", "0543-8192576")
    generated = _squash("\n".join(notice_compose(ProgressNotice.objects.get()).texts()))
    numbers = set(re.findall(r"\d+", generated))
    missing = sorted(set(re.findall(r"\d+", original)) - numbers)
    assert missing == []


def test_composed_notice_states_the_facts_in_order(seed):
    assert_in_order("\n".join(notice_compose(ProgressNotice.objects.get()).texts()))


def test_docx_round_trip(seed):
    rendered = render(notice_compose(ProgressNotice.objects.get()), "docx", stem="x")
    document = Document(io.BytesIO(rendered.content))
    assert_in_order("\n".join(p.text for p in document.paragraphs))
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.bottom_margin.mm) == 35 and round(section.right_margin.mm) == 26
    assert b"\xe4\xbb\xbf\xe5\xae\x8b_GB2312" in rendered.content or "仿宋_GB2312" in _styles_xml(
        rendered.content
    )


def _styles_xml(content: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/styles.xml").decode("utf-8")


@pytest.fixture(scope="module")
def poppler():
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.fail("poppler-utils missing: scripts/test installs it")


def test_pdf_round_trip_and_page_renders_chinese(seed, poppler, tmp_path):
    doc = notice_compose(ProgressNotice.objects.get())
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(render(doc, "pdf", stem="notice").content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    extracted = text.decode("utf-8")
    assert_in_order(extracted)
    assert "\ufffd" not in extracted and "□" not in extracted
    # Every text put in comes out (no glyph lost or substituted); page footers "— 2 —" removed.
    flowing = re.sub(r"—\d+—", "", _squash(extracted))
    for put_in in doc.texts():
        assert _squash(put_in) in flowing, put_in[:40]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    assert "CJK" in fonts and " yes " in fonts  # embedded CJK faces
    subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True
    )
    page = next(tmp_path.glob("p*.pgm")).read_bytes()
    pixels = _pgm_pixels(page)
    dark = sum(1 for v in pixels if v < 128)
    assert 0.005 < dark / len(pixels) < 0.5  # text on the page, not blank, not a black box


def _pgm_pixels(data: bytes) -> bytes:
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P5"
    return parts[4]
