"""Importing a checked draft into the ledger: the round, group, inspection, problems, measures and progress, in one transaction, with a dry run for the preview."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.accounts.scope import scope_for
from zhenggai.accounts.services import contact_set
from zhenggai.core.types import Viewer
from zhenggai.inspections.models import Inspection, InspectionGroup, InspectionKind, Round
from zhenggai.inspections.services import group_create, inspection_create, meeting_add, plan_set, round_create
from zhenggai.intake.numerals import cn_to_int
from zhenggai.intake_ui.access import importable_units
from zhenggai.intake_ui.models import IntakeDraft
from zhenggai.intake_ui.people import ImportPeople
from zhenggai.intake_ui.services.defaults import figure_label, lead_phrase, meeting_kind, parse_iso
from zhenggai.intake_ui.services.ownership import (
    NOTHING_CONFIRMED,
    ImportChoices,
    channel_change,
    issuer_mismatch,
)
from zhenggai.ledger.models import DatePrecision, MeasureKind, Problem
from zhenggai.ledger.services import FigureInput, measure_create, problem_create, progress_create

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class Issue:
    message: StrOrPromise
    field: str | None = None  # a draft-level form field, or a measure/problem form field
    problem: int | None = None
    measure: int | None = None


class ImportRefused(Exception):
    """The import would break a rule; nothing was written. ``issues`` say where and why."""

    def __init__(self, issues: list[Issue]):
        super().__init__("; ".join(str(i.message) for i in issues))
        self.issues = issues


class _DryRun(Exception):
    pass


_RACE_MESSAGE = gettext_lazy(
    "同时有另一次导入写入了同一轮次或同一单位的巡察,本次未写入任何内容。请刷新页面后再试。"
)


@dataclass
class ImportSummary:
    unit: Unit | None
    committee: Unit | None
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
    issuer_note: str = ""  # the notice names another issuer: asked on the confirmation page
    group_note: str = ""  # joining a group that has members: their sight waits for the inspection office
    contact_change: tuple[dict[str, str], dict[str, str]] | None = None  # (the unit's, the notice's)
    flags: list[str] = field(default_factory=list)
    people: str = ""  # the 责任领导/责任人 names no account of the unit has


def _messages(error: ValidationError) -> dict[str | None, list[str]]:
    if hasattr(error, "error_dict"):
        return {(k if k != "__all__" else None): [str(m) for m in v] for k, v in error.message_dict.items()}
    return {None: [str(m) for m in error.messages]}


def sets_up_committee(user: Viewer, committee: Unit) -> bool:
    """Whether the user is the inspection office of this committee (not of one above it) or a
    superuser: the one who confirms an inspection's group (setup.services.group_confirm)."""
    scope = scope_for(user)
    return scope.everything or committee.path in scope.supervised_prefixes


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


def round_fields(name: str, data: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
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


def group_fields(name: str) -> dict[str, Any]:
    m = _GROUP_NUMBER_RE.search(name)
    number = _int(m.group(1) or m.group(2)) if m else None
    return {"number": number} if number else {}


def _date(data: dict[str, Any], name: str) -> dt.date | None:
    return parse_iso(data.get(name))[0]


def _write(
    draft: IntakeDraft,
    user: Viewer,
    summary: ImportSummary | None = None,
    choices: ImportChoices = NOTHING_CONFIRMED,
) -> Inspection:
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
    note = issuer_mismatch(unit, data)
    if summary is not None:
        summary.issuer_note = note
    elif note and not choices.other_issuer:
        issues.append(Issue(note + _("如确属该单位的通报,请在确认页勾选确认后再导入。"), "unit"))
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
    # The group's members (now, or added later) would see this unit's ledger through the group:
    # not on the unit's word alone. Unless the importer is the inspection office of the round's own
    # committee, that office confirms first.
    held = not sets_up_committee(user, committee)
    if held and summary is not None:
        summary.group_note = str(
            _("导入后，“%(group)s”的成员须经巡察办确认才能查看本单位的整改台账（巡察办会在待办中看到）。")
            % {"group": group_name}
        )

    try:
        inspection = inspection_create(
            round=round_,
            group=group,
            unit=unit,
            actor=user,
            onsite_start=_date(data, "period_start"),
            onsite_end=_date(data, "period_end"),
            feedback_date=_date(data, "feedback_date"),
            group_confirmed=not held,
        )
    except ValidationError as error:
        names: dict[str | None, str] = {
            "onsite_start": "period_start",
            "onsite_end": "period_end",
            "feedback_date": "feedback_date",
        }
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
    change = channel_change(unit, contact)
    if summary is not None:
        summary.contact_change = change
    if any(contact.values()) and (change is None or choices.replace_contact or summary is not None):
        contact_set(unit=unit, **contact)  # (the preview rolls it back)
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
    problem: Problem,
    m: dict[str, Any],
    i: int,
    j: int,
    user: Viewer,
    summary: ImportSummary | None,
    people: ImportPeople,
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
        names: dict[str | None, str] = {"happened_on": "progress_date", "text": "text", "figures": "figures"}
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


def import_preview(draft: IntakeDraft, user: Viewer) -> ImportSummary:
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


def draft_import(draft: IntakeDraft, user: Viewer, choices: ImportChoices = NOTHING_CONFIRMED) -> Inspection:
    """Import the draft as saved, with what the person confirmed (``choices``). Refused
    (ImportRefused) when already imported, or when the notice names another issuer unconfirmed;
    all or nothing."""
    try:
        with transaction.atomic():
            locked = IntakeDraft.objects.select_for_update().get(pk=draft.pk)
            if locked.imported_inspection_id is not None:
                raise ImportRefused([Issue(_("该通报草稿已导入,不能重复导入。"))])
            inspection = _write(locked, user, choices=choices)
            locked.imported_inspection = inspection
            locked.imported_at = timezone.now()
            locked.save(update_fields=["imported_inspection", "imported_at", "updated_at"])
    except IntegrityError:  # another import created the same round, group or inspection meanwhile
        raise ImportRefused([Issue(_RACE_MESSAGE)]) from None
    draft.imported_inspection = inspection
    draft.imported_at = locked.imported_at
    return inspection
