"""Who a problem's measures are assigned to, where a notice says so in labelled lines:
``责任领导:张三``, ``责任单位:办公室``, ``责任人:李四`` (the ledger-style notices and 整改清单; a line may
hold several labels, ``责任领导:张三;责任单位:办公室;整改时限:6月底``). Running prose that
only mentions responsibility (明确责任人、责任股室) is not an assignment and gives nothing."""

from __future__ import annotations

import re

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
# A label at the start of a line or after a separator, its value up to the next label or the end.
_PAIR_RE = re.compile(
    rf"(?:^|(?<=[\s;；,，。]))(?P<label>{_LABEL})\s*[:：]\s*(?P<value>[^\n;；]*?)\s*"
    rf"(?=[;；。]|\s+\S{{2,6}}\s*[:：]|(?:{_LABEL}|整改时限|完成时限|整改目标|整改措施)\s*[:：]|$)",
    re.MULTILINE,
)
MAX_VALUE = 100  # the measure fields' length; a longer "value" is prose, not a name


def find_responsible(text: str, start: int, end: int) -> dict[str, str]:
    """The first value of each field (leader, office, person) labelled in text[start:end]."""
    found: dict[str, str] = {}
    for match in _PAIR_RE.finditer(text, start, end):
        value = match.group("value").strip(" ,，、")
        field = LABELS[match.group("label")]
        if value and len(value) <= MAX_VALUE and field not in found:
            found[field] = value
    return found
