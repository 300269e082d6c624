"""已办: what the user did lately, read back from the ledger's moves, progress and the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenggai.core.types import Viewer
from zhenggai.ledger.models import MeasureTransition, ProgressEntry
from zhenggai.ledger.permissions import visible_measures
from zhenggai.ledger.workflow import MOVES_BY_NAME
from zhenggai.workbench.selectors import (
    _MEASURE_VALUES,
    DONE_DAYS,
    DONE_ROWS,
    _measure_title,
    _measure_url,
    _shorten,
)


@dataclass(frozen=True)
class Done:
    at: dt.datetime
    what: str
    title: str
    detail: str
    url: str


def done_for(user: Viewer, *, now: dt.datetime | None = None) -> list[Done]:
    """What the user did in the last ``DONE_DAYS`` days, newest first, at most ``DONE_ROWS``:
    status moves, progress reported, and the other acts of the audit trail (look-back outcomes,
    publications, edits). Three bounded queries."""
    from zhenggai.audit.models import AuditAction, AuditEvent

    now = now or timezone.now()
    since = now - dt.timedelta(days=DONE_DAYS)
    measures = visible_measures(user)
    done: list[Done] = []
    moves = (
        MeasureTransition.objects.filter(actor=user, at__gte=since, measure__in=measures)
        .order_by("-at", "-pk")
        .values(
            "at",
            "move",
            "reason",
            "measure_id",
            *(f"measure__{name}" for name in _MEASURE_VALUES if name != "pk"),
        )[:DONE_ROWS]
    )
    for row in moves:
        move = MOVES_BY_NAME.get(row["move"])
        measure = {name.removeprefix("measure__"): value for name, value in row.items()}
        measure["pk"] = row["measure_id"]
        done.append(Done(row["at"], str(move.label if move else row["move"]), _measure_title(measure),
                         _shorten(row["reason"], 80), _measure_url(measure)))  # fmt: skip
    entries = (
        ProgressEntry.objects.live()
        .filter(reporter=user, created_at__gte=since, measure__in=measures)
        .order_by("-created_at", "-pk")
        .values(
            "created_at",
            "text",
            "measure_id",
            *(f"measure__{name}" for name in _MEASURE_VALUES if name != "pk"),
        )[:DONE_ROWS]
    )
    for row in entries:
        measure = {name.removeprefix("measure__"): value for name, value in row.items()}
        measure["pk"] = row["measure_id"]
        done.append(Done(row["created_at"], str(_("填报进展")), _measure_title(measure),
                         _shorten(row["text"], 80), _measure_url(measure)))  # fmt: skip
    # The rest of the trail: moves and progress are listed above with their links; downloads are
    # not work done (no 形式主义).
    events = (
        AuditEvent.objects.filter(actor=user, at__gte=since)
        .exclude(action__in=(AuditAction.TRANSITION, AuditAction.EXPORT))
        .exclude(action=AuditAction.CREATE, object_type="ledger.progressentry")
        .order_by("-at", "-seq")
        .values("at", "action", "object_repr", "reason")[:DONE_ROWS]
    )
    for row in events:
        done.append(Done(row["at"], str(AuditAction(row["action"]).label), _shorten(row["object_repr"], 60),
                         _shorten(row["reason"], 80), ""))  # fmt: skip
    done.sort(key=lambda d: d.at, reverse=True)
    return done[:DONE_ROWS]
