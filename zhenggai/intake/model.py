"""What the reader returns: a ParsedNotice with spans into its normalised text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]

# the scalar fields of a notice, in the order to_json() gives them
SCALAR_FIELDS = (
    "issuer",
    "round",
    "group",
    "period_start",
    "period_end",
    "feedback_date",
    "problems_total",
    "completed",
    "phased_longterm",
    "in_progress",
    "contact_phone",
    "contact_email",
    "plan_title",
    "plan_doc_number",
    "plan_date",
    "publication_date",
    "signature_date",
    "contact_address",
    "contact_postcode",
)
COUNT_FIELDS = ("problems_total", "completed", "phased_longterm", "in_progress")
DATE_FIELDS = (
    "period_start",
    "period_end",
    "feedback_date",
    "plan_date",
    "publication_date",
    "signature_date",
)


@dataclass
class Figure:
    """A quantity with its unit, as a measure states it: 40家, 3次, 1.05亿元."""

    value: int | float
    unit: str
    text: str
    span: Span

    def to_json(self, spans: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "unit": self.unit, "text": self.text}
        if spans:
            out["span"] = list(self.span)
        return out


@dataclass
class Organisation:
    name: str
    span: Span


@dataclass
class MeasureDate:
    value: str
    text: str
    span: Span
    inferred: bool = False


@dataclass
class Measure:
    text: str
    span: Span
    dates: list[MeasureDate] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    longterm: bool = False  # worded as ongoing (长期坚持, 常态化, 持续…)
    responsible: dict[str, str] = field(default_factory=dict)  # labelled on its own line(s)

    def to_json(self, spans: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "dates": [d.value for d in self.dates],
            "figures": [f.to_json(spans) for f in self.figures],
            "organisations": [o.name for o in self.organisations],
        }
        if self.responsible:
            out["responsible"] = dict(self.responsible)
        if spans:
            out["span"] = list(self.span)
            out["date_spans"] = [list(d.span) for d in self.dates]
            out["organisation_spans"] = [list(o.span) for o in self.organisations]
            out["longterm"] = self.longterm
        return out


@dataclass
class Problem:
    title: str
    span: Span  # the title (without its enumeration marker)
    group: str | None = None
    group_span: Span | None = None
    measures: list[Measure] = field(default_factory=list)
    status: str | None = None  # "completed" | "phased_longterm" | "in_progress" when the notice says
    status_span: Span | None = None
    body_span: Span | None = None
    marker: str = ""  # the enumeration marker as written: (一), 1., 反馈问题一:
    # Who its measures are assigned to, where labelled lines say (责任领导:…): leader, office, person.
    responsible: dict[str, str] = field(default_factory=dict)

    def to_json(self, spans: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "title": self.title,
            "group": self.group,
            "measures": [m.to_json(spans) for m in self.measures],
        }
        if self.responsible or spans:
            out["responsible"] = dict(self.responsible)
        if spans:
            out["span"] = list(self.span)
            out["group_span"] = list(self.group_span) if self.group_span else None
            out["body_span"] = list(self.body_span) if self.body_span else None
            out["status"] = self.status
            out["status_span"] = list(self.status_span) if self.status_span else None
            out["marker"] = self.marker
        return out


@dataclass
class ParsedNotice:
    """A structured draft of one notice. `text` is the normalised text all spans point into.

    `spans[field]` is the (start, end) offset pair of each scalar field that was found, and a list of
    pairs for `issuer_aliases` and `problem_groups`. `other` holds further counts (aspects,
    refined_problems, measures_total, suggestions) and, for audit reports, `report_date`.
    """

    text: str
    source_kind: str = "text"
    issuer: str | None = None
    issuer_aliases: list[str] = field(default_factory=list)
    round: str | None = None
    group: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    feedback_date: str | None = None
    problems_total: int | None = None
    completed: int | None = None
    phased_longterm: int | None = None
    in_progress: int | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    plan_title: str | None = None
    plan_doc_number: str | None = None
    plan_date: str | None = None
    publication_date: str | None = None
    signature_date: str | None = None
    contact_address: str | None = None
    contact_postcode: str | None = None
    problem_groups: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    other: dict[str, Any] = field(default_factory=dict)
    spans: dict[str, Any] = field(default_factory=dict)
    dates: list[Any] = field(default_factory=list)  # every DateRef found, for checks and UIs
    notes: list[str] = field(default_factory=list)  # what the reader could not do (degraded input)

    @property
    def problem_titles(self) -> list[str]:
        return [p.title for p in self.problems]

    def span_of(self, name: str) -> Span | None:
        value = self.spans.get(name)
        return tuple(value) if isinstance(value, tuple) else None

    def source_of(self, name: str) -> str | None:
        """The text a scalar field was read from."""
        span = self.span_of(name)
        return self.text[span[0] : span[1]] if span else None

    def to_json(self, spans: bool = False) -> dict[str, Any]:
        """The ground-truth keys (plus plan, publication, signature and address fields, and problems).

        With spans=True a `spans` object and per-problem/per-measure spans are added.
        """
        out: dict[str, Any] = {
            "issuer": self.issuer,
            "issuer_aliases": list(self.issuer_aliases),
            "round": self.round,
            "group": self.group,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "feedback_date": self.feedback_date,
            "problems_total": self.problems_total,
            "completed": self.completed,
            "phased_longterm": self.phased_longterm,
            "in_progress": self.in_progress,
            "problem_titles": self.problem_titles,
            "problem_groups": list(self.problem_groups),
            "contact_phone": self.contact_phone,
            "contact_email": self.contact_email,
            "plan_title": self.plan_title,
            "plan_doc_number": self.plan_doc_number,
            "plan_date": self.plan_date,
            "publication_date": self.publication_date,
            "signature_date": self.signature_date,
            "contact_address": self.contact_address,
            "contact_postcode": self.contact_postcode,
            "problems": [p.to_json(spans) for p in self.problems],
            "other": dict(self.other),
        }
        if spans:
            out["spans"] = {
                k: ([list(s) for s in v] if isinstance(v, list) else list(v)) for k, v in self.spans.items()
            }
        return out
