"""What the reader recognises and returns: its limits, the column names and their synonyms, the preview and its issues."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhenggai.documents.xlsx.rows import HEADERS, LedgerRow

MAX_BYTES = 20 * 1024 * 1024  # the upload itself


MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all parts unpacked (zip bombs)


MAX_ROWS = 20_000  # data rows a preview will list


MAX_COLUMNS = 60


HEADER_SCAN_ROWS = 10


SYNONYMS: dict[str, tuple[str, ...]] = {
    "category": ("问题类别", "问题分类", "问题所属类别", "所属类别", "问题领域"),
    "problem_no": ("序号", "编号", "问题序号", "问题编号", "问题号", "序", "NO", "No", "no"),
    "problem_title": (
        "反馈问题", "问题", "存在问题", "巡察反馈问题", "巡视反馈问题", "审计发现问题", "发现问题",
        "反馈意见", "问题描述", "主要问题", "具体问题", "问题清单", "问题表现", "问题名称", "突出问题",
        "问题及表现", "反馈问题及表现", "巡察反馈意见",
    ),
    "measure_text": (
        "整改措施", "措施", "具体措施", "整改任务", "整改举措", "主要措施", "任务", "整改措施及目标",
        "具体整改措施", "整改目标及措施",
    ),
    "leader": ("责任领导", "牵头领导", "分管领导", "领导", "责任领导人", "牵头领导/责任领导", "主要领导"),
    "office": (
        "责任股室", "责任单位", "责任部门", "责任科室", "责任处室", "牵头部门", "牵头单位", "牵头股室",
        "牵头科室", "责任主体", "承办单位", "承办部门",
    ),
    "person": ("责任人", "具体责任人", "直接责任人", "经办人", "承办人", "联系人"),
    "deadline": (
        "整改时限", "时限", "完成时限", "完成时间", "整改期限", "期限", "整改时间", "完成期限",
        "截止时间", "截止日期", "办结时限", "整改完成时限",
    ),
    "kind": ("整改类型", "类型", "整改方式", "类别", "整改分类", "整改性质", "问题类型"),
    "progress": (
        "整改进展", "进展", "进展情况", "整改进展情况", "整改落实情况", "推进情况", "落实情况", "整改情况",
        "工作进展", "整改进度",
    ),
    "status": ("完成情况", "状态", "整改状态", "完成状态", "是否完成", "整改结果", "办结情况", "是否办结"),
    "closed_on": (
        "销号日期", "销号时间", "实际完成时间", "实际完成日期", "办结日期", "办结时间", "完成日期", "销号",
    ),
    "remarks": ("备注", "备注说明", "说明"),
    "evidence": ("佐证材料", "佐证", "证明材料", "佐证资料", "附件", "佐证材料清单", "支撑材料", "印证材料"),
}  # fmt: skip


REQUIRED = ("problem_title", "measure_text")


FIELD_NAMES = {name: HEADERS[name] for name in SYNONYMS}


_EXACT = {_s: name for name, syns in SYNONYMS.items() for _s in syns}


_CONTAINED = sorted(((s, n) for s, n in _EXACT.items() if len(s) >= 3), key=lambda p: -len(p[0]))


_NOTE_ROW = re.compile(r"^(注|备注|说明|填表|制表|审核|审批|联系人|联系电话|合计|总计|小计)")


_TITLE_MARKER = re.compile(
    r"^\s*(?:问题)?(?:[（(](?P<a>[一二三四五六七八九十百]+|\d+)[)）]|(?P<b>[一二三四五六七八九十百]+|\d+)"
    r"(?:[、:：)）]|[.．](?!\d)))\s*"
)


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class LedgerImportError(Exception):
    """The file cannot be read at all; ``message`` says why, in Chinese, for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """A problem with one cell ("C7") or one row ("第7行"), explained in Chinese."""

    where: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """A row that would be created, with the sheet row it comes from."""

    sheet_row: int
    row: LedgerRow


@dataclass
class LedgerImportPreview:
    """What importing the file would do: rows to create, rows refused (errors), and notes."""

    sheet: str
    header_row: int
    columns: dict[str, str]  # field → column letter
    ignored_columns: list[str] = field(default_factory=list)  # "L: 备注"
    items: list[PreviewRow] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    notes: list[ImportIssue] = field(default_factory=list)
    # Cells of the rows it reads that it does not take, each with why ("M5: 销号日期……未导入"):
    # nothing in the file is dropped without a word.
    untaken: list[ImportIssue] = field(default_factory=list)

    @property
    def rows(self) -> list[LedgerRow]:
        return [item.row for item in self.items]

    @property
    def problem_count(self) -> int:
        return len({(r.problem_no, r.problem_title) for r in self.rows})

    @property
    def ok(self) -> bool:
        """True when every data row was read."""
        return not self.errors
