"""A composed document as JSON and back, so a published notice is frozen as it was published."""

from zhenggai.documents.layout import Heading, OfficialDocument, Paragraph, Spacer, Table

_KINDS = {"heading": Heading, "paragraph": Paragraph, "table": Table, "spacer": Spacer}
_NAMES = {cls: name for name, cls in _KINDS.items()}


def _block_to_json(block) -> dict:
    if isinstance(block, Heading):
        data = {"level": block.level, "text": block.text}
    elif isinstance(block, Paragraph):
        data = {"text": block.text, "lead": block.lead, "lead_level": block.lead_level}
    elif isinstance(block, Table):
        data = {
            "header": list(block.header),
            "rows": [list(r) for r in block.rows],
            "col_widths": list(block.col_widths) if block.col_widths else None,
            "caption": block.caption,
        }
    else:
        data = {"lines": block.lines}
    return {"kind": _NAMES[type(block)], **data}


def document_to_json(doc: OfficialDocument) -> dict:
    return {
        "title": list(doc.title_lines),
        "blocks": [_block_to_json(b) for b in doc.blocks],
        "signature": doc.signature,
        "date_text": doc.date_text,
        "issuer_line": doc.issuer_line,
        "doc_number": doc.doc_number,
        "lang": doc.lang,
    }


def document_from_json(data: dict) -> OfficialDocument:
    blocks = []
    for raw in data["blocks"]:
        raw = dict(raw)
        cls = _KINDS[raw.pop("kind")]
        if cls is Table:
            raw["header"] = tuple(raw["header"])
            raw["rows"] = tuple(tuple(r) for r in raw["rows"])
            raw["col_widths"] = tuple(raw["col_widths"]) if raw.get("col_widths") else None
        blocks.append(cls(**raw))
    return OfficialDocument(
        title=tuple(data["title"]),
        blocks=tuple(blocks),
        signature=data.get("signature", ""),
        date_text=data.get("date_text", ""),
        issuer_line=data.get("issuer_line"),
        doc_number=data.get("doc_number"),
        lang=data.get("lang", "zh-CN"),
    )
