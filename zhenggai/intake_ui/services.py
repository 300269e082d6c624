"""Drafts from the reader, their corrections, and the import into the ledger through the ledger's services.

The import creates, in one transaction and with the importing user as the actor of every audited
write: the round (reused when the unit's committee already has a round of that name), the group
(reused within the round), the inspection, the plan (and the meeting that adopted it, when the plan
sentence names one), the unit's supervision channel, and per problem its measures, each with one
progress entry carrying the measure's full text and figures. Any refusal rolls everything back.

Defaults the notice does not state (``prepare``):

- a measure's ledger wording (``content``) is its lead phrase: the run-in heading up to the first
  。 (or , ; when short), else its first ~60 characters;
- its kind is 长期坚持 when the reader found it worded as ongoing or the problem's stated status is
  阶段性成效/长期坚持; otherwise 限期整改 with the deadline three months after the feedback date (the
  usual 集中整改期; the plan's real deadlines are rarely printed in a notice);
- its progress is dated with the first date it mentions (month precision for 2022年12月), or else
  the notice's signature date "as of" (截至…); a first date before the on-site start or after today is
  not used (the fallback is taken and the measure is flagged).
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.accounts.services import contact_set
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record
from zhenggai.core.errors import ServiceError
from zhenggai.inspections.models import Inspection, InspectionGroup, InspectionKind, MeetingKind, Round
from zhenggai.inspections.services import group_create, inspection_create, meeting_add, plan_set, round_create
from zhenggai.intake import ParsedNotice, check_notice
from zhenggai.intake.dates import DateRef, iso_bounds
from zhenggai.intake.model import SCALAR_FIELDS, Figure, Measure, MeasureDate, Problem
from zhenggai.intake.numerals import cn_to_int
from zhenggai.intake.text import sentence_at
from zhenggai.intake_ui.access import importable_units
from zhenggai.intake_ui.models import IntakeDraft
from zhenggai.intake_ui.people import ImportPeople, people_defaults
from zhenggai.ledger.models import DatePrecision, MeasureKind
from zhenggai.ledger.services import FigureInput, measure_create, problem_create, progress_create

CONCENTRATED_MONTHS = 3  # 集中整改期: the default deadline of a 限期整改 measure, after the feedback
LEAD_LIMIT = 60

# ------------------------------------------------------------------------------- small helpers


def parse_iso(value) -> tuple[dt.date | None, str]:
    """'2022-11-04' → (date, 'day'); '2022-12' → (2022-12-01, 'month'); anything else → (None, 'day')."""
    if isinstance(value, dt.date):
        return value, "day"
    bounds = iso_bounds(value) if isinstance(value, str) else None
    if not bounds:
        return None, "day"
    return bounds[0], ("month" if value.count("-") == 1 else "day")


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_CLAUSE_END_RE = re.compile(r"[。,;,;]")
_TRAILING_STOPS_RE = re.compile(r"[。;;,,]+$")
_NOT_HEADING_RE = re.compile(
    r"^(?:\d|[一二三四五六七八九十〇零]+月|今年|去年|截至|截止|目前|整改期间|同时|此外|其中)"
)


def lead_phrase(text: str, limit: int = LEAD_LIMIT) -> str:
    """A measure's wording for the ledger: its run-in heading, else its first ~60 characters."""
    flat = " ".join((text or "").split())
    m = _CLAUSE_END_RE.search(flat)
    if m:
        head, rest = flat[: m.start()].strip(), flat[m.end() :].strip()
        short_enough = len(head) <= 40 if m.group() == "。" else len(head) <= 30
        if len(head) >= 2 and short_enough and rest and not _NOT_HEADING_RE.match(head):
            return head
    if len(flat) <= limit:
        return _TRAILING_STOPS_RE.sub("", flat)
    cut = flat[:limit]
    for stops in ("。;;,,", "、"):
        k = max(cut.rfind(c) for c in stops)
        if k >= 20:
            return cut[:k]
    return cut + "…"


_FIGURE_LINE_RE = re.compile(
    r"^(?:(?P<label>.+?)\s*[::]\s*)?(?P<value>-?\d+(?:\.\d+)?)\s*(?P<unit>\S{0,20})$"
)


def figures_text(figures: list[dict]) -> str:
    """One figure per line, as the review form shows them: 40家, or 储备企业:40家 with a label."""
    lines = []
    for f in figures or []:
        shown = f.get("text") or f"{_num(f.get('value'))}{f.get('unit') or ''}"
        label = f.get("label")
        lines.append(f"{label}:{shown}" if label and label != shown else shown)
    return "\n".join(lines)


def _num(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def parse_figures(text: str, previous: list[dict] | None = None) -> list[dict]:
    """The form's figure lines → figure dicts; the spans of figures written as before are kept."""
    by_text = {}
    for f in previous or []:
        by_text.setdefault(f.get("text"), f)
    out = []
    for raw in (text or "").splitlines():
        line = _TRAILING_STOPS_RE.sub("", raw.strip())
        if not line:
            continue
        m = _FIGURE_LINE_RE.match(line)
        if not m:
            raise ValueError(
                _("无法识别“%(line)s”:每行写一个数量,如“40家”或“储备企业:40家”。") % {"line": line[:40]}
            )
        value_text, unit = m.group("value"), m.group("unit")
        try:
            value = Decimal(value_text)
        except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
            raise ValueError(_("“%(value)s”不是数字。") % {"value": value_text}) from None
        if abs(value) >= 10**12:
            raise ValueError(_("“%(value)s”过大,台账最多记到万亿以下。") % {"value": value_text})
        shown = f"{value_text}{unit}"
        item = {
            "value": int(value)
            if value == value.to_integral_value() and "." not in value_text
            else float(value),
            "unit": unit,
            "text": shown,
        }
        if m.group("label"):
            item["label"] = m.group("label").strip()[:100]
        old = by_text.get(shown)
        if old and old.get("span"):
            item["span"] = old["span"]
        out.append(item)
    return out


def figure_label(figure: dict) -> str:
    return (figure.get("label") or figure.get("text") or figure.get("unit") or _("数量"))[:100]


_MEETING_RE = re.compile(r"召开(?:了)?(?P<title>[^,。;,;、《》“”]{2,40}?(?:会议|会))")


def find_plan_meeting(text: str, spans: dict) -> tuple[str, tuple[int, int]] | None:
    """The meeting named in the sentence that dates the plan (2022年11月8日组织召开局党组巡察整改专题会议,…)."""
    span = spans.get("plan_date")
    if not (isinstance(span, list | tuple) and len(span) == 2):
        return None
    s, e = sentence_at(text, span[0])
    m = _MEETING_RE.search(text, s, e)
    if not m:
        return None
    return m.group("title"), m.span("title")


def meeting_kind(title: str) -> str:
    if "民主生活会" in title:
        return MeetingKind.DEMOCRATIC_LIFE
    if "组织生活会" in title:
        return MeetingKind.ORG_LIFE
    if "领导小组" in title:
        return MeetingKind.LEADING_GROUP
    if "专题" in title or "整改" in title:
        return MeetingKind.SPECIAL
    if "党组会" in title or "党委会" in title:
        return MeetingKind.PARTY_GROUP
    return MeetingKind.OTHER


# ------------------------------------------------------------------------------- the draft


def progress_default(data: dict, measure: dict, today: dt.date | None = None) -> tuple[str | None, str, str]:
    """(ISO date, precision, note) of the progress entry a measure is imported with."""
    today = today or timezone.localdate()
    start, _p = parse_iso(data.get("period_start"))
    note = ""
    for value in measure.get("dates") or []:
        day, precision = parse_iso(value)
        if day is None:
            continue
        if (
            precision == "month"
            and start
            and day < start
            and (day.year, day.month) == (start.year, start.month)
        ):
            day = start  # 2022年6月 with the group on site from 6月28日: the month is right, clamp the day
        if start and day < start:
            note = _("原文首个日期“%(value)s”早于巡察进驻日期(%(start)s),进展日期已改用落款日期,请核对。") % {
                "value": value,
                "start": start.isoformat(),
            }
        elif day > today:
            note = _("原文首个日期“%(value)s”晚于今天,可能是计划时间,进展日期已改用落款日期,请核对。") % {
                "value": value
            }
        else:
            return day.isoformat(), precision, ""
        break
    for name in ("signature_date", "publication_date"):
        day, _p = parse_iso(data.get(name))
        if day is not None:
            return day.isoformat(), DatePrecision.AS_OF, note
    return None, DatePrecision.AS_OF, note or _("原文没有日期,也没有落款日期:请填写进展日期。")


def measure_defaults(data: dict, problem: dict, measure: dict, today: dt.date | None = None) -> dict:
    long_term = bool(measure.get("longterm")) or problem.get("status") == "phased_longterm"
    feedback, _p = parse_iso(data.get("feedback_date"))
    deadline = None
    if not long_term and feedback is not None:
        deadline = add_months(feedback, CONCENTRATED_MONTHS).isoformat()
    progress_date, precision, note = progress_default(data, measure, today)
    return {
        "content": lead_phrase(measure.get("text", "")),
        "kind": MeasureKind.LONG_TERM if long_term else MeasureKind.DEADLINE,
        "deadline": deadline,
        "progress_date": progress_date,
        "precision": precision,
        "date_note": note,
        **people_defaults(problem, measure),
    }


def prepare(parsed: ParsedNotice, today: dt.date | None = None) -> dict:
    """The reader's draft as stored: to_json(spans=True) plus what the import needs."""
    data = parsed.to_json(spans=True)
    data["source_kind"] = parsed.source_kind
    data["notes"] = [n for n in parsed.notes if "Traceback" not in n][:20]
    data["date_refs"] = [
        {"value": r.value, "text": r.text, "span": list(r.span), "meta": bool(r.meta)}
        for r in parsed.dates
        if getattr(r, "span", None)
    ]
    meeting = find_plan_meeting(parsed.text, data["spans"])
    data["plan_meeting"] = meeting[0] if meeting else None
    if meeting:
        data["spans"]["plan_meeting"] = list(meeting[1])
    for problem in data["problems"]:
        for measure in problem["measures"]:
            measure.update(measure_defaults(data, problem, measure, today))
    return data


def guess_unit(units, data: dict) -> Unit | None:
    """The importable unit the notice is about: named as issuer (or alias), or the only one there is."""
    units = list(units[:200])
    if len(units) == 1:
        return units[0]
    names = [n for n in [data.get("issuer"), *(data.get("issuer_aliases") or [])] if n]
    for unit in units:
        for candidate in (unit.party_org_name, unit.name):
            if candidate and any(candidate in n or n == candidate for n in names):
                return unit
    return None


def draft_create(*, user, source_name: str, source_kind: str, parsed: ParsedNotice) -> IntakeDraft:
    data = prepare(parsed)
    draft = IntakeDraft(
        created_by=user,
        source_name=(source_name or _("粘贴的文字"))[:255],
        source_kind=source_kind,
        text=parsed.text,
        parsed=data,
        findings=[f.to_json() for f in check_notice(parsed)],
        unit=guess_unit(importable_units(user), data),
    )
    draft.save()
    return draft


@transaction.atomic
def draft_delete(*, draft: IntakeDraft, user) -> None:
    """Delete a draft that was never imported, with an event in the trail.

    An imported draft stays as the inspection's source record. The event names the draft (source,
    format, unit, uploader, time) and carries a SHA-256 of its text, so the trail shows which notice
    was thrown away without keeping the text of a notice nobody imported.
    """
    # Only the draft's row is locked, where the database can say so (MariaDB locks the unit's too).
    of = ("self",) if connection.features.has_select_for_update_of else ()
    draft = IntakeDraft.objects.select_for_update(of=of).select_related("unit").get(pk=draft.pk)
    if draft.imported_inspection_id:
        raise ServiceError(_("已导入的草稿保留为该巡察的来源记录,不能删除。"), code="delete_locked")
    changes = {
        "source_name": [draft.source_name, None],
        "source_kind": [draft.source_kind, None],
        "unit": [draft.unit_id, None],
        "created_by": [draft.created_by_id, None],
        "created_at": [draft.created_at, None],
        "text_sha256": [hashlib.sha256(draft.text.encode()).hexdigest(), None],
    }
    audit_record(
        actor=user,
        action=AuditAction.DELETE,
        obj=draft,
        unit_path=draft.unit.path if draft.unit is not None else "",
        changes=changes,
    )
    draft.delete()


def _tuple(value):
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(x, int) for x in value):
        return (value[0], value[1])
    return None


def notice_from_json(text: str, data: dict) -> ParsedNotice:
    """A ParsedNotice rebuilt from a (corrected) draft, for re-running the consistency check."""
    notice = ParsedNotice(text=text, source_kind=data.get("source_kind") or "text")
    for name in SCALAR_FIELDS:
        setattr(notice, name, data.get(name))
    notice.problem_groups = list(data.get("problem_groups") or [])
    notice.other = dict(data.get("other") or {})
    for name, value in (data.get("spans") or {}).items():
        pair = _tuple(value)
        if pair is not None:
            notice.spans[name] = pair
        elif isinstance(value, list):
            notice.spans[name] = [p for p in (_tuple(v) for v in value) if p]
    for ref in data.get("date_refs") or []:
        span = _tuple(ref.get("span"))
        if span:
            notice.dates.append(
                DateRef(
                    value=ref.get("value"), text=ref.get("text") or "", span=span, meta=bool(ref.get("meta"))
                )
            )
    for p in data.get("problems") or []:
        problem = Problem(
            title=p.get("title") or "",
            span=_tuple(p.get("span")),
            group=p.get("group"),
            status=p.get("status") or None,
            status_span=_tuple(p.get("status_span")),
        )
        for m in p.get("measures") or []:
            date_spans = m.get("date_spans") or []
            dates = []
            for k, value in enumerate(m.get("dates") or []):
                span = _tuple(date_spans[k]) if k < len(date_spans) else None
                dates.append(MeasureDate(value, text[span[0] : span[1]] if span else value, span or (0, 0)))
            figures = [
                Figure(
                    value=f.get("value"),
                    unit=f.get("unit") or "",
                    text=f.get("text") or "",
                    span=_tuple(f.get("span")) or (0, 0),
                )
                for f in m.get("figures") or []
            ]
            long_term = m.get("kind") == MeasureKind.LONG_TERM if "kind" in m else bool(m.get("longterm"))
            problem.measures.append(
                Measure(
                    text=m.get("text") or "",
                    span=_tuple(m.get("span")),
                    dates=dates,
                    figures=figures,
                    longterm=long_term,
                )
            )
        notice.problems.append(problem)
    return notice


def draft_save(draft: IntakeDraft, *, data: dict, unit: Unit | None) -> IntakeDraft:
    """Store corrections and re-run the consistency check on them."""
    draft.parsed = data
    draft.unit = unit
    # a check that cannot run on hand-edited data must not lose the edits
    with contextlib.suppress(Exception):
        draft.findings = [f.to_json() for f in check_notice(notice_from_json(draft.text, data))]
    draft.save(update_fields=["parsed", "unit", "findings", "updated_at"])
    return draft


# ------------------------------------------------------------------------------- the import


@dataclass
class Issue:
    message: str
    field: str | None = None  # a draft-level form field, or a measure/problem form field
    problem: int | None = None
    measure: int | None = None


class ImportRefused(Exception):
    """The import would break a rule; nothing was written. ``issues`` say where and why."""

    def __init__(self, issues: list[Issue]):
        super().__init__("; ".join(i.message for i in issues))
        self.issues = issues


class _DryRun(Exception):
    pass


_RACE_MESSAGE = gettext_lazy(
    "同时有另一次导入写入了同一轮次或同一单位的巡察,本次未写入任何内容。请刷新页面后再试。"
)


@dataclass
class ImportSummary:
    unit: Unit
    committee: Unit
    round_name: str
    round_exists: bool
    group_name: str
    group_exists: bool
    problems: int = 0
    measures: int = 0
    long_term: int = 0
    progress: int = 0
    figures: int = 0
    plan: str = ""
    meeting: str = ""
    contact: bool = False
    flags: list[str] = field(default_factory=list)
    people: str = ""  # the 责任领导/责任人 names no account of the unit has


def _messages(error: ValidationError) -> dict[str | None, list[str]]:
    if hasattr(error, "error_dict"):
        return {(k if k != "__all__" else None): [str(m) for m in v] for k, v in error.message_dict.items()}
    return {None: [str(m) for m in error.messages]}


def committee_of(unit: Unit) -> Unit | None:
    """The unit's nearest committee (党委), read from its materialised path."""
    ids = [int(x) for x in unit.path.strip("/").split("/") if x.isdigit()]
    return Unit.objects.filter(pk__in=ids, kind=UnitKind.COMMITTEE).order_by("-depth").first()


_ROUND_TERM_RE = re.compile(r"([一二三四五六七八九十\d]{1,3})届")
_ROUND_NUMBER_RE = re.compile(r"第([一二三四五六七八九十\d]{1,3})轮")
_GROUP_NUMBER_RE = re.compile(
    r"第([一二三四五六七八九十\d]{1,3})(?:巡察|巡视)?组|(?:巡察|巡视)([一二三四五六七八九十\d]{1,3})组"
)


def _int(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text) if text.isdigit() else cn_to_int(text)
    return value if value is not None and 0 < value < 1000 else None


def round_fields(name: str, data: dict) -> dict:
    fields: dict = {}
    if (m := _ROUND_TERM_RE.search(name)) and (term := _int(m.group(1))):
        fields["term"] = term
    if (m := _ROUND_NUMBER_RE.search(name)) and (number := _int(m.group(1))):
        fields["number"] = number
    for word, kind in (
        ("回头看", InspectionKind.LOOK_BACK),
        ("专项", InspectionKind.SPECIAL),
        ("机动", InspectionKind.MOBILE),
        ("审计", InspectionKind.AUDIT),
    ):
        if word in name:
            fields["kind"] = kind
            break
    for key in ("period_start", "feedback_date"):
        day, _p = parse_iso(data.get(key))
        if day:
            fields["year"] = day.year
            break
    return fields


def group_fields(name: str) -> dict:
    m = _GROUP_NUMBER_RE.search(name)
    number = _int(m.group(1) or m.group(2)) if m else None
    return {"number": number} if number else {}


def _date(data: dict, name: str) -> dt.date | None:
    return parse_iso(data.get(name))[0]


def _write(draft: IntakeDraft, user, summary: ImportSummary | None = None) -> Inspection:
    data = draft.parsed or {}
    unit = draft.unit
    issues: list[Issue] = []
    if unit is None:
        raise ImportRefused([Issue(_("请选择被巡察单位。"), "unit")])
    if not importable_units(user).filter(pk=unit.pk).exists():
        raise ImportRefused([Issue(_("您不能为该单位导入整改台账。"), "unit")])
    committee = committee_of(unit)
    if committee is None:
        raise ImportRefused([Issue(_("该单位不在任何党委(巡察主体)之下,无法确定巡察轮次。"), "unit")])
    round_name = (data.get("round") or "").strip()
    group_name = (data.get("group") or "").strip()
    if not round_name:
        issues.append(Issue(_("请填写巡察轮次(如:二届区委第二轮巡察)。"), "round"))
    if not group_name:
        issues.append(Issue(_("请填写巡察组(如:区委第三巡察组)。"), "group"))
    if issues:
        raise ImportRefused(issues)

    round_ = Round.objects.filter(committee=committee, name=round_name).order_by("pk").first()
    if summary is not None:
        summary.round_exists = round_ is not None
    if round_ is None:
        round_ = round_create(
            committee=committee, name=round_name, actor=user, **round_fields(round_name, data)
        )
    elif Inspection.objects.filter(round=round_, unit=unit).exists():
        raise ImportRefused(
            [
                Issue(
                    _("%(unit)s在“%(round)s”中已有巡察记录,不能重复导入;如需补充,请在该巡察的台账中添加。")
                    % {"unit": unit, "round": round_name},
                    "unit",
                )
            ]
        )
    group = InspectionGroup.objects.filter(round=round_, name=group_name).first()
    if summary is not None:
        summary.group_exists = group is not None
    if group is None:
        group = group_create(round=round_, name=group_name, actor=user, **group_fields(group_name))

    try:
        inspection = inspection_create(
            round=round_,
            group=group,
            unit=unit,
            actor=user,
            onsite_start=_date(data, "period_start"),
            onsite_end=_date(data, "period_end"),
            feedback_date=_date(data, "feedback_date"),
        )
    except ValidationError as error:
        names = {"onsite_start": "period_start", "onsite_end": "period_end", "feedback_date": "feedback_date"}
        raise ImportRefused(
            [Issue(m, names.get(k)) for k, ms in _messages(error).items() for m in ms]
        ) from None

    if (data.get("plan_title") or "").strip():
        plan_set(
            inspection=inspection,
            actor=user,
            title=data["plan_title"].strip(),
            doc_number=(data.get("plan_doc_number") or "").strip(),
            issued_on=_date(data, "plan_date"),
        )
        if summary is not None:
            summary.plan = data["plan_title"].strip()
    meeting_title = (data.get("plan_meeting") or "").strip()
    meeting_on = _date(data, "plan_date")
    if meeting_title and meeting_on:
        meeting_add(
            inspection=inspection,
            actor=user,
            held_on=meeting_on,
            kind=meeting_kind(meeting_title),
            title=meeting_title,
            decisions=_("研究制定整改方案"),
            adopted_plan=True,
        )
        if summary is not None:
            summary.meeting = meeting_title
    contact = {
        "phone": (data.get("contact_phone") or "").strip(),
        "address": (data.get("contact_address") or "").strip(),
        "postcode": (data.get("contact_postcode") or "").strip(),
        "email": (data.get("contact_email") or "").strip(),
    }
    if any(contact.values()):
        contact_set(unit=unit, **contact)
        if summary is not None:
            summary.contact = True

    people = ImportPeople(unit, user)
    for i, p in enumerate(data.get("problems") or []):
        try:
            problem = problem_create(
                inspection=inspection,
                title=(p.get("title") or "").strip(),
                category=(p.get("group") or "")[:60],
                actor=user,
            )
        except ValidationError as error:
            issues.extend(Issue(m, "title", i) for ms in _messages(error).values() for m in ms)
            continue
        for j, m in enumerate(p.get("measures") or []):
            issues.extend(_write_measure(problem, m, i, j, user, summary, people))
        if summary is not None:
            summary.problems += 1
    if summary is not None:
        summary.people = people.message
    if issues:
        raise ImportRefused(issues)
    return inspection


def _write_measure(
    problem, m: dict, i: int, j: int, user, summary: ImportSummary | None, people: ImportPeople
) -> list[Issue]:
    text = (m.get("text") or "").strip()
    kind = m.get("kind") or MeasureKind.DEADLINE
    try:
        measure = measure_create(
            problem=problem,
            content=(m.get("content") or "").strip() or lead_phrase(text),
            kind=kind,
            deadline=parse_iso(m.get("deadline"))[0],
            actor=user,
            **people.measure_fields(m),
        )
    except ValidationError as error:
        return [Issue(msg, k or "content", i, j) for k, ms in _messages(error).items() for msg in ms]
    happened_on = parse_iso(m.get("progress_date"))[0]
    if happened_on is None:
        return [Issue(_("请填写进展日期。"), "progress_date", i, j)]
    figures = [
        FigureInput(label=figure_label(f), value=str(f.get("value")), unit=(f.get("unit") or "")[:20])
        for f in m.get("figures") or []
    ]
    try:
        progress_create(
            measure=measure,
            happened_on=happened_on,
            precision=m.get("precision") or DatePrecision.DAY,
            text=text,
            reporter=user,
            figures=figures,
        )
    except ValidationError as error:
        names = {"happened_on": "progress_date", "text": "text", "figures": "figures"}
        return [
            Issue(msg, names.get(k, "progress_date"), i, j)
            for k, ms in _messages(error).items()
            for msg in ms
        ]
    if summary is not None:
        summary.measures += 1
        summary.progress += 1
        summary.figures += len(figures)
        summary.long_term += kind == MeasureKind.LONG_TERM
    return []


def import_preview(draft: IntakeDraft, user) -> ImportSummary:
    """Run the whole import and roll it back: what it would create, or ImportRefused."""
    unit = draft.unit
    summary = ImportSummary(
        unit=unit,
        committee=committee_of(unit) if unit else None,
        round_name=(draft.parsed or {}).get("round") or "",
        round_exists=False,
        group_name=(draft.parsed or {}).get("group") or "",
        group_exists=False,
    )
    for p in (draft.parsed or {}).get("problems") or []:
        for m in p.get("measures") or []:
            if m.get("date_note"):
                summary.flags.append(m["date_note"])
    try:
        with transaction.atomic():
            _write(draft, user, summary)
            raise _DryRun
    except _DryRun:
        pass
    except IntegrityError:
        raise ImportRefused([Issue(_RACE_MESSAGE)]) from None
    return summary


def draft_import(draft: IntakeDraft, user) -> Inspection:
    """Import the draft as saved. Refused (ImportRefused) when already imported; all or nothing."""
    try:
        with transaction.atomic():
            locked = IntakeDraft.objects.select_for_update().get(pk=draft.pk)
            if locked.imported_inspection_id is not None:
                raise ImportRefused([Issue(_("该通报草稿已导入,不能重复导入。"))])
            inspection = _write(locked, user)
            locked.imported_inspection = inspection
            locked.imported_at = timezone.now()
            locked.save(update_fields=["imported_inspection", "imported_at", "updated_at"])
    except IntegrityError:  # another import created the same round, group or inspection meanwhile
        raise ImportRefused([Issue(_RACE_MESSAGE)]) from None
    draft.imported_inspection = inspection
    draft.imported_at = locked.imported_at
    return inspection
