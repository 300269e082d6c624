"""Consistency checks on a parsed (or generated) notice.

check_notice(parsed) → list[Finding]; each finding has a code, a severity, a Chinese message and the
sentence it concerns (text and span in parsed.text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypedDict

from .dates import iso_bounds
from .model import ParsedNotice
from .text import compare_key, sentence_at

ERROR = "error"
WARNING = "warning"
INFO = "info"

_STATUS_CN = {"completed": "已完成", "phased_longterm": "阶段性成效/长期坚持", "in_progress": "正在整改"}
_DATE_CN = {
    "period_start": "巡察进驻日期",
    "period_end": "巡察结束日期",
    "feedback_date": "反馈日期",
    "plan_date": "整改方案日期",
    "signature_date": "落款日期",
    "publication_date": "发布日期",
}
_PLANNED_BEFORE = (
    "计划",
    "预计",
    "力争",
    "争取",
    "确保",
    "拟于",
    "将于",
    "时限",
    "期限",
    "截止",
    "之前",
    "以前",
)
_PLANNED_AFTER = ("前", "以前", "之前", "底前", "完成", "为限")


class FindingJSON(TypedDict):
    """A finding as JSON (the CLI's `findings`, a draft's stored findings)."""

    code: str
    severity: str
    message: str
    sentence: str
    span: list[int] | None
    fields: list[str]


@dataclass
class Finding:
    code: str
    severity: str
    message: str
    sentence: str = ""
    span: tuple[int, int] | None = None
    fields: list[str] = field(default_factory=list)

    def to_json(self) -> FindingJSON:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "sentence": self.sentence,
            "span": list(self.span) if self.span else None,
            "fields": list(self.fields),
        }


def _sentence(parsed: ParsedNotice, span: object) -> tuple[str, tuple[int, int] | None]:
    """The sentence a span starts in; anything but a (start, end) tuple gives none."""
    if not span or not isinstance(span, tuple):
        return "", None
    s, e = sentence_at(parsed.text, span[0])
    return parsed.text[s:e].strip(), (s, e)


def _finding(
    parsed: ParsedNotice, code: str, severity: str, message: str, span: object, fields: list[str]
) -> Finding:
    sentence, sspan = _sentence(parsed, span)
    return Finding(code, severity, message, sentence, sspan, fields)


def _looks_complete(parsed: ParsedNotice) -> bool:
    return bool(parsed.signature_date or parsed.contact_phone or parsed.contact_email)


def _check_counts(parsed: ParsedNotice, out: list[Finding]) -> None:
    total = parsed.problems_total
    stated = {
        k: getattr(parsed, k)
        for k in ("completed", "phased_longterm", "in_progress")
        if getattr(parsed, k) is not None
    }
    count_span = parsed.spans.get("count_sentence") or parsed.spans.get("problems_total")
    if total is not None:
        for name, value in stated.items():
            if value > total:
                out.append(
                    _finding(
                        parsed,
                        "COUNT_EXCEEDS_TOTAL",
                        ERROR,
                        f"“{_STATUS_CN[name]}”{value}项,超过反馈问题总数{total}项。",
                        parsed.spans.get(name),
                        [name, "problems_total"],
                    )
                )
        if stated:
            s = sum(stated.values())
            if (len(stated) >= 2 and s != total) or s > total:
                parts = "+".join(f"{_STATUS_CN[k]}{v}项" for k, v in stated.items())
                out.append(
                    _finding(
                        parsed,
                        "COUNT_SUM_MISMATCH",
                        ERROR,
                        f"各状态数量之和与问题总数不符:{parts}={s}项,而反馈问题为{total}项。",
                        count_span,
                        ["problems_total", *stated],
                    )
                )
        listed = len(parsed.problems)
        if listed and listed != total:
            out.append(
                _finding(
                    parsed,
                    "COUNT_VS_LISTED",
                    ERROR if _looks_complete(parsed) else WARNING,
                    f"通报称反馈问题{total}项,但“整改进展情况”部分列出{listed}个问题。",
                    count_span,
                    ["problems_total", "problems"],
                )
            )
    # statuses written per problem against the stated counts
    if parsed.problems and all(p.status for p in parsed.problems):
        for name, value in stated.items():
            n = sum(1 for p in parsed.problems if p.status == name)
            if n != value:
                out.append(
                    _finding(
                        parsed,
                        "STATUS_VS_PROBLEMS",
                        WARNING,
                        f"通报称“{_STATUS_CN[name]}”{value}项,但逐项标注为该状态的问题有{n}个。",
                        parsed.spans.get(name),
                        [name, "problems"],
                    )
                )


def _bounds(value: str | None) -> tuple[dt.date, dt.date] | None:
    return iso_bounds(value)


def _check_dates(parsed: ParsedNotice, out: list[Finding]) -> None:
    chain = ["period_start", "period_end", "feedback_date", "plan_date", "signature_date"]
    bounded = [(k, _bounds(getattr(parsed, k))) for k in chain]
    known = [(k, kb) for k, kb in bounded if kb]
    for (a, ab), (b, bb) in zip(known, known[1:], strict=False):
        if ab[0] > bb[1]:
            out.append(
                _finding(
                    parsed,
                    "DATE_ORDER",
                    ERROR,
                    f"日期顺序不合理:{_DATE_CN[a]}({getattr(parsed, a)})晚于{_DATE_CN[b]}({getattr(parsed, b)})。",
                    parsed.spans.get(b),
                    [a, b],
                )
            )
    sig = _bounds(parsed.signature_date)
    pub = _bounds(parsed.publication_date)
    if sig and pub and sig[0] > pub[1]:
        out.append(
            _finding(
                parsed,
                "DATE_ORDER",
                ERROR,
                f"落款日期({parsed.signature_date})晚于发布日期({parsed.publication_date})。",
                parsed.spans.get("signature_date"),
                ["signature_date", "publication_date"],
            )
        )
    # nothing the notice reports may happen after the day it was signed (or reported, or published)
    limit_name = next((k for k in ("signature_date", "publication_date") if getattr(parsed, k)), None)
    limit_value = getattr(parsed, limit_name) if limit_name else parsed.other.get("report_date")
    limit = _bounds(limit_value)
    if not limit:
        return
    text = parsed.text
    skip = {
        parsed.spans.get("signature_date"),
        parsed.spans.get("publication_date"),
        parsed.spans.get("report_date"),
    }
    for ref in parsed.dates:
        if ref.meta or not ref.value or ref.span in skip:
            continue
        rb = _bounds(ref.value)
        if not rb or rb[0] <= limit[1]:
            continue
        before = text[max(0, ref.span[0] - 8) : ref.span[0]]
        after = text[ref.span[1] : ref.span[1] + 4]
        if any(w in before for w in _PLANNED_BEFORE) or after.startswith(_PLANNED_AFTER):
            continue
        where = "落款日期" if limit_name == "signature_date" else ("发布日期" if limit_name else "报告日期")
        out.append(
            _finding(
                parsed,
                "DATE_AFTER_SIGNATURE",
                ERROR,
                f"日期“{ref.text}”({ref.value})晚于{where}({limit_value}),通报不应报告尚未发生的事项。",
                ref.span,
                ["dates"],
            )
        )


def _check_problems(parsed: ParsedNotice, out: list[Finding]) -> None:
    seen: dict[str, int] = {}
    for i, p in enumerate(parsed.problems):
        key = compare_key(p.title)
        if key in seen:
            out.append(
                _finding(
                    parsed,
                    "DUPLICATE_HEADING",
                    ERROR,
                    f"问题标题重复:第{i + 1}个问题与第{seen[key] + 1}个问题相同(“{p.title}”)。",
                    p.span,
                    ["problems"],
                )
            )
        else:
            seen[key] = i
        if p.status == "completed" and p.measures and all(m.longterm for m in p.measures):
            out.append(
                _finding(
                    parsed,
                    "COMPLETED_BUT_LONGTERM",
                    WARNING,
                    f"问题“{p.title}”标注为已完成整改,但其整改措施均为长期性、持续性措施。",
                    p.status_span or p.span,
                    ["problems"],
                )
            )
        for j, m in enumerate(p.measures):
            if not m.dates and not m.figures:
                out.append(
                    _finding(
                        parsed,
                        "MEASURE_NO_EVIDENCE",
                        WARNING,
                        f"问题“{p.title}”的第{j + 1}项措施没有日期,也没有数量,难以核实。",
                        m.span,
                        ["problems"],
                    )
                )
                out[-1].sentence, out[-1].span = m.text, m.span


def check_notice(parsed: ParsedNotice) -> list[Finding]:
    """All findings on one notice, errors first."""
    out: list[Finding] = []
    _check_counts(parsed, out)
    _check_dates(parsed, out)
    _check_problems(parsed, out)
    order = {ERROR: 0, WARNING: 1, INFO: 2}
    return sorted(out, key=lambda f: order.get(f.severity, 3))
