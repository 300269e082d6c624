"""The unit tree under a committee: inspected units (by the inspection office) and their offices
(股室, by the unit's liaison or the office)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.accounts.services import unit_create
from zhenggai.audit.services import snapshot
from zhenggai.core.errors import ServiceError
from zhenggai.core.types import Actor
from zhenggai.setup import permissions
from zhenggai.setup.services._audit import saved

UNIT_FIELDS = ("name", "short_name", "party_org_name", "party_org_short", "sort_order")
# What is added under what: an inspected unit under a committee, an office under a unit.
CHILD_KIND = {UnitKind.COMMITTEE: UnitKind.UNIT, UnitKind.UNIT: UnitKind.OFFICE}


def _name_taken(parent: Unit, name: str, exclude: int | None = None) -> bool:
    taken = Unit.objects.filter(parent=parent, name=name)
    return (taken.exclude(pk=exclude) if exclude is not None else taken).exists()


@transaction.atomic
def unit_add(*, actor: Actor, parent: Unit, name: str, **fields: Any) -> Unit:
    """A unit under ``parent``: its kind follows from the parent's (``CHILD_KIND``)."""
    if not permissions.may_add_unit_under(actor, parent):
        raise ServiceError(_("您不能在该单位下添加单位或股室。"), code="forbidden_setup")
    name = name.strip()
    if not name:
        raise ServiceError({"name": [_("请填写名称。")]}, code="name")
    if _name_taken(parent, name):
        raise ServiceError({"name": [_("“%(name)s”已存在。") % {"name": name}]}, code="duplicate_unit")
    kind = CHILD_KIND[UnitKind(parent.kind)]
    return unit_create(name=name, kind=kind, parent=parent, actor=actor, **fields)


@transaction.atomic
def unit_update(*, actor: Actor, unit: Unit, **fields: Any) -> Unit:
    """Rename a unit or an office (its place in the tree, and so everyone's scope, stays)."""
    if not permissions.may_edit_unit(actor, unit):
        raise ServiceError(_("您不能修改该单位。"), code="forbidden_setup")
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        if not fields["name"]:
            raise ServiceError({"name": [_("请填写名称。")]}, code="name")
        if unit.parent and _name_taken(unit.parent, fields["name"], exclude=unit.pk):
            raise ServiceError({"name": [_("“%(name)s”已存在。") % fields]}, code="duplicate_unit")
    before = snapshot(unit, UNIT_FIELDS)
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.save()
    saved(unit, before=before, fields=UNIT_FIELDS, actor=actor, unit_path=unit.path)
    return unit
