"""The documents of the whole unit's ledger on a date: the 整改情况报告 and the 对账销号单.

They speak for the whole unit, so only those who see the whole ledger get them (decision 0005);
the pages and the API both compose them here, by the kind their downloads are recorded under.
"""

import datetime as dt

from zhenggai.audit.downloads import CLOSEOUT, REPORT
from zhenggai.documents.layout import OfficialDocument
from zhenggai.inspections.models import Inspection
from zhenggai.notices.closeout import closeout_compose
from zhenggai.notices.compose import report_compose


def unit_document(kind: str, inspection: Inspection, day: dt.date) -> OfficialDocument:
    if kind == REPORT:
        return report_compose(inspection, cutoff=day, signed_on=day)
    if kind == CLOSEOUT:
        return closeout_compose(inspection, day=day)
    raise ValueError(f"not a document of the whole unit: {kind!r}")
