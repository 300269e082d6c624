"""GB/T 9704-2012 《党政机关公文格式》: every layout number the renderers use, in one place.

``docx.py`` reads these directly; ``static/documents/official.css`` repeats them (CSS cannot
import Python) and ``tests/documents/test_doc_css.py`` checks that the two agree.
"""

import unicodedata

MM_PER_PT = 25.4 / 72

# Paper and text block (GB/T 9704 5.2.1, 5.2.2): A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225

# Grid (5.2.4): 22 lines of 28 characters fill the text block.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# 225 mm / 22 = 28.99 pt; 28.95 pt (579 twips) keeps 22 lines safely inside the block in Word.
LINE_PITCH_PT = 28.95
LINE_PITCH_TWIPS = 579
# 156 mm / 28 = 15.793 pt per character (a 3号 character is 16 pt, so the grid squeezes 0.2 pt).
CHAR_PITCH_PT = TEXT_WIDTH_MM / MM_PER_PT / CHARS_PER_LINE
# The DOCX says 28 characters by condensing every character by 0.3 pt (w:spacing, in twentieths of
# a point) under a line-only grid, which Word, WPS and LibreOffice all read the same way: 28 × 15.7 =
# 439.6 pt fits the 442.2 pt line and 29 do not; an indented first line (2 × 16 pt) holds 26. A
# character grid (w:type="linesAndChars" with a negative w:charSpace) squeezes characters in Word
# and WPS, but LibreOffice gives every 16 pt character two 15.8 pt cells: half a line (docs/documents.md).
CHAR_SPACING_TWENTIETHS = -6

# Sizes (号 → pt): 2号 22, 3号 16, 4号 14, 小四 12.
TITLE_PT = 22
BODY_PT = 16
PAGE_NUMBER_PT = 14
TABLE_PT = 12
TABLE_LINE_PT = 18  # table text: 小四 at 1.5 lines, exact (official.css .gw-table line-height)
ISSUER_PT = 36  # 发文机关标志: size not fixed by the standard; 小初 is the common choice

# Fonts (7.2, 7.3.3): names as Word/WPS on users' machines know them.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
HEADING3_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
HEADING_FONTS = {1: HEADING1_FONT, 2: HEADING2_FONT, 3: HEADING3_FONT}

RED = "FF0000"  # 发文机关标志 and separator line (Y80% M80% in print)

# Indents, in characters of the body font.
FIRST_LINE_CHARS = 2
DATE_RIGHT_CHARS = 4  # 成文日期右空四字 (7.3.5.1)
SIGNATURE_MIN_RIGHT_CHARS = 2  # a long signature keeps at least 右空二字 (7.3.5.2)
SIGNATURE_GAP_LINES = 2  # blank lines between the body and the signature (room for the seal)
PAGE_NUMBER_SIDE_CHARS = 1  # odd pages right, even pages left, one 4号 character in (7.5)

# Page number (7.5): "— 1 —" in 4号 半角 宋体; the dash is 7 mm below the text block.
PAGE_NUMBER_GAP_MM = 7
PAGE_NUMBER_DASH = "\u2014"  # 一字线
# Where Word puts the footer: its bottom edge, measured from the paper's bottom. The footer is one
# 14 pt line (4.94 mm) whose dash sits about half a line below its top, so the top of the line is
# 7 − 2.5 = 4.5 mm under the text block, i.e. 30.5 mm above the paper edge, and its bottom 25.6 mm.
FOOTER_DISTANCE_MM = 25.5
# The same in CSS: the @page bottom margin box starts at the text block, so the number line is
# pushed down by this much.
FOOTER_OFFSET_MM = 4.5


def display_width(text: str) -> float:
    """Width in body characters (一字): CJK and full-width forms 1, half-width 0.5.

    East-Asian ambiguous characters (— “ ” ·) count as full width, as they do in Chinese fonts.
    """
    width = 0.0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 1.0 if unicodedata.east_asian_width(ch) in "FWA" else 0.5
    return width


def issuer_font_pt(text: str) -> float:
    """The 发文机关标志's size: 小初 (36 pt), smaller when needed to keep it on one line."""
    width_pt = TEXT_WIDTH_MM / MM_PER_PT
    return min(float(ISSUER_PT), int(width_pt / max(display_width(text), 1) * 2) / 2)


def page_number_text(n: int | str) -> str:
    """The page number as printed: "— 1 —" (half-width digits, an em dash each side)."""
    return f"{PAGE_NUMBER_DASH} {n} {PAGE_NUMBER_DASH}"
