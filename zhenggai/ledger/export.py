"""The whole ledger as plain data (for `zhenggai ledger export --format json` and the API)."""

from django.db.models import Prefetch, QuerySet

from zhenggai.accounts.models import ContactChannel
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure, Problem, ProgressEntry
from zhenggai.ledger.selectors import problem_counts


def _iso(value):
    return value.isoformat() if value else None


def _progress(entry: ProgressEntry) -> dict:
    return {
        "date": _iso(entry.happened_on),
        "date_precision": entry.date_precision,
        "text": entry.text,
        "figures": [
            {"label": f.label, "value": float(f.value) if f.value % 1 else int(f.value), "unit": f.unit}
            for f in entry.figures.all()
        ],
        "evidence": [
            {"name": e.original_name, "size": e.size, "content_type": e.content_type, "sha256": e.sha256}
            for e in entry.evidence.all()
        ],
    }


def _measure(measure: Measure) -> dict:
    return {
        "number": measure.number,
        "content": measure.content,
        "kind": measure.kind,
        "kind_display": measure.get_kind_display(),
        "responsible_leader": measure.responsible_leader,
        "responsible_office": measure.responsible_office.name if measure.responsible_office else None,
        "responsible_person": measure.responsible_person,
        "deadline": _iso(measure.deadline),
        "status": measure.status,
        "status_display": measure.get_status_display(),
        "completed_on": _iso(measure.completed_on),
        "progress": [_progress(entry) for entry in measure.live_progress],
    }


def _problem(problem: Problem) -> dict:
    return {
        "number": problem.number,
        "title": problem.title,
        "group": problem.group.title if problem.group else None,
        "description": problem.description,
        "category": problem.category,
        "status": problem.status,
        "status_display": problem.get_status_display(),
        "measures": [_measure(m) for m in problem.live_measures],
    }


def _contact(inspection: Inspection) -> dict | None:
    try:
        channel = inspection.unit.contact
    except ContactChannel.DoesNotExist:
        return None
    return {
        "phone": channel.phone,
        "address": channel.address,
        "postcode": channel.postcode,
        "email": channel.email,
    }


def inspection_export(inspection: Inspection, user=None) -> dict:
    """The inspection's ledger; with ``user``, only the problems and measures that user may see."""
    plan = getattr(inspection, "plan", None)
    problems = inspection.problems.live()
    measures = Measure.objects.live()
    if user is not None:
        from zhenggai.ledger.permissions import visible_measures, visible_problems

        problems = visible_problems(user).filter(inspection=inspection)
        measures = visible_measures(user)
    counts = problem_counts(problems)
    return {
        "id": inspection.pk,
        "round": inspection.round.name,
        "group": inspection.group.name,
        "unit": inspection.unit.name,
        "party_org": inspection.unit.party_org_name,
        "onsite_start": _iso(inspection.onsite_start),
        "onsite_end": _iso(inspection.onsite_end),
        "feedback_date": _iso(inspection.feedback_date),
        "plan": None
        if plan is None
        else {
            "title": plan.title,
            "doc_number": plan.doc_number,
            "issued_on": _iso(plan.issued_on),
            "mechanism": plan.mechanism,
            "requirements": plan.requirements,
        },
        "leading_group": []
        if plan is None
        else [
            {
                "role": m.role,
                "role_display": m.get_role_display(),
                "name": m.person_name,
                "position": m.position,
            }
            for m in plan.leading_group.all()
        ],
        "meetings": [
            {"date": _iso(m.held_on), "kind": m.kind, "title": m.title, "decisions": m.decisions}
            for m in inspection.meetings.all()
        ],
        "contact": _contact(inspection),
        "counts": {
            "total": counts.total,
            "completed": counts.completed,
            "long_term": counts.long_term,
            "in_progress": counts.in_progress,
            "open": counts.open,
        },
        "problems": [_problem(p) for p in _problems_with_children(problems, measures)],
    }


def _problems_with_children(problems: QuerySet[Problem], measures: QuerySet[Measure]) -> QuerySet[Problem]:
    progress = (
        ProgressEntry.objects.live().prefetch_related("figures", "evidence").order_by("happened_on", "pk")
    )
    measures = (
        measures.select_related("responsible_office")
        .prefetch_related(Prefetch("progress", queryset=progress, to_attr="live_progress"))
        .order_by("number")
    )
    return problems.select_related("group").prefetch_related(
        Prefetch("measures", queryset=measures, to_attr="live_measures")
    )


def ledger_export(inspections: QuerySet[Inspection], user=None) -> dict:
    rows = inspections.select_related("round", "group", "unit", "plan").prefetch_related(
        "plan__leading_group", "meetings"
    )
    return {"inspections": [inspection_export(i, user) for i in rows.order_by("pk")]}
