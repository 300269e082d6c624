"""Writes to the ledger. Every write is atomic and validates before it saves."""

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.core.errors import ConcurrentEdit, ServiceError
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.evidence import (
    evidence_content_type,
    evidence_digest,
    evidence_screen,
    evidence_validate,
)
from zhenggai.ledger.models import (
    DatePrecision,
    Evidence,
    Measure,
    MeasureKind,
    MeasureStatus,
    Problem,
    ProblemGroup,
    ProgressEntry,
    ProgressFigure,
)
from zhenggai.ledger.people import display_name, is_unit_member
from zhenggai.ledger.problem_status import problem_refresh_status
from zhenggai.ledger.trail import (
    MEASURE_FIELDS,
    PROBLEM_FIELDS,
    PROGRESS_FIELDS,
    AuditAction,
    diff,
    record,
    record_created,
    snapshot,
)
from zhenggai.ledger.workflow import FROZEN_STATES, frozen_message, measure_is_frozen


@dataclass(frozen=True)
class FigureInput:
    label: str
    value: Decimal | int | str
    unit: str = ""


def measure_refuse_if_frozen(measure: Measure) -> Measure:
    """The measure's row as it is now, locked for this transaction; refused if frozen (its 销号 applied
    for or done, ``workflow.measure_is_frozen``). Every write to a measure, its progress or its
    evidence passes here: the lock makes a submission wait for an edit already under way, and an edit
    wait for a submission."""
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure_is_frozen(current):
        raise ServiceError(frozen_message(current), code="frozen")
    return current


_STALE = {
    "measure": gettext_lazy(
        "该措施已被他人修改(您打开后有新的保存)。请刷新页面,核对最新内容后再保存;您填写的内容仍保留在表单中。"
    ),
    "problem": gettext_lazy(
        "该问题已被他人修改(您打开后有新的保存)。请刷新页面,核对最新内容后再保存;您填写的内容仍保留在表单中。"
    ),
    "progress": gettext_lazy(
        "该进展已被他人修改(您打开后有新的保存)。请刷新页面,核对最新内容后再保存;您填写的内容仍保留在表单中。"
    ),
}


def _stale(kind: str) -> ConcurrentEdit:
    return ConcurrentEdit(str(_STALE[kind]), code="concurrent_edit")


# Problems -------------------------------------------------------------------------------------


def problem_create(
    *,
    inspection: Inspection,
    title: str,
    number: int | None = None,
    description: str = "",
    category: str = "",
    lead_leader: str = "",
    group: ProblemGroup | None = None,
    actor=None,
) -> Problem:
    title = title.strip()
    if not title:
        raise ServiceError(_("请填写反馈问题。"), code="problem_title")
    if number is None:
        last = Problem.objects.live().filter(inspection=inspection).order_by("-number").first()
        number = (last.number if last else 0) + 1
    with transaction.atomic():
        problem = Problem.objects.create(
            inspection=inspection,
            number=number,
            title=title,
            description=description,
            category=category,
            lead_leader=lead_leader,
            group=group,
        )
        record_created(actor=actor, obj=problem, fields=PROBLEM_FIELDS)
    return problem


PROBLEM_EDITABLE_FIELDS = ("title", "description", "category", "lead_leader")


@transaction.atomic
def problem_update(*, problem: Problem, expected_version: int, actor=None, **changes) -> Problem:
    """Save edits only if nobody saved the problem since ``expected_version`` was read."""
    unknown = set(changes) - set(PROBLEM_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "title" in changes and not str(changes["title"]).strip():
        raise ServiceError({"title": _("请填写反馈问题。")}, code="problem_title")
    before = snapshot(Problem.objects.get(pk=problem.pk), PROBLEM_FIELDS)
    values = {name: value.strip() if isinstance(value, str) else value for name, value in changes.items()}
    updated = Problem.objects.filter(pk=problem.pk, version=expected_version, deleted_at__isnull=True).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated == 0:
        raise _stale("problem")
    problem.refresh_from_db()
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=problem,
        changes=diff(before, snapshot(problem, PROBLEM_FIELDS)),
    )
    return problem


# Measures -------------------------------------------------------------------------------------


def _measure_validate(*, problem: Problem, content: str, kind: str, deadline, office: Unit | None) -> None:
    errors: dict[str, str] = {}
    if not content.strip():
        errors["content"] = _("请填写整改措施。")
    if kind not in MeasureKind.values:
        errors["kind"] = _("整改类型无效。")
    elif kind != MeasureKind.LONG_TERM and deadline is None:
        errors["deadline"] = _("“%(kind)s”的措施必须填写整改时限。") % {"kind": MeasureKind(kind).label}
    feedback = problem.inspection.feedback_date
    if deadline is not None and feedback is not None and deadline < feedback:
        errors["deadline"] = _("整改时限不能早于反馈日期(%(date)s)。") % {"date": feedback.isoformat()}
    if office is not None and (
        office.kind != UnitKind.OFFICE or not office.path.startswith(problem.inspection.unit.path)
    ):
        errors["responsible_office"] = _("责任股室必须是本单位的内设股室。")
    if errors:
        raise ServiceError(errors)


def _people_validate(*, problem: Problem, leader_user, person_user) -> None:
    """Accounts named on a measure must work in its unit (or one of its offices). Someone outside
    reads as someone unknown: the message does not tell whether the account exists."""
    unit = problem.inspection.unit
    errors: dict[str, str] = {}
    if leader_user is not None and not is_unit_member(unit, leader_user):
        errors["leader_user"] = _("所选责任领导不存在或不是本单位人员。")
    if person_user is not None and not is_unit_member(unit, person_user):
        errors["person_user"] = _("所选责任人不存在或不是本单位人员。")
    if errors:
        raise ServiceError(errors, code="measure_people")


def _people_text(values: dict) -> dict:
    """The text fields follow the accounts, so documents keep printing them: an account given with
    no text gets its display name; text given with it (a post, as the notice prints it) is kept."""
    for account, text in (("leader_user", "responsible_leader"), ("person_user", "responsible_person")):
        if text in values:
            values[text] = (values[text] or "").strip()
        if values.get(account) is not None and not values.get(text):
            values[text] = display_name(values[account])
    return values


@transaction.atomic
def measure_create(
    *,
    problem: Problem,
    content: str,
    kind: str,
    deadline: dt.date | None = None,
    responsible_leader: str = "",
    responsible_office: Unit | None = None,
    responsible_person: str = "",
    completion_standard: str = "",
    leader_user=None,
    person_user=None,
    actor=None,
) -> Measure:
    _measure_validate(
        problem=problem, content=content, kind=kind, deadline=deadline, office=responsible_office
    )
    _people_validate(problem=problem, leader_user=leader_user, person_user=person_user)
    people = _people_text(
        {
            "leader_user": leader_user,
            "responsible_leader": responsible_leader,
            "person_user": person_user,
            "responsible_person": responsible_person,
        }
    )
    Problem.objects.select_for_update().filter(pk=problem.pk).first()  # serialise numbering per problem
    last = problem.measures.live().order_by("-number").first()
    measure = Measure.objects.create(
        problem=problem,
        number=(last.number if last else 0) + 1,
        content=content.strip(),
        kind=kind,
        deadline=deadline,
        responsible_office=responsible_office,
        completion_standard=completion_standard,
        **people,
    )
    if problem.awaiting_new_measure:
        problem.awaiting_new_measure = False
        problem.save(update_fields=["awaiting_new_measure", "updated_at"])
    problem_refresh_status(problem)
    record_created(actor=actor, obj=measure, fields=MEASURE_FIELDS)
    return measure


MEASURE_EDITABLE_FIELDS = (
    "content",
    "kind",
    "deadline",
    "responsible_leader",
    "responsible_office",
    "responsible_person",
    "completion_standard",
    "leader_user",
    "person_user",
)


@transaction.atomic
def measure_update(*, measure: Measure, expected_version: int, actor=None, **changes) -> Measure:
    """Save edits only if nobody saved the measure since ``expected_version`` was read."""
    unknown = set(changes) - set(MEASURE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = snapshot(measure_refuse_if_frozen(measure), MEASURE_FIELDS)
    changes = dict(changes)
    for account, text in (("leader_user", "responsible_leader"), ("person_user", "responsible_person")):
        # A new name typed over a linked account's name unlinks it (the text is no longer that person).
        current = getattr(measure, account)
        if text in changes and account not in changes and current is not None:
            typed = (changes[text] or "").strip()
            if typed not in (getattr(measure, text), display_name(current)):
                changes[account] = None
        # The same account kept with its name left blank (the form shows no name for an account)
        # keeps the measure's wording.
        if current is not None and changes.get(account) == current and not (changes.get(text) or "").strip():
            changes[text] = getattr(measure, text)
    changes = _people_text(changes)
    for name, value in changes.items():
        setattr(measure, name, value)
    _measure_validate(
        problem=measure.problem,
        content=measure.content,
        kind=measure.kind,
        deadline=measure.deadline,
        office=measure.responsible_office,
    )
    # Only a newly named account is checked: one named before and since moved on may stay.
    new = {
        account: changes.get(account)
        for account in ("leader_user", "person_user")
        if getattr(changes.get(account), "pk", None) != before.get(f"{account}_id")
    }
    _people_validate(
        problem=measure.problem, leader_user=new.get("leader_user"), person_user=new.get("person_user")
    )
    values = {name: getattr(measure, name) for name in changes}
    updated = Measure.objects.filter(pk=measure.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated == 0:
        raise _stale("measure")
    measure.refresh_from_db()
    problem_refresh_status(measure.problem)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=measure,
        changes=diff(before, snapshot(measure, MEASURE_FIELDS)),
    )
    return measure


@transaction.atomic
def measure_set_status(*, measure: Measure, status: str, on: dt.date | None = None) -> Measure:
    """Low-level status write used by the workflow service (which checks who may move what)."""
    measure.status = status
    measure.completed_on = on if status == MeasureStatus.CLOSED else None
    measure.status_since = on or timezone.localdate()
    measure.version += 1
    measure.save(update_fields=["status", "completed_on", "status_since", "version", "updated_at"])
    problem_refresh_status(measure.problem)
    return measure


# Progress -------------------------------------------------------------------------------------


def _figures_clean(figures: Iterable[FigureInput]) -> list[FigureInput]:
    cleaned = []
    for figure in figures:
        if not str(figure.label).strip() and str(figure.value).strip() == "":
            continue
        try:
            value = Decimal(str(figure.value).strip())
        except InvalidOperation:
            raise ServiceError(
                {
                    "figures": _("“%(label)s”的数值“%(value)s”不是数字。")
                    % {"label": figure.label, "value": figure.value}
                }
            ) from None
        if not str(figure.label).strip():
            raise ServiceError({"figures": _("数值%(value)s缺少指标名称。") % {"value": figure.value}})
        cleaned.append(
            FigureInput(label=str(figure.label).strip(), value=value, unit=str(figure.unit).strip())
        )
    return cleaned


def _evidence_screened(write):
    """Scan the write's files (antivirus, when on) before its transaction opens: an infected
    file's refusal is recorded in the trail, and must not be rolled back with the write."""

    @functools.wraps(write)
    def screened(**kwargs):
        files = kwargs.get("files") or ()
        if files:
            measure = kwargs["measure"] if "measure" in kwargs else kwargs["entry"].measure
            evidence_screen(files, actor=kwargs.get("reporter") or kwargs.get("actor"), obj=measure)
        return write(**kwargs)

    return screened


def _progress_validate(
    *, measure: Measure, happened_on: dt.date, text: str, files: Sequence[UploadedFile]
) -> None:
    errors: dict[str, str] = {}
    if happened_on > timezone.localdate():
        errors["happened_on"] = _("进展日期(%(date)s)不能晚于今天。") % {"date": happened_on.isoformat()}
    start = measure.problem.inspection.onsite_start
    if start is not None and happened_on < start:
        errors["happened_on"] = _("进展日期不能早于巡察进驻日期(%(date)s)。") % {"date": start.isoformat()}
    if not text.strip():
        errors["text"] = _("请填写进展情况。")
    if errors:
        raise ServiceError(errors)
    for upload in files:
        evidence_validate(upload)


@_evidence_screened
@transaction.atomic
def progress_create(
    *,
    measure: Measure,
    happened_on: dt.date,
    text: str,
    reporter=None,
    precision: str = DatePrecision.DAY,
    figures: Sequence[FigureInput] = (),
    files: Sequence[UploadedFile] = (),
    submission_key: str = "",
) -> ProgressEntry:
    """Add a dated progress entry with its figures and evidence files.

    Posting the same form twice (same ``submission_key``) returns the entry already saved.
    """
    if submission_key:
        existing = ProgressEntry.objects.filter(measure=measure, submission_key=submission_key).first()
        if existing is not None:
            return existing
    measure_refuse_if_frozen(measure)
    _progress_validate(measure=measure, happened_on=happened_on, text=text, files=files)
    clean_figures = _figures_clean(figures)

    try:
        with transaction.atomic():
            entry = ProgressEntry.objects.create(
                measure=measure,
                happened_on=happened_on,
                date_precision=precision,
                text=text.strip(),
                reporter=reporter,
                submission_key=submission_key,
            )
    except IntegrityError:
        # The same form raced itself; the other request saved it.
        return ProgressEntry.objects.get(measure=measure, submission_key=submission_key)
    ProgressFigure.objects.bulk_create(
        ProgressFigure(entry=entry, label=f.label, value=f.value, unit=f.unit, sort_order=i)
        for i, f in enumerate(clean_figures)
    )
    created = snapshot(entry, PROGRESS_FIELDS)
    created["figures"] = [[f.label, str(f.value), f.unit] for f in clean_figures]
    record(actor=reporter, action=AuditAction.CREATE, obj=entry, changes=diff({}, created))
    for upload in files:
        evidence_attach(entry=entry, upload=upload, uploaded_by=reporter)
    measure_touch_progress(measure)
    if measure.status == MeasureStatus.NOT_STARTED:
        measure_set_status(measure=measure, status=MeasureStatus.IN_PROGRESS)
    return entry


def measure_touch_progress(measure: Measure) -> None:
    """Store the date of the measure's latest live progress entry."""
    latest = measure.progress.live().aggregate(latest=Max("happened_on"))["latest"]
    Measure.objects.filter(pk=measure.pk).update(last_progress_on=latest)
    measure.last_progress_on = latest


@_evidence_screened
@transaction.atomic
def progress_update(
    *,
    entry: ProgressEntry,
    expected_version: int,
    happened_on: dt.date,
    text: str,
    precision: str = DatePrecision.DAY,
    files: Sequence[UploadedFile] = (),
    actor=None,
) -> ProgressEntry:
    """Correct an entry's date or wording, or add evidence. Evidence already attached is never dropped.
    Saved only if nobody saved the entry since ``expected_version`` was read."""
    measure_refuse_if_frozen(entry.measure)
    _progress_validate(measure=entry.measure, happened_on=happened_on, text=text, files=files)
    before = snapshot(ProgressEntry.objects.get(pk=entry.pk), PROGRESS_FIELDS)
    updated = ProgressEntry.objects.filter(
        pk=entry.pk, version=expected_version, deleted_at__isnull=True
    ).update(
        happened_on=happened_on,
        date_precision=precision,
        text=text.strip(),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if updated == 0:
        raise _stale("progress")
    entry.refresh_from_db()
    measure_touch_progress(entry.measure)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=entry,
        changes=diff(before, snapshot(entry, PROGRESS_FIELDS)),
    )
    for upload in files:
        evidence_attach(entry=entry, upload=upload, uploaded_by=actor)
    return entry


@transaction.atomic
def evidence_attach(*, entry: ProgressEntry, upload: UploadedFile, uploaded_by=None) -> Evidence:
    measure_refuse_if_frozen(entry.measure)
    evidence_validate(upload)
    evidence = Evidence(
        entry=entry,
        original_name=(upload.name or "").rsplit("/", 1)[-1][:255],
        size=upload.size or 0,
        content_type=evidence_content_type(upload),
        sha256=evidence_digest(upload),
        uploaded_by=uploaded_by,
    )
    evidence.file.save(evidence.original_name, upload, save=False)
    evidence.save()
    record(
        actor=uploaded_by,
        action=AuditAction.UPLOAD,
        obj=evidence,
        changes={
            "file": [None, evidence.original_name],
            "size": [None, evidence.size],
            "sha256": [None, evidence.sha256],
        },
    )
    return evidence


# Deletion: soft, and refused where it would erase a record of work done -----------------------
# (Restoring from the recycle bin, 回收站: ledger.recycle_bin.)


def measure_deletable(measure: Measure) -> bool:
    """Whether ``measure_delete`` would delete it: not once its 销号 has been applied for (pages
    offer the button only then)."""
    return not measure_is_frozen(measure)


def problem_deletable(problem: Problem) -> bool:
    """Whether ``problem_delete`` would delete it: no measure of it frozen, no look-back recorded."""
    return not (
        problem.measures.live().filter(status__in=FROZEN_STATES).exists()
        or problem.reviews.exclude(outcome="pending").exists()
    )


def _refuse_deletion(*, obj, actor, message: str):
    """Record the attempt in its own transaction (it must survive the refusal), then refuse."""
    with transaction.atomic():
        record(actor=actor, action=AuditAction.DELETE_ATTEMPT, obj=obj, reason=str(message))
    raise ServiceError(message, code="delete_locked")


def _soft_delete(obj, actor, fields, at=None):
    before = snapshot(obj, fields)
    obj.deleted_at = at or timezone.now()
    obj.save(update_fields=["deleted_at", "updated_at"])
    record(actor=actor, action=AuditAction.DELETE, obj=obj, changes=diff(before, snapshot(obj, fields)))


def measure_delete(*, measure: Measure, actor=None) -> Measure:
    with transaction.atomic():
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        deletable = measure_deletable(current)
        if deletable:
            _soft_delete(measure, actor, MEASURE_FIELDS)
            problem_refresh_status(measure.problem)
    if not deletable:
        _refuse_deletion(
            obj=measure,
            actor=actor,
            message=_("该措施状态为“%(status)s”,不能删除;如需调整请先退回。")
            % {"status": current.get_status_display()},
        )
    return measure


def problem_delete(*, problem: Problem, actor=None) -> Problem:
    """Soft-delete the problem and its live measures, all at the same instant: the recycle bin
    restores together what was deleted together."""
    if not problem_deletable(problem):
        _refuse_deletion(
            obj=problem, actor=actor, message=_("该问题已有申请销号或已销号的措施(或回头看记录),不能删除。")
        )
    with transaction.atomic():
        at = timezone.now()
        for measure in problem.measures.live():
            _soft_delete(measure, actor, MEASURE_FIELDS, at=at)
        problem.reviews.filter(outcome="pending").delete()
        _soft_delete(problem, actor, PROBLEM_FIELDS, at=at)
    return problem


def progress_delete(*, entry: ProgressEntry, actor=None) -> ProgressEntry:
    if measure_is_frozen(entry.measure):
        message = (
            _("该进展的佐证材料已用于销号,不能删除。")
            if entry.evidence.exists()
            else frozen_message(entry.measure)
        )
        _refuse_deletion(obj=entry, actor=actor, message=message)
    with transaction.atomic():
        measure_refuse_if_frozen(entry.measure)  # (a submission under way meanwhile)
        _soft_delete(entry, actor, PROGRESS_FIELDS)
        measure_touch_progress(entry.measure)
    return entry
