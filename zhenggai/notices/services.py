"""Writing notices: create with sensible default wording, edit the unit's own text, publish."""

import datetime as dt
from typing import Any, cast

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.accounts.models import Membership, Role
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record, diff, snapshot
from zhenggai.core.errors import ConcurrentEdit, ServiceError
from zhenggai.core.types import Actor, Viewer
from zhenggai.documents.layout import OfficialDocument
from zhenggai.inspections.models import Inspection
from zhenggai.notices.compose import notice_compose
from zhenggai.notices.models import NoticeState, OutlookItem, ProgressNotice
from zhenggai.notices.outlook import DEFAULT_OUTLOOK
from zhenggai.notices.snapshot import document_from_json, document_to_json

NOTICE_FIELDS = (
    "cutoff_date",
    "signed_on",
    "effectiveness",
    "outlook_intro",
    "closing",
    "state",
    "published_on",
)


def _unit_path(notice: ProgressNotice) -> str:
    return notice.inspection.unit.path


def _check_dates(inspection: Inspection, cutoff: dt.date, signed_on: dt.date) -> None:
    errors = {}
    if inspection.feedback_date and cutoff < inspection.feedback_date:
        errors["cutoff_date"] = _("截至日期不能早于反馈日期(%(d)s)。") % {"d": inspection.feedback_date}
    if signed_on < cutoff:
        errors["signed_on"] = _("成文日期不能早于截至日期。")
    if signed_on > timezone.localdate() + dt.timedelta(days=30):
        errors["signed_on"] = _("成文日期过远,请核对。")
    if errors:
        raise ServiceError(errors)


@transaction.atomic
def notice_create(
    *, inspection: Inspection, cutoff_date: dt.date, signed_on: dt.date, actor: Actor = None
) -> ProgressNotice:
    _check_dates(inspection, cutoff_date, signed_on)
    notice = ProgressNotice.objects.create(
        inspection=inspection, cutoff_date=cutoff_date, signed_on=signed_on
    )
    OutlookItem.objects.bulk_create(
        OutlookItem(notice=notice, number=i, heading=h, body=b) for i, (h, b) in enumerate(DEFAULT_OUTLOOK, 1)
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=notice,
        unit_path=_unit_path(notice),
        changes=diff({}, snapshot(notice, NOTICE_FIELDS)),
    )
    return notice


# What the unit writes for itself in a draft; everything else is composed from the ledger.
NOTICE_EDITABLE_FIELDS = ("cutoff_date", "signed_on", "effectiveness", "outlook_intro", "closing")


@transaction.atomic
def notice_update(
    *,
    notice: ProgressNotice,
    outlook: list[tuple[str, str]] | None = None,
    expected_version: int | None = None,
    actor: Actor = None,
    **fields: Any,
) -> ProgressNotice:
    """Save the draft's own text. With ``expected_version`` (the pages pass the version the form
    was opened at), only if nobody saved or published the notice since: else ``ConcurrentEdit``."""
    unknown = set(fields) - set(NOTICE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = ProgressNotice.objects.select_related("inspection").get(pk=notice.pk)
    if current.state == NoticeState.PUBLISHED:
        raise ServiceError(_("已公开的通报不能修改;请新建一期通报。"), code="published")
    # The version is claimed by one conditional UPDATE, so of two saves made from the same version
    # exactly one goes through, on SQLite as on PostgreSQL.
    claim = ProgressNotice.objects.filter(pk=notice.pk, state=NoticeState.DRAFT)
    if expected_version is not None:
        claim = claim.filter(version=expected_version)
    if not claim.update(version=F("version") + 1):
        if ProgressNotice.objects.filter(pk=notice.pk, state=NoticeState.PUBLISHED).exists():
            raise ServiceError(_("已公开的通报不能修改;请新建一期通报。"), code="published")
        raise ConcurrentEdit(
            _(
                "该通报草稿已被他人修改(您打开后有新的保存)。请刷新页面,核对最新内容后再保存;"
                "您填写的内容仍保留在表单中。"
            ),
            code="concurrent_edit",
        )
    before = snapshot(current, NOTICE_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value)
    _check_dates(current.inspection, current.cutoff_date, current.signed_on)
    current.save(update_fields=[*fields, "updated_at"])
    changes = diff(before, snapshot(current, NOTICE_FIELDS))
    if outlook is not None:
        current.outlook_items.all().delete()
        OutlookItem.objects.bulk_create(
            OutlookItem(notice=current, number=i, heading=h.strip(), body=b.strip())
            for i, (h, b) in enumerate(outlook, 1)
            if h.strip() or b.strip()
        )
        changes["outlook_items"] = [None, [list(pair) for pair in outlook]]
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=current, unit_path=_unit_path(current), changes=changes
    )
    notice.refresh_from_db()
    return notice


def can_publish(user: Viewer, notice: ProgressNotice) -> bool:
    """Publishing is a leader's act: the unit's first-responsible leader."""
    if user.is_superuser:
        return True
    unit = notice.inspection.unit
    return Membership.objects.filter(
        user=user, role=Role.UNIT_LEADER, is_first_responsible=True, unit__path__in=_ancestor_paths(unit.path)
    ).exists()


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def notice_document(notice: ProgressNotice) -> OfficialDocument:
    """What to show or download: the frozen text once published, else composed from the ledger now."""
    if notice.is_public:
        return document_from_json(cast(dict[str, Any], notice.published_document))
    return notice_compose(notice)


@transaction.atomic
def notice_publish(*, notice: ProgressNotice, actor: Viewer, on: dt.date | None = None) -> ProgressNotice:
    notice = ProgressNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.state == NoticeState.PUBLISHED:
        raise ServiceError(_("该通报已于%(d)s公开。") % {"d": notice.published_on}, code="published")
    if not can_publish(actor, notice):
        raise ServiceError(_("公开通报须由单位主要负责人确认。"), code="forbidden_publish")
    before = snapshot(notice, NOTICE_FIELDS)

    notice.state = NoticeState.PUBLISHED
    notice.published_on = on or timezone.localdate()
    notice.published_document = document_to_json(notice_compose(notice))
    notice.version += 1  # a draft form opened before publication can no longer save
    notice.save(update_fields=["state", "published_on", "published_document", "version", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.PUBLISH,
        obj=notice,
        unit_path=_unit_path(notice),
        changes=diff(before, snapshot(notice, NOTICE_FIELDS)),
    )
    return notice
