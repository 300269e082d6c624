"""Whose notice it is: before a notice is imported into the chosen unit, what it says of its issuer is
compared with the unit, and the unit's supervision channel (监督渠道) is not replaced unasked.

A notice whose issuer names another unit (a 区农业农村局 notice offered for 区科技局) is imported
only when the person importing confirms it is this unit's; one whose channel differs from the unit's
shows both, and the unit keeps its own unless the person chooses the notice's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from zhenggai.accounts.models import ContactChannel, Unit

CONTACT_FIELDS = ("phone", "address", "postcode", "email")


@dataclass(frozen=True)
class ImportChoices:
    """What the person confirmed on the confirmation page."""

    other_issuer: bool = False  # a notice naming another issuer is this unit's all the same
    replace_contact: bool = False  # the notice's supervision channel replaces the unit's


NOTHING_CONFIRMED = ImportChoices()


def _names(unit: Unit) -> list[str]:
    return [n for n in (unit.name, unit.short_name, unit.party_org_name) if n and len(n) >= 2]


def _telling(name: str) -> bool:
    """Whether a name the notice gives itself tells units apart: not a self-reference (我局党组, 本院)
    nor a bare kind of body (局党组, 党委)."""
    name = name.strip()
    return len(name) >= 4 and not name.startswith(("我", "本", "该"))


def issuer_mismatch(unit: Unit, data: dict[str, Any]) -> str:
    """A sentence when the notice names an issuer (or its short forms) and none of them is the unit's
    name, short name or party organisation (one holding the other: 中共…党组 holds the unit's name);
    empty when they agree or the notice names no issuer."""
    said = [n.strip() for n in [data.get("issuer"), *(data.get("issuer_aliases") or [])] if n and _telling(n)]
    if not said:
        return ""
    own = _names(unit)
    if any(name in n or n in name for n in said for name in own):
        return ""
    return _("通报的发布单位是“%(issuer)s”,与所选的被巡察单位“%(unit)s”不一致。") % {
        "issuer": said[0],
        "unit": unit.name,
    }


def channel_change(unit: Unit, new: dict[str, str]) -> tuple[dict[str, str], dict[str, str]] | None:
    """(the unit's channel, the notice's) when the unit has one and the notice's differs."""
    if not any(new.values()):
        return None
    current = ContactChannel.objects.filter(unit=unit).first()
    if current is None:
        return None
    old = {name: getattr(current, name) or "" for name in CONTACT_FIELDS}
    if not any(old.values()) or old == {name: new.get(name, "") for name in CONTACT_FIELDS}:
        return None
    return old, {name: new.get(name, "") for name in CONTACT_FIELDS}
