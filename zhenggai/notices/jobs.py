"""Background jobs for large ledger spreadsheets (registered when the notices app loads)."""

import tempfile
from pathlib import Path

from django.core.files import File

from zhenggai.documents.xlsx import (
    LedgerImportError,
    ledger_filename,
    read_ledger_xlsx_bounded,
    write_ledger_xlsx,
)
from zhenggai.inspections.models import Inspection
from zhenggai.jobs.runner import handler
from zhenggai.ledger.filters import Scope
from zhenggai.ledger.people import MemberNames, unmatched_message
from zhenggai.ledger.permissions import visible_measures
from zhenggai.notices.import_previews import expired_message, import_path, import_preview_available
from zhenggai.notices.ledger_xlsx import ledger_import_apply, ledger_rows


@handler("ledger_export")
def ledger_export_job(progress, job) -> None:
    """The ledger of everything the owner may see within the job's round/group/unit filters."""
    scope = Scope(
        **{k: job.params.get(k) for k in ("round_id", "group_id", "unit_id")},
        unit_name=job.params.get("unit_name") or "",
    )
    measures = scope.measures(visible_measures(job.owner))
    progress.total(measures.count())
    title = job.params.get("title") or "整改台账"

    def counted():
        for row in ledger_rows(measures):
            progress.step()
            yield row

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.xlsx"
        written = write_ledger_xlsx(counted(), str(path), title=title)
        job.result_name = ledger_filename(title)
        with path.open("rb") as fh:
            job.result.save(f"ledger-{job.pk}.xlsx", File(fh), save=False)
    job.message = f"已导出 {written} 条措施。"
    job.save(update_fields=["result", "result_name", "message"])


@handler("ledger_import")
def ledger_import_job(progress, job) -> None:
    inspection = Inspection.objects.select_related("unit").get(pk=job.params["inspection_id"])
    path = import_path(job.params["token"])
    if not import_preview_available(job.params["token"]):
        raise LedgerImportError(expired_message())
    preview = read_ledger_xlsx_bounded(path)
    progress.total(len(preview.items))
    members = MemberNames(inspection.unit)
    created = ledger_import_apply(
        inspection=inspection, preview=preview, actor=job.owner, on_row=progress.step, members=members
    )
    path.unlink(missing_ok=True)
    job.message = "已导入:问题{problems}项,措施{measures}条,进展{progress}条。".format(**created)
    unmatched = unmatched_message(list(members.unmatched_leaders), list(members.unmatched_people))
    if unmatched:
        job.message += unmatched
    job.save(update_fields=["message"])
