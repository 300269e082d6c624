"""Drafts of an import: prepared from a read notice, saved, deleted, and read back from their JSON."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zhenggai.accounts.models import Unit
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record
from zhenggai.core.errors import ServiceError
from zhenggai.core.types import Viewer
from zhenggai.intake import ParsedNotice, check_notice
from zhenggai.intake.dates import DateRef
from zhenggai.intake.model import SCALAR_FIELDS, Figure, Measure, MeasureDate, Problem
from zhenggai.intake_ui.access import importable_units
from zhenggai.intake_ui.models import IntakeDraft
from zhenggai.intake_ui.services.defaults import find_plan_meeting, measure_defaults
from zhenggai.ledger.models import MeasureKind


def prepare(parsed: ParsedNotice, today: dt.date | None = None) -> dict[str, Any]:
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


def guess_unit(units: QuerySet[Unit], data: dict[str, Any]) -> Unit | None:
    """The importable unit the notice is about: named as issuer (or alias), or the only one there is."""
    importable = list(units[:200])
    if len(importable) == 1:
        return importable[0]
    names = [n for n in [data.get("issuer"), *(data.get("issuer_aliases") or [])] if n]
    for unit in importable:
        for candidate in (unit.party_org_name, unit.name):
            if candidate and any(candidate in n or n == candidate for n in names):
                return unit
    return None


def draft_create(*, user: Viewer, source_name: str, source_kind: str, parsed: ParsedNotice) -> IntakeDraft:
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
def draft_delete(*, draft: IntakeDraft, user: Viewer) -> None:
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


def _tuple(value: object) -> tuple[int, int] | None:
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(x, int) for x in value):
        return (value[0], value[1])
    return None


def notice_from_json(text: str, data: dict[str, Any]) -> ParsedNotice:
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
    # A hand-edited draft may have lost a problem's or a measure's span: it stays None, which
    # check_notice reads as "no sentence" ((0, 0) would point it at the notice's first sentence).
    for p in data.get("problems") or []:
        problem = Problem(
            title=p.get("title") or "",
            span=_tuple(p.get("span")),  # type: ignore[arg-type]  # None kept on purpose, see above
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
                    span=_tuple(m.get("span")),  # type: ignore[arg-type]  # None kept on purpose, see above
                    dates=dates,
                    figures=figures,
                    longterm=long_term,
                )
            )
        notice.problems.append(problem)
    return notice


def draft_save(draft: IntakeDraft, *, data: dict[str, Any], unit: Unit | None) -> IntakeDraft:
    """Store corrections and re-run the consistency check on them."""
    draft.parsed = data
    draft.unit = unit
    # a check that cannot run on hand-edited data must not lose the edits
    with contextlib.suppress(Exception):
        draft.findings = [f.to_json() for f in check_notice(notice_from_json(draft.text, data))]
    draft.save(update_fields=["parsed", "unit", "findings", "updated_at"])
    return draft
