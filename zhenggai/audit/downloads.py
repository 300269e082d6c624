"""Recording who took a document or an export of the ledger out of the system.

One event per download (a notice, a report, a ledger spreadsheet or JSON export, a finished export
job's file), never per page view: the trail answers "who took the ledger of 区科技局 home, when, in
which form", and stays proportionate. Pages and previews are not recorded.

The events have their own action, ``AuditAction.EXPORT`` (下载/导出), with ``changes["export"]``
naming what was taken (docs/security/documents.md).
"""

from django.db import models, transaction

from zhenggai.audit.models import AuditAction, AuditEvent
from zhenggai.audit.services import audit_record

DOWNLOAD_ACTION = AuditAction.EXPORT
DOWNLOAD_REASON = "下载/导出"

# What was taken: the ``kind`` of a download event.
NOTICE = "notice"
REPORT = "report"
CLOSEOUT = "closeout"  # 对账销号单
LEDGER = "ledger"


@transaction.atomic
def download_record(
    *,
    actor,
    kind: str,
    fmt: str,
    obj: models.Model,
    unit_path: str = "",
    inspection_id: int | None = None,
    scope: dict | None = None,
) -> AuditEvent:
    """Append the event of one download: who (``actor``), what (``kind``, ``obj``), in which
    ``fmt``, of which inspection (``inspection_id``, or the filters of a wider ``scope``).
    ``unit_path`` is the unit the document belongs to, which decides who may read the event."""
    export = {"kind": kind, "format": fmt}
    if inspection_id is not None:
        export["inspection"] = inspection_id
    if scope:
        export["scope"] = {k: v for k, v in scope.items() if v not in (None, "")}
    return audit_record(
        actor=actor,
        action=DOWNLOAD_ACTION,
        obj=obj,
        unit_path=unit_path,
        changes={"export": export},
        reason=DOWNLOAD_REASON,
    )
