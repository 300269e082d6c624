"""The source text as HTML with every extracted value's span wrapped in <mark data-field="…">.

Everything is escaped; the only markup is the marks this module writes. Spans that nest are nested;
a span that crosses one already open (starts inside it and ends after it) is left out, as are spans
outside the text or empty ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

FIELD_LABELS = {
    "issuer": _("单位"),
    "issuer_aliases": _("单位简称"),
    "round": _("巡察轮次"),
    "group": _("巡察组"),
    "period_start": _("进驻开始"),
    "period_end": _("进驻结束"),
    "feedback_date": _("反馈日期"),
    "problems_total": _("反馈问题数"),
    "completed": _("已完成数"),
    "phased_longterm": _("阶段性成效/长期坚持数"),
    "in_progress": _("正在整改数"),
    "plan_title": _("整改方案"),
    "plan_doc_number": _("方案文号"),
    "plan_date": _("方案日期"),
    "plan_meeting": _("审议方案的会议"),
    "publication_date": _("发布日期"),
    "signature_date": _("落款日期"),
    "report_date": _("报告日期"),
    "contact_phone": _("联系电话"),
    "contact_email": _("电子邮箱"),
    "contact_address": _("邮寄地址"),
    "contact_postcode": _("邮编"),
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    field: str
    kind: str  # f: field, t: problem title, s: status, m: measure, d: date, n: figure, o: organisation
    label: str
    order: int = 0


def _pair(value) -> tuple[int, int] | None:
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(x, int) for x in value):
        return int(value[0]), int(value[1])
    return None


def draft_spans(data: dict) -> list[Span]:
    """Every span of a draft's JSON, named the way the review form's fields refer to them."""
    out: list[Span] = []

    def add(span, field, kind, label):
        pair = _pair(span)
        if pair is not None:
            out.append(Span(pair[0], pair[1], field, kind, label, len(out)))

    for name, value in (data.get("spans") or {}).items():
        if name == "count_sentence":
            continue
        if name == "problem_groups" and isinstance(value, list):
            for k, span in enumerate(value):
                add(span, f"g{k}", "t", gettext("问题类别"))
        elif isinstance(value, list) and value and isinstance(value[0], list):
            for span in value:
                add(span, name, "f", FIELD_LABELS.get(name, name))
        else:
            add(value, name, "f", FIELD_LABELS.get(name, name))
    for i, problem in enumerate(data.get("problems") or []):
        add(problem.get("span"), f"p{i}", "t", gettext("第%(n)s个问题") % {"n": i + 1})
        add(problem.get("status_span"), f"p{i}-status", "s", gettext("问题状态"))
        for j, measure in enumerate(problem.get("measures") or []):
            key = f"p{i}m{j}"
            add(
                measure.get("span"),
                key,
                "m",
                gettext("第%(n)s个问题第%(m)s项措施") % {"n": i + 1, "m": j + 1},
            )
            for k, span in enumerate(measure.get("date_spans") or []):
                add(span, f"{key}-d{k}", "d", gettext("日期"))
            for k, figure in enumerate(measure.get("figures") or []):
                add(figure.get("span"), f"{key}-f{k}", "n", gettext("数量"))
            for k, span in enumerate(measure.get("organisation_spans") or []):
                add(span, f"{key}-o{k}", "o", gettext("单位名称"))
    return out


def nested(spans: list[Span], length: int) -> list[Span]:
    """The spans that can be written as properly nested marks, outermost first."""
    valid = [s for s in spans if 0 <= s.start < s.end <= length]
    valid.sort(key=lambda s: (s.start, -s.end, s.order))
    accepted: list[Span] = []
    open_: list[Span] = []
    for span in valid:
        while open_ and open_[-1].end <= span.start:
            open_.pop()
        if open_ and span.end > open_[-1].end:
            continue  # crosses the innermost open mark: skip it
        accepted.append(span)
        open_.append(span)
    return accepted


def marked_source(text: str, spans: list[Span]) -> SafeString:
    """``text`` escaped, with a <mark> around each span that nests; safe to put in a template."""
    accepted = nested(spans, len(text))
    # events: (position, 0 = close / 1 = open, tie-breaker, span)
    events: list[tuple[int, int, int, Span]] = []
    for rank, span in enumerate(accepted):
        events.append((span.start, 1, rank, span))  # opens: outer (earlier rank) first
        events.append((span.end, 0, -rank, span))  # closes: inner (later rank) first
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    parts: list[str] = []
    pos = 0
    for at, is_open, _rank, span in events:
        if at > pos:
            parts.append(escape(text[pos:at]))
            pos = at
        if is_open:
            parts.append(
                f'<mark class="src-{escape(span.kind)}" data-field="{escape(span.field)}" '
                f'title="{escape(span.label)}">'
            )
        else:
            parts.append("</mark>")
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def span_text(text: str, span) -> str:
    pair = _pair(span)
    if pair is None or not (0 <= pair[0] < pair[1] <= len(text)):
        return ""
    return text[pair[0] : pair[1]]
