"""Progress entries: their figures and evidence checked, created, edited; evidence attached."""

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.core.errors import ServiceError
from zhenggai.core.types import Actor
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
    MeasureStatus,
    ProgressEntry,
    ProgressFigure,
)
from zhenggai.ledger.services.base import FigureInput, _stale, measure_refuse_if_frozen
from zhenggai.ledger.services.measures import measure_set_status
from zhenggai.ledger.trail import (
    PROGRESS_FIELDS,
    AuditAction,
    diff,
    record,
    snapshot,
)


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


_T = TypeVar("_T")


def _evidence_screened(write: Callable[..., _T]) -> Callable[..., _T]:
    """Scan the write's files (antivirus, when on) before its transaction opens: an infected
    file's refusal is recorded in the trail, and must not be rolled back with the write."""

    @functools.wraps(write)
    def screened(**kwargs: Any) -> _T:
        files = kwargs.get("files") or ()
        if files:
            measure = kwargs["measure"] if "measure" in kwargs else kwargs["entry"].measure
            evidence_screen(files, actor=kwargs.get("reporter") or kwargs.get("actor"), obj=measure)
        return write(**kwargs)

    return screened


def _progress_validate(
    *, measure: Measure, happened_on: dt.date, text: str, files: Sequence["UploadedFile[bytes]"]
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
    reporter: Actor = None,
    precision: str = DatePrecision.DAY,
    figures: Sequence[FigureInput] = (),
    files: Sequence["UploadedFile[bytes]"] = (),
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
    files: Sequence["UploadedFile[bytes]"] = (),
    actor: Actor = None,
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
def evidence_attach(
    *, entry: ProgressEntry, upload: "UploadedFile[bytes]", uploaded_by: Actor = None
) -> Evidence:
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
