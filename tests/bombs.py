"""Hostile files built in the tests: zip bombs, entity bombs, deep HTML. Small on disk, huge inside."""

import io
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
ENTITY_BOMB_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]>"
)


def docx_from_document_xml(document_xml: str | bytes) -> bytes:
    """A minimal .docx whose word/document.xml is the given text, deflated at level 9."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document_xml)
    return out.getvalue()


def paragraph_bomb_docx(paragraphs: int = 1_800_000) -> bytes:
    """The issue's file: ~60 MB of word/document.xml, 1.8 M empty paragraphs, about 200 KB zipped."""
    body = "<w:p><w:r><w:t></w:t></w:r></w:p>" * paragraphs
    return docx_from_document_xml(
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
        f"{body}</w:body></w:document>"
    )


def entity_bomb_docx() -> bytes:
    """Billion laughs in word/document.xml: a few hundred bytes that expand to 3 GB of "lol"."""
    return docx_from_document_xml(
        f'<?xml version="1.0"?>{ENTITY_BOMB_DTD}<w:document xmlns:w="{W}"><w:body>'
        "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )


def xlsx_with_shared_strings(shared_strings_xml: str | bytes, *, sheet_rows: str = "") -> bytes:
    """A workbook whose sharedStrings part is the given XML (the sheet is minimal)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}"><sheetData>'
            + (sheet_rows or '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>')
            + "</sheetData></worksheet>",
        )
        archive.writestr("xl/sharedStrings.xml", shared_strings_xml)
    return out.getvalue()


def shared_strings_bomb_xlsx(strings: int = 3_000_000) -> bytes:
    """Millions of shared strings (~100 MB of XML, well under 1 MB zipped)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    body = "<si><t>问题</t></si><si><t>措施</t></si>" + "<si><t>整改整改整改整改</t></si>" * strings
    return xlsx_with_shared_strings(
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}" count="{strings}">{body}</sst>'
    )


def entity_bomb_xlsx() -> bytes:
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return xlsx_with_shared_strings(
        f'<?xml version="1.0"?>{ENTITY_BOMB_DTD}<sst xmlns="{ns}"><si><t>问题</t></si>'
        "<si><t>&lol9;</t></si></sst>"
    )


def deep_html(depth: int = 200_000) -> str:
    """Elements nested a few hundred thousand deep (bold, so the reader tracks every level)."""
    return "<html><body>" + "<div><b>" * depth + "整改" + "</b></div>" * depth + "</body></html>"


def many_chunks_html(chunks: int = 500_000) -> str:
    """One line of many tiny inline elements: quadratic for a reader that re-joins the line each time."""
    return "<html><body><p>" + "<i>整</i>" * chunks + "</p></body></html>"
