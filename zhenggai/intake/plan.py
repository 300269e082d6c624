"""The rectification plan: its title 《…整改方案》, document number (沾科党字〔2022〕22号) and date."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import DateRef
from .text import sentence_spans

PLAN_RE = re.compile(r"《(?P<title>[^《》\n]{2,150}?)》")
DOCNO_RE = re.compile(
    r"\s*[((]?\s*(?P<no>[\u4e00-\u9fff]{1,12}[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*第?\s*\d{1,4}\s*号)"
)
_VERB_RE = re.compile(r"制定|印发|出台|研究|审议|通过|下发|形成|召开|拟定|审定")
_AFTER_VERB_RE = re.compile(r"^[^。]{0,12}?(?:印发|出台|下发|制定|通过|审定)")


@dataclass
class Plan:
    title: str | None = None
    title_span: tuple[int, int] | None = None
    doc_number: str | None = None
    doc_number_span: tuple[int, int] | None = None
    date: DateRef | None = None


def find_plan(text: str, refs: list[DateRef]) -> Plan:
    plan = Plan()
    for m in PLAN_RE.finditer(text):
        title = m.group("title")
        if "整改" in title and re.search(r"方案$", title):
            plan.title = title
            plan.title_span = m.span("title")
            break
    if plan.title_span is None:
        return plan
    close = plan.title_span[1] + 1  # after 》
    dm = DOCNO_RE.match(text, close)
    if dm:
        plan.doc_number = dm.group("no")
        plan.doc_number_span = dm.span("no")
    start = plan.title_span[0] - 1
    sent = next(
        (
            (s, e)
            for s, e in sentence_spans(text, max(0, start - 400), min(len(text), start + 600))
            if s <= start < e
        ),
        None,
    )
    if sent is None:
        return plan
    before = [r for r in refs if sent[0] <= r.span[0] and r.span[1] <= start and not r.meta and r.value]
    if before:
        ref = before[-1]
        between = text[ref.span[1] : start]
        since = re.match(
            r"\s*(?:以来|起|开始)", between
        )  # 10月21日以来…: when the work began, not the plan's date
        if len(between) <= 80 and _VERB_RE.search(between) and not since:
            plan.date = ref
            return plan
    end = (plan.doc_number_span or plan.title_span)[1]
    after = [r for r in refs if end <= r.span[0] < sent[1] and not r.meta and r.value]
    for ref in after[:1]:
        if _AFTER_VERB_RE.search(text[ref.span[1] : ref.span[1] + 20]):
            plan.date = ref
    return plan
