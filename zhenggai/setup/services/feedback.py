"""Entering an inspection's feedback problems: typed, pasted as a list, or from a spreadsheet.

A pasted list is read by its numbering, the way feedback is written: with two levels of markers
("一、……方面" over "1.……" or "（一）……"), the outer level is a heading (方面) and each inner item
a problem; lines with no marker, or a deeper one, continue the problem above (its 具体表现). With
one level, each item is a problem; with no markers at all, each line is. Nothing is stored until
the person has seen the preview and confirmed it (``feedback_add``).
"""

import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from zhenggai.core.bounded import FileRefused, run_bounded
from zhenggai.core.errors import ServiceError
from zhenggai.core.text import xml_safe
from zhenggai.core.types import Actor
from zhenggai.documents.xlsx.reader import (
    HEADER_SCAN_ROWS,
    MAX_COLUMNS,
    LedgerImportError,
    _map_header,
    _open_archive,
    _read_bytes,
    _split_marker,
    _text,
)
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Problem, ProblemGroup
from zhenggai.ledger.services import problem_create
from zhenggai.setup import permissions

MAX_PROBLEMS = 500  # one inspection's feedback; more is not a list of problems
MAX_TEXT = 200_000  # characters pasted at once
MAX_XLSX_BYTES = 5 * 1024 * 1024
TITLE_LIMIT = Problem._meta.get_field("title").max_length or 500

_CN = "一二三四五六七八九十百"
# Marker levels, outermost first: 一、 | （一） | 1. 1、 | （1） ① …
_LEVELS = (
    re.compile(rf"^[{_CN}]+[、．.]\s*"),
    re.compile(rf"^[（(][{_CN}]+[)）]\s*"),
    re.compile(r"^(?:问题)?\d{1,3}(?:[、:：)）]|[.．](?!\d))\s*"),
    re.compile(r"^[（(]\d{1,3}[)）]\s*|^[①-⑳]\s*"),
)


@dataclass
class EnteredProblem:
    title: str
    description: str = ""
    group: str = ""
    source: str = ""  # where it came from: "第3行", "B7"


@dataclass
class FeedbackPreview:
    problems: list[EnteredProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was not taken as a problem, and why


def _level(line: str) -> tuple[int | None, str]:
    for level, pattern in enumerate(_LEVELS):
        match = pattern.match(line)
        if match and line[match.end() :].strip():
            return level, line[match.end() :].strip()
    return None, line


def parse_problem_list(text: str) -> FeedbackPreview:
    """The problems a pasted list holds (see the module's docstring), with notes on the rest."""
    if len(text) > MAX_TEXT:
        raise ServiceError(
            {"text": [_("粘贴的内容过长（超过%(n)s字），请分批录入。") % {"n": MAX_TEXT}]}, code="too_long"
        )
    lines = [(i, line.strip()) for i, line in enumerate(xml_safe(text).splitlines(), 1) if line.strip()]
    read = [(i, *_level(line), line) for i, line in lines]
    used = sorted({level for _, level, _, _ in read if level is not None})
    heading_level = used[0] if len(used) >= 2 else None
    item_level = used[1] if len(used) >= 2 else (used[0] if used else None)
    preview = FeedbackPreview()
    group = ""
    for number, level, body, raw in read:
        if heading_level is not None and level == heading_level:
            group = body
        elif item_level is None or level == item_level:
            preview.problems.append(EnteredProblem(body, group=group, source=_("第%(n)s行") % {"n": number}))
        elif preview.problems:
            current = preview.problems[-1]
            current.description = f"{current.description}\n{raw}".strip()
        else:
            preview.notes.append(
                _("第%(n)s行“%(text)s”在第一个问题之前，未录入") % {"n": number, "text": raw[:30]}
            )
    return _checked(preview)


def _checked(preview: FeedbackPreview) -> FeedbackPreview:
    if len(preview.problems) > MAX_PROBLEMS:
        raise ServiceError(
            _("一次最多录入%(n)s个问题，请分批录入。") % {"n": MAX_PROBLEMS}, code="too_many_problems"
        )
    for problem in preview.problems:
        if len(problem.title) > TITLE_LIMIT:  # the rest goes to 具体表现, nothing is cut away
            head, _sep, rest = problem.title.partition("。")
            if not _sep or len(head) + 1 > TITLE_LIMIT:
                head, rest = problem.title[: TITLE_LIMIT - 1], problem.title[TITLE_LIMIT - 1 :]
            else:
                head += "。"
            problem.title = head
            problem.description = f"{rest.strip()}\n{problem.description}".strip()
            preview.notes.append(
                _("%(where)s的问题超过%(n)s字：首句作为问题，其余作为具体表现")
                % {"where": problem.source, "n": TITLE_LIMIT}
            )
    return preview


# Spreadsheets ---------------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> FeedbackPreview:
    from openpyxl import load_workbook

    archive = _open_archive(data, 50 * 1024 * 1024)
    archive.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            sheet.reset_dimensions()
            head = list(sheet.iter_rows(max_row=HEADER_SCAN_ROWS, max_col=MAX_COLUMNS, values_only=True))
            found = [(len(m), -r, r, m, ig) for r, (m, ig) in enumerate(map(_map_header, head), 1)]
            found = [f for f in found if "problem_title" in f[3]]
            if found:  # the row naming most columns (a title above the table names one at most)
                _n, _r, header_row, mapping, ignored = max(found, key=lambda f: (f[0], f[1]))
                rows = sheet.iter_rows(min_row=header_row + 1, max_col=MAX_COLUMNS, values_only=True)
                return _xlsx_rows(rows, header_row, mapping, ignored)
    finally:
        workbook.close()
    raise LedgerImportError(
        f"未找到问题清单的表头：前{HEADER_SCAN_ROWS}行中没有“反馈问题”（或“问题”“存在问题”等）一列。"
    )


def _xlsx_rows(
    rows: Iterator[tuple[Any, ...]], header_row: int, mapping: dict[str, int], ignored: list[tuple[int, str]]
) -> FeedbackPreview:
    preview = FeedbackPreview()
    title_col = mapping["problem_title"]
    taken = {title_col, mapping.get("problem_no")}
    header_of = {col: text for col, text in ignored}
    for name, col in mapping.items():
        if col not in taken:
            header_of[col] = name
    for r, values in enumerate(rows, header_row + 1):
        if len(preview.problems) > MAX_PROBLEMS:
            break
        cells = {c: _text(v) for c, v in enumerate(values, 1) if _text(v)}
        if not cells:
            continue
        title = xml_safe(cells.get(title_col, ""))
        where = f"{get_column_letter(title_col)}{r}"
        if title:
            _no, stripped = _split_marker(title)
            preview.problems.append(EnteredProblem(stripped or title, source=where))
        for col, text in cells.items():
            if col in taken and (col != title_col or title):
                continue
            address = f"{get_column_letter(col)}{r}"
            what = header_of.get(col, "")
            reason = _("“%(h)s”列不是问题清单的内容") % {"h": what} if what else _("该列没有表头")
            if col == title_col:
                reason = _("没有问题")
            preview.notes.append(
                _("%(a)s“%(t)s”未录入：%(why)s") % {"a": address, "t": text[:30], "why": reason}
            )
    return preview


def problems_from_xlsx(file: bytes | IO[bytes]) -> FeedbackPreview:
    """The problems of a spreadsheet the office keeps (a column headed 反馈问题/问题/存在问题 …,
    optionally 序号); every other filled cell is listed in the notes with its address. Read in a
    child process bounded in time and memory, like every uploaded file."""
    try:
        data = _read_bytes(file, MAX_XLSX_BYTES)
        return _checked(run_bounded(_read_xlsx, data, refusals=(LedgerImportError,)))
    except LedgerImportError as error:
        raise ServiceError({"file": [error.message]}, code="bad_file") from None
    except FileRefused as refused:
        raise ServiceError({"file": [refused.message]}, code="bad_file") from None


# Storing ------------------------------------------------------------------------------------


@transaction.atomic
def feedback_add(*, actor: Actor, inspection: Inspection, problems: list[EnteredProblem]) -> list[Problem]:
    """Add the problems (numbered after the inspection's last), their headings (方面) as groups."""
    if not permissions.administered_inspections(actor).filter(pk=inspection.pk).exists():
        raise ServiceError(_("只有本级巡察办可以录入反馈问题。"), code="forbidden_setup")
    if not problems:
        raise ServiceError(_("没有可录入的问题。"), code="no_problems")
    if len(problems) > MAX_PROBLEMS:
        raise ServiceError(_("一次最多录入%(n)s个问题，请分批录入。") % {"n": MAX_PROBLEMS}, code="too_many")
    groups = {g.title: g for g in ProblemGroup.objects.filter(inspection=inspection)}
    created = []
    for entered in problems:
        group = None
        if entered.group:
            group = groups.get(entered.group)
            if group is None:
                number = max((g.number for g in groups.values()), default=0) + 1
                group = groups[entered.group] = ProblemGroup.objects.create(
                    inspection=inspection, number=number, title=entered.group[:300]
                )
        created.append(
            problem_create(
                inspection=inspection,
                title=entered.title,
                description=entered.description,
                group=group,
                actor=actor,
            )
        )
    return created
