"""Who a problem's measures are assigned to, where a notice says so in labelled lines:
``责任领导:张三``, ``责任单位:办公室``, ``责任人:李四`` (the ledger-style notices and 整改清单; a line may
hold several labels, ``责任领导:张三;责任单位:办公室;整改时限:6月底``). Running prose that
only mentions responsibility (明确责任人、责任股室) is not an assignment and gives nothing."""

from __future__ import annotations

import re

from .model import Problem

# label → the measure field it fills
LABELS = {
    "责任领导": "leader",
    "牵头领导": "leader",
    "分管领导": "leader",
    "责任单位": "office",
    "责任股室": "office",
    "责任科室": "office",
    "责任部门": "office",
    "责任处室": "office",
    "牵头单位": "office",
    "牵头部门": "office",
    "责任人": "person",
    "具体责任人": "person",
}
_LABEL = "|".join(sorted(LABELS, key=len, reverse=True))
# A label at the start of a line or after a separator or an opening bracket; its value runs to the
# next separator, bracket or label (any short word followed by a colon: 完成时间:, 配合单位:) or
# the end of the line.
_PAIR_RE = re.compile(
    rf"(?:^|(?<=[\s;；,，。(（]))(?P<label>{_LABEL})\s*[:：]\s*(?P<value>[^\n;；()（）]*?)\s*"
    rf"(?=[;；。)）]|[\s,，、]+[^\s,，、:：;；]{{2,6}}\s*[:：]|$)",
    re.MULTILINE,
)
MAX_VALUE = 100  # the measure fields' length; a longer "value" is prose, not a name


def find_labels(text: str, start: int, end: int) -> list[tuple[int, str, str]]:
    """(position, field, value) of every labelled value in text[start:end], in order."""
    found = []
    for match in _PAIR_RE.finditer(text, start, end):
        value = match.group("value").strip(" ,，、")
        if value and len(value) <= MAX_VALUE:
            found.append((match.start(), LABELS[match.group("label")], value))
    return found


def responsible_of(labels: list[tuple[int, str, str]]) -> dict[str, str]:
    """The first value of each field among ``labels``."""
    found: dict[str, str] = {}
    for _pos, field, value in labels:
        found.setdefault(field, value)
    return found


def assign_responsible(problem: Problem, labels: list[tuple[int, str, str]]) -> None:
    """Each label to the measure it follows (its line, or the lines after it up to the next
    measure); labels before the first measure are the problem's, the defaults of all its measures."""
    starts = [m.span[0] for m in problem.measures]
    own: dict[int | None, list[tuple[int, str, str]]] = {}
    for label in labels:
        index = max((i for i, s in enumerate(starts) if s <= label[0]), default=None)
        own.setdefault(index, []).append(label)
    problem.responsible = responsible_of(own.pop(None, []))
    for index, measure_labels in own.items():
        if index is not None:
            problem.measures[index].responsible = responsible_of(measure_labels)
