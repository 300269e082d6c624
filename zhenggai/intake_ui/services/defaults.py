"""What the checking form starts with, read from the notice's text: dates, lead phrases, figures, the plan's meeting, each measure's progress and fields."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.inspections.models import MeetingKind
from zhenggai.intake.dates import iso_bounds
from zhenggai.intake.text import sentence_at
from zhenggai.intake_ui.people import people_defaults
from zhenggai.ledger.models import DatePrecision, MeasureKind

CONCENTRATED_MONTHS = 3  # 集中整改期: the default deadline of a 限期整改 measure, after the feedback


LEAD_LIMIT = 60


def parse_iso(value: object) -> tuple[dt.date | None, str]:
    """'2022-11-04' → (date, 'day'); '2022-12' → (2022-12-01, 'month'); anything else → (None, 'day')."""
    if isinstance(value, dt.date):
        return value, "day"
    bounds = iso_bounds(value) if isinstance(value, str) else None
    if not bounds or not isinstance(value, str):
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


def figures_text(figures: list[dict[str, Any]]) -> str:
    """One figure per line, as the review form shows them: 40家, or 储备企业:40家 with a label."""
    lines = []
    for f in figures or []:
        shown = f.get("text") or f"{_num(f.get('value'))}{f.get('unit') or ''}"
        label = f.get("label")
        lines.append(f"{label}:{shown}" if label and label != shown else shown)
    return "\n".join(lines)


def _num(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def parse_figures(text: str, previous: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The form's figure lines → figure dicts; the spans of figures written as before are kept."""
    by_text: dict[str | None, dict[str, Any]] = {}
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


def figure_label(figure: dict[str, Any]) -> str:
    return (figure.get("label") or figure.get("text") or figure.get("unit") or _("数量"))[:100]


_MEETING_RE = re.compile(r"召开(?:了)?(?P<title>[^,。;,;、《》“”]{2,40}?(?:会议|会))")


def find_plan_meeting(text: str, spans: dict[str, Any]) -> tuple[str, tuple[int, int]] | None:
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


def progress_default(
    data: dict[str, Any], measure: dict[str, Any], today: dt.date | None = None
) -> tuple[str | None, str, str]:
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


def measure_defaults(
    data: dict[str, Any], problem: dict[str, Any], measure: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
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
