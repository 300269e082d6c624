"""Recording ledger writes in the audit trail: the unit path and problem come from the object."""

from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record, diff, snapshot
from zhenggai.ledger.models import Evidence, Measure, Problem, ProgressEntry

PROBLEM_FIELDS = ("number", "title", "description", "category", "lead_leader", "group_id", "deleted_at")
MEASURE_FIELDS = (
    "number",
    "content",
    "kind",
    "deadline",
    "responsible_leader",
    "responsible_office_id",
    "responsible_person",
    "completion_standard",
    "remarks",
    "leader_user_id",
    "person_user_id",
    "status",
    "deleted_at",
)
PROGRESS_FIELDS = ("happened_on", "date_precision", "text", "deleted_at")


def _problem_of(obj) -> Problem:
    if isinstance(obj, Problem):
        return obj
    if isinstance(obj, Measure):
        return obj.problem
    if isinstance(obj, ProgressEntry):
        return obj.measure.problem
    if isinstance(obj, Evidence):
        return obj.entry.measure.problem
    return obj.problem


def record(*, actor, action: str, obj, changes=None, reason: str = ""):
    problem = _problem_of(obj)
    return audit_record(
        actor=actor,
        action=action,
        obj=obj,
        unit_path=problem.inspection.unit.path,
        problem_id=problem.pk,
        changes=changes,
        reason=reason,
    )


def record_created(*, actor, obj, fields, reason: str = ""):
    return record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=obj,
        changes=diff({}, snapshot(obj, fields)),
        reason=reason,
    )


__all__ = ["AuditAction", "record", "record_created", "snapshot", "diff"]
