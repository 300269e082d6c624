"""Official-document layout: a neutral model and its DOCX, HTML and PDF renderers."""

from zhenggai.documents.layout.model import (
    Block,
    Heading,
    OfficialDocument,
    Paragraph,
    Spacer,
    Table,
    chinese_ordinal,
    enumerate_yishi,
    format_cn_date,
    join_yishi,
    level1_marker,
    level2_marker,
    level3_marker,
    level4_marker,
    parse_chinese_ordinal,
)

__all__ = [
    "Block",
    "Heading",
    "OfficialDocument",
    "Paragraph",
    "Spacer",
    "Table",
    "chinese_ordinal",
    "enumerate_yishi",
    "format_cn_date",
    "join_yishi",
    "level1_marker",
    "level2_marker",
    "level3_marker",
    "level4_marker",
    "parse_chinese_ordinal",
]
