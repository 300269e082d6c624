"""Who may read a notice and compose the documents of an inspection (decision 0005).

A progress notice (整改进展情况通报) or a report (整改情况报告) speaks for the whole unit and states
its totals ("巡察反馈问题5项,已整改完成2项…"): one composed from part of the ledger would be false,
and one composed from all of it would show a partial viewer what is not theirs. So the notice
drafts, the report and their downloads are for those who see the inspection's whole ledger
(``inspections_with_whole_ledger``: the liaison, the leader who keeps the unit, the inspection
office and the group). Someone who sees the inspection only through some measures (an office's
clerk, a 班子成员) gets the same 404 as for a missing inspection there. A published notice is
public (the public site shows its frozen text): whoever sees the inspection may read it here too.
Ledger spreadsheets and exports stay open to every viewer, with only the rows they see.
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from zhenggai.core.types import Viewer
from zhenggai.inspections.models import Inspection
from zhenggai.inspections.permissions import inspections_with_whole_ledger
from zhenggai.ledger.permissions import visible_inspections
from zhenggai.notices.models import NoticeState, ProgressNotice


def get_inspection_for_documents(user: Viewer, pk: int | str) -> Inspection:
    """The inspection, if the user may compose its documents; else 404 (as for a missing one)."""
    try:
        return inspections_with_whole_ledger(user).get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def can_compose_documents(user: Viewer, inspection: Inspection) -> bool:
    """For templates and the API's permissions: the rule of ``get_inspection_for_documents``."""
    return inspections_with_whole_ledger(user).filter(pk=inspection.pk).exists()


def _public_q() -> Q:
    return Q(state=NoticeState.PUBLISHED, published_document__isnull=False)


def visible_notices(user: Viewer) -> QuerySet[ProgressNotice]:
    """Every notice of the inspections whose whole ledger the user sees; the published ones of
    the other inspections the user sees."""
    return ProgressNotice.objects.filter(
        Q(inspection__in=inspections_with_whole_ledger(user))
        | (_public_q() & Q(inspection__in=visible_inspections(user)))
    )


def get_notice_for_user(user: Viewer, pk: int | str) -> ProgressNotice:
    try:
        return visible_notices(user).select_related("inspection__unit", "inspection__round").get(pk=pk)
    except (ProgressNotice.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def get_notice_on_for_user(user: Viewer, inspection: Inspection, day: dt.date) -> ProgressNotice:
    """The notice signed on ``day`` (else an unsaved one with default wording, composed now), if the
    user may read it: a published one whoever sees ``inspection``, any other one only those who may
    compose the inspection's documents. ``inspection`` must come from ``get_inspection_for_user``."""
    from zhenggai.notices.compose import notice_for_date

    notice = notice_for_date(inspection, day)
    if not notice.is_public and not can_compose_documents(user, inspection):
        raise Http404
    return notice
