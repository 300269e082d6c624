"""The cells of a row the import reads but does not take, each with the reason, for the preview.

The import creates problems, measures and dated progress; it does not strike anything off
(完成情况, 销号日期: the close-out workflow does, with its reviews), and it cannot attach files
it only knows by name (佐证材料). A 整改进展 line before any date has no date to be filed under.
None of these is dropped without a word: each is listed with its cell.
"""

from __future__ import annotations

from zhenggai.documents.xlsx.progress import read_progress
from zhenggai.documents.xlsx.reader.model import ImportIssue

# What a new measure is before any progress: a 完成情况 saying so is taken as it stands.
_NOTHING_YET = {"", "未启动", "未开始", "未整改"}


def untaken_cells(text_of, where, row: int) -> list[ImportIssue]:
    """``text_of(field)`` is the cell's text ("" when the column is absent), ``where(field)`` its
    address ("M5")."""
    issues: list[ImportIssue] = []
    status = text_of("status")
    if status not in _NOTHING_YET:
        issues.append(
            ImportIssue(where("status"), f"完成情况“{status}”未导入：整改状态以进展和销号审核为准", row)
        )
    closed = text_of("closed_on")
    if closed:
        issues.append(ImportIssue(where("closed_on"), f"销号日期“{closed}”未导入：销号须经销号审核流程", row))
    evidence = [name.strip() for name in text_of("evidence").splitlines() if name.strip()]
    if evidence:
        names = "、".join(f"“{name}”" for name in evidence[:5]) + ("等" if len(evidence) > 5 else "")
        issues.append(
            ImportIssue(
                where("evidence"),
                f"佐证材料{names}共{len(evidence)}项只有文件名，未导入：请在对应进展中上传文件",
                row,
            )
        )
    for line in read_progress(text_of("progress")).undated:
        shown = line if len(line) <= 40 else f"{line[:40]}……"
        issues.append(
            ImportIssue(
                where("progress"),
                f"进展“{shown}”没有日期，未导入：请在行首写明日期，如“2022年11月8日：”",
                row,
            )
        )
    return issues
