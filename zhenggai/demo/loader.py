"""Loads the founding notice (zhanhua_seed) into the database through the same services people use."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.accounts.services import contact_set, membership_grant, unit_create
from zhenggai.demo import zhanhua_seed as seed
from zhenggai.inspections.models import Inspection
from zhenggai.inspections.services import group_create, inspection_create, meeting_add, plan_set, round_create
from zhenggai.ledger.services import FigureInput, measure_create, problem_create, progress_create
from zhenggai.ledger.transitions import measure_transition
from zhenggai.notices.services import notice_create, notice_publish, notice_update
from zhenggai.supervision.chain import chain_muted


def seed_loaded() -> Inspection | None:
    return Inspection.objects.filter(round__name=seed.ROUND["name"], unit__name=seed.UNIT["name"]).first()


def _evidence_for(progress: seed.SeedProgress, index: int) -> SimpleUploadedFile:
    body = f"佐证材料(演示)\n日期:{progress.on.isoformat()}\n{progress.text}\n".encode()
    return SimpleUploadedFile(f"佐证材料-{index:02d}-工作记录.txt", body, content_type="text/plain")


def _users(units: dict[str, Unit]) -> dict[str, object]:
    User = get_user_model()
    users = {}
    for demo in seed.DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={"first_name": demo.display, "email": seed.DEMO_EMAILS.get(demo.username, "")},
        )
        if created:
            user.set_password(seed.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        membership_grant(
            user=user,
            unit=units[demo.unit],
            role=demo.role,
            title=demo.title,
            first_responsible=demo.first_responsible,
        )
        users[demo.username] = user
    return users


def load_seed() -> Inspection:
    """Enter the whole founding notice. Idempotent: a second call returns the loaded inspection."""
    # The seed replays a history (its 销号 were approved long ago): nobody is to be told of it now.
    with chain_muted():
        return _load_seed()


@transaction.atomic
def _load_seed() -> Inspection:
    existing = seed_loaded()
    if existing is not None:
        return existing

    committee = unit_create(kind=UnitKind.COMMITTEE, **seed.COMMITTEE)
    office_unit = unit_create(kind=UnitKind.INSPECTION_OFFICE, parent=committee, **seed.INSPECTION_OFFICE)
    unit = unit_create(kind=UnitKind.UNIT, parent=committee, **seed.UNIT)
    sibling = unit_create(kind=UnitKind.UNIT, parent=committee, **seed.SIBLING_UNIT)
    offices = {
        name: unit_create(kind=UnitKind.OFFICE, parent=unit, name=name, sort_order=i)
        for i, name in enumerate(seed.OFFICES)
    }
    contact_set(unit=unit, **seed.CONTACT)
    units = {"committee": committee, "inspection_office": office_unit, "unit": unit, "sibling": sibling}
    units.update({f"office:{name}": office for name, office in offices.items()})
    users = _users(units)

    round_ = round_create(committee=committee, **seed.ROUND)
    group = group_create(round=round_, members=[users["group3"]], **seed.GROUP)
    inspection = inspection_create(round=round_, group=group, unit=unit, **seed.INSPECTION)
    plan_set(inspection=inspection, leading_group=seed.LEADING_GROUP, actor=users["liaison"], **seed.PLAN)
    for meeting in seed.MEETINGS:
        meeting_add(inspection=inspection, actor=users["liaison"], **meeting)

    evidence_index = 0
    for problem_data in seed.PROBLEMS:
        problem = problem_create(
            inspection=inspection, title=problem_data.title, category=problem_data.category
        )
        for measure_data in problem_data.measures:
            measure = measure_create(
                problem=problem,
                content=measure_data.content,
                kind=measure_data.kind,
                deadline=measure_data.deadline,
                responsible_leader=measure_data.leader,
                responsible_office=offices[measure_data.office],
                responsible_person=f"{measure_data.office}负责人",
                actor=users["liaison"],
                leader_user=users["deputy"] if measure_data.leader == seed.DEPUTY else users["leader"],
            )
            for progress in measure_data.progress:
                evidence_index += 1
                files = [_evidence_for(progress, evidence_index)] if measure_data.closed_on else []
                progress_create(
                    measure=measure,
                    happened_on=progress.on,
                    precision=progress.precision,
                    text=progress.text,
                    reporter=users["liaison"],
                    figures=[FigureInput(label, value, unit_) for label, value, unit_ in progress.figures],
                    files=files,
                )
            if measure_data.closed_on:
                on = measure_data.closed_on
                measure_transition(
                    measure=measure,
                    move_name="submit",
                    actor=users["liaison"],
                    reason="已按整改方案完成。",
                    on=on,
                )
                measure_transition(measure=measure, move_name="confirm", actor=users["leader"], on=on)
                measure_transition(measure=measure, move_name="approve", actor=users["xunchaban"], on=on)

    notice_data = dict(seed.NOTICE)
    items = notice_data.pop("outlook_items")
    published_on = notice_data.pop("published_on")
    notice = notice_create(
        inspection=inspection,
        cutoff_date=notice_data.pop("cutoff_date"),
        signed_on=notice_data.pop("signed_on"),
        actor=users["liaison"],
    )
    notice_update(notice=notice, outlook=list(items), actor=users["liaison"], **notice_data)
    notice_publish(notice=notice, actor=users["leader"], on=published_on)
    return inspection
