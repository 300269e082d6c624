"""Writes to the unit tree and memberships."""

from django.db import transaction

from zhenggai.accounts.models import ContactChannel, Membership, Role, Unit, UnitKind
from zhenggai.audit.models import AuditAction
from zhenggai.audit.services import audit_record, diff, snapshot
from zhenggai.core.types import Actor, Viewer

_UNIT_FIELDS = ("name", "short_name", "kind", "parent_id", "path", "party_org_name", "party_org_short")


@transaction.atomic
def unit_create(
    *,
    name: str,
    kind: UnitKind | str,
    parent: Unit | None = None,
    short_name: str = "",
    party_org_name: str = "",
    party_org_short: str = "",
    sort_order: int = 0,
    actor: Actor = None,
) -> Unit:
    unit = Unit.objects.create(
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        party_org_name=party_org_name,
        party_org_short=party_org_short,
        sort_order=sort_order,
    )
    prefix = parent.path if parent else "/"
    unit.path = f"{prefix}{unit.pk}/"
    unit.depth = (parent.depth + 1) if parent else 0
    unit.save(update_fields=["path", "depth"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=unit,
        unit_path=unit.path,
        changes=diff({}, snapshot(unit, _UNIT_FIELDS)),
    )
    return unit


def contact_set(
    *, unit: Unit, phone: str = "", address: str = "", postcode: str = "", email: str = ""
) -> ContactChannel:
    channel, _ = ContactChannel.objects.update_or_create(
        unit=unit, defaults={"phone": phone, "address": address, "postcode": postcode, "email": email}
    )
    return channel


def membership_grant(
    *, user: Viewer, unit: Unit, role: Role | str, title: str = "", first_responsible: bool = False
) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user, unit=unit, role=role, defaults={"title": title, "is_first_responsible": first_responsible}
    )
    return membership
