"""A small district for the demo: about a dozen units under an existing committee (区委), generated.

``district_load(committee=…)`` runs the province generator (``synth.generate``) on a district's
shape: the inspected units sit directly under the given committee, its existing inspection office
approves close-outs and makes the look-backs, and the rounds are the committee's own (二届区委第三
轮巡察 …), dated relative to today. Everything else (problems, measures in every state, progress,
evidence, transitions, reviews, users in every role) is the generator's, from a fixed seed, so the
district comes out the same each time. It leaves the units already under the committee as they are.
"""

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from zhenggai.accounts.models import Membership, Role, Unit, UnitKind
from zhenggai.core.chinese import cn_ordinal
from zhenggai.demo.loader import load_seed
from zhenggai.inspections.models import InspectionKind
from zhenggai.synth import phrases as ph
from zhenggai.synth.generate import _Generator

DISTRICT_SEED = 14
DISTRICT_UNITS = 12
# The district's departments, none of the demo's own units (科学技术局, 农业农村局).
DEPARTMENTS = tuple(d for d in ph.DEPARTMENTS if d[0] not in ("科学技术局", "农业农村局"))
CODE = "zh"  # usernames syn-zh01-leader, syn-zh01-liaison, …


class _District(_Generator):
    round_kind = (InspectionKind.REGULAR, "")
    write_policy = False  # the committee keeps its own rules (or the defaults)

    def __init__(self, *, committee: Unit, office: Unit, supervisors: list[int], place: str, **kwargs):
        super().__init__(scale=DISTRICT_UNITS / 5000, **kwargs)
        self.committee, self.office, self.supervisors, self.place = committee, office, supervisors, place
        self.n_units, self.n_cities = DISTRICT_UNITS, 0
        self.short = committee.short_name or "区委"

    def _round_name(self, r: int) -> str:
        return f"二届{self.short}第{cn_ordinal(r + 3)}轮巡察"

    def _round_term_number(self, r: int) -> tuple[int, int]:
        return 2, r + 3  # after the demo's 二届区委第二轮巡察

    def _group_name(self, ci: int, g: int) -> str:
        return f"{self.short}第{cn_ordinal(g + 1)}巡察组"

    def _units(self) -> None:
        self.unit_rows, self.units, self.cities = [], [], []
        self.province, self.province_path = self.committee.pk, self.committee.path
        self.province_office = self.office.pk
        names = [(f"{self.place}{dept}", dept, org_short, abbr) for dept, org_short, abbr in DEPARTMENTS]
        depth = self.committee.depth + 1
        for k, (name, short, org_short, abbr) in enumerate(names[: self.n_units]):
            self._inspected(
                name, short, org_short, abbr, -1, self.province, self.province_path, depth,
                f"{CODE}{k + 1:02d}", ph.OFFICES_COUNTY,
            )  # fmt: skip

    def _users(self) -> None:
        super()._users()
        # The generator gives the top office three new supervisors; the district has its own.
        own = set(self.province_office_users)
        # In place: the generator's user factory keeps appending to these lists (inspection groups).
        self.user_rows[:] = [row for row in self.user_rows if row[0] not in own]
        self.member_rows[:] = [row for row in self.member_rows if row[1] not in own]
        self.province_office_users = self.supervisors


def district_loaded(committee: Unit) -> bool:
    return Unit.objects.filter(parent=committee, name=f"{_place(committee)}{DEPARTMENTS[0][0]}").exists()


def _place(committee: Unit) -> str:
    # 中共滨州市沾化区委员会 → 滨州市沾化区
    name = committee.name.removeprefix("中共")
    return name.removesuffix("委员会")


def district_load(
    *, committee: Unit, seed: int = DISTRICT_SEED, today: dt.date | None = None, log=None
) -> int:
    """Generate the district under ``committee``; returns the number of units added (0 when it is
    there already)."""
    if district_loaded(committee):
        return 0
    office = Unit.objects.get(parent=committee, kind=UnitKind.INSPECTION_OFFICE)
    supervisors = list(
        Membership.objects.filter(unit=office, role=Role.INSPECTION_OFFICE)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    if not supervisors:
        raise ValueError(f"{office} 没有巡察办人员,无法生成销号记录。")
    gen = _District(
        committee=committee,
        office=office,
        supervisors=supervisors,
        place=_place(committee),
        seed=seed,
        today=today or timezone.localdate(),
        log=log or (lambda *_: None),
    )
    with transaction.atomic():
        gen.run()
        gen.writer.reset_sequences()
    if connection.vendor == "postgresql":
        gen.writer.analyze()
    return len(gen.units)


def load_district() -> int:
    """The founding notice's district around it: about a dozen other units
    under the same 区委, generated from a fixed seed. Returns the number of units added (0: there
    already). Separate from ``load_seed`` so that tests which need only the seed stay small."""
    return district_load(committee=load_seed().unit.parent)
