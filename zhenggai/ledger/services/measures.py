"""Creating and editing measures (their people checked), and setting a measure's status."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.core.errors import ServiceError
from zhenggai.core.types import Actor
from zhenggai.ledger.models import (
    Measure,
    MeasureKind,
    MeasureStatus,
    Problem,
)
from zhenggai.ledger.people import display_name, is_unit_member
from zhenggai.ledger.problem_status import problem_refresh_status
from zhenggai.ledger.services.base import _stale, measure_refuse_if_frozen
from zhenggai.ledger.trail import (
    MEASURE_FIELDS,
    AuditAction,
    diff,
    record,
    record_created,
    snapshot,
)


def _measure_validate(
    *, problem: Problem, content: str, kind: str, deadline: dt.date | None, office: Unit | None
) -> None:
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


def _people_validate(*, problem: Problem, leader_user: Actor, person_user: Actor) -> None:
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


def _people_text(values: dict[str, Any]) -> dict[str, Any]:
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
    remarks: str = "",
    leader_user: Actor = None,
    person_user: Actor = None,
    actor: Actor = None,
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
        remarks=remarks.strip(),
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
    "remarks",
    "leader_user",
    "person_user",
)


@transaction.atomic
def measure_update(
    *, measure: Measure, expected_version: int, actor: Actor = None, **changes: Any
) -> Measure:
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
