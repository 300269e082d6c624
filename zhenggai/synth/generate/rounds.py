"""The rounds, inspection groups, inspections and their rectification plans, and what each measure is to become."""

import datetime as dt
import math

from zhenggai.accounts.models import Role
from zhenggai.core.chinese import cn_ordinal
from zhenggai.inspections.models import (
    Inspection,
    InspectionGroup,
    InspectionGroupMember,
    InspectionKind,
    LeadingGroupMember,
    Meeting,
    RectificationPlan,
    Round,
)
from zhenggai.ledger.models import (
    MeasureKind,
    MeasureStatus,
)
from zhenggai.synth import phrases as ph
from zhenggai.synth import text
from zhenggai.synth.generate.base import ROUND_AGE_DAYS, OrgUnit, _at, _clamp, city_code


class _RoundsMixin:
    """Part of ``_Generator`` (``generator``)."""

    # Names of rounds and groups (a district's generator, zhenggai.synth.district, words them so).
    round_kind = (InspectionKind.LINKED, "上下联动")

    write_policy = True

    def _round_name(self, r: int) -> str:
        return f"十二届省委第{cn_ordinal(r + 1)}轮巡视巡察"

    def _round_term_number(self, r: int) -> tuple[int, int]:
        return 12, r + 1

    def _group_name(self, ci: int, g: int) -> str:
        if ci < 0:
            return f"省委第{cn_ordinal(g + 1)}巡视组"
        return f"{ph.CITIES[ci][0]}市委第{cn_ordinal(g + 1)}巡察组"

    def _rounds(self) -> None:
        rng, today = self.rng, self.today
        self.round_rows, self.group_rows, self.gm_rows, self.inspection_rows = [], [], [], []
        self.plan_rows, self.lg_rows, self.meeting_rows = [], [], []
        self.feedback = [today - dt.timedelta(days=d) for d in ROUND_AGE_DAYS]
        self.rounds = []
        for r, day in enumerate(self.feedback):
            pk = self.ids(Round)
            name = self._round_name(r)
            term, number = self._round_term_number(r)
            self.round_rows.append(
                (
                    pk,
                    self.province,
                    name,
                    term,
                    number,
                    *self.round_kind,
                    day.year,
                    self.now,
                    self.now,
                )
            )
            self.rounds.append((pk, name))

        # Each unit in one round (the showcase in the middle one), then a group of its committee.
        assignment: dict[tuple[int, int], list[OrgUnit]] = {}
        for i, unit in enumerate(self.units):
            r = 1 if i == 0 else rng.choices((0, 1, 2), (0.33, 0.34, 0.33))[0]
            assignment.setdefault((r, unit.city), []).append(unit)
        self.inspections: list[tuple[OrgUnit, int, int, dt.date, dt.date, str]] = []
        for (r, ci), units in sorted(assignment.items()):
            round_pk, round_name = self.rounds[r]
            committee = self.province if ci < 0 else self.cities[ci][0]
            size = 15 if ci < 0 else 25
            groups = []
            for g in range(max(1, math.ceil(len(units) / size))):
                gpk = self.ids(InspectionGroup)
                gname = self._group_name(ci, g)
                fb = self.feedback[r] + dt.timedelta(days=rng.randint(-20, 20))
                fb = min(fb, today - dt.timedelta(days=30))
                self.group_rows.append((gpk, round_pk, gname, g + 1, text.person(rng), self.now, self.now))
                for i in range(2):
                    member = self.user_factory(
                        f"syn-r{r + 1}{city_code(ci) if ci >= 0 else 'sheng'}g{g + 1}-{i + 1}",
                        text.person(rng),
                        committee,
                        Role.INSPECTION_GROUP,
                        "巡察组组员",
                    )
                    self.gm_rows.append((self.ids(InspectionGroupMember), gpk, member, i == 0))
                groups.append((gpk, gname, fb))
            for k, unit in enumerate(units):
                gpk, gname, fb = groups[k % len(groups)]
                ipk = self.ids(Inspection)
                start = fb - dt.timedelta(days=rng.randint(90, 110))
                end = fb - dt.timedelta(days=rng.randint(30, 50))
                self.inspection_rows.append(
                    (ipk, round_pk, gpk, unit.pk, start, end, fb, f"{gname}反馈意见", "", _at(start), _at(fb))
                )
                self.inspections.append((unit, ipk, r, fb, start, round_name))
                self._plan(unit, ipk, round_name, gname, fb)
                if unit.code == "p0001":
                    self.showcase_inspection = ipk

    def _plan(self, unit: OrgUnit, inspection: int, round_name: str, group_name: str, fb: dt.date) -> None:
        rng = self.rng
        issued = fb + dt.timedelta(days=7)
        plan = self.ids(RectificationPlan)
        self.plan_rows.append(
            (
                plan,
                inspection,
                f"{unit.party_org}关于{round_name}{group_name}反馈问题的整改方案",
                f"{unit.abbr}党字〔{issued.year}〕{rng.randint(3, 60)}号",
                issued,
                "党组书记第一责任、班子成员分工负责、责任科室具体落实",
                "立行立改、限期整改",
                _at(issued),
                _at(issued),
            )
        )
        seats = [("leader", unit.leader_name, unit.leader_title)]
        seats += [("deputy", name, title) for _u, name, title in unit.deputies]
        seats += [("member", "", "各责任科室负责人"), ("office_director", "", "领导小组办公室(设在办公室)")]
        for i, (role, name, position) in enumerate(seats):
            self.lg_rows.append((self.ids(LeadingGroupMember), plan, role, name, position, None, i))
        for i, (kind, title, adopted) in enumerate(ph.MEETING_TITLES[: rng.randint(2, 4)]):
            held = issued + dt.timedelta(days=0 if adopted else 5 + 9 * i)
            if held <= self.today:
                decisions = (
                    "研究制定整改方案,分解整改任务,建立整改清单" if adopted else "推动巡察整改任务落实"
                )
                self.meeting_rows.append(
                    (
                        self.ids(Meeting),
                        inspection,
                        held,
                        kind,
                        title,
                        decisions,
                        adopted,
                        _at(held),
                        _at(held),
                    )
                )

    def _measure_plan(self, rng, r: int, kind: str, fb: dt.date, deadline: dt.date | None):
        """(status, completed_on, last progress date or None, submitted_on)."""
        today = self.today
        start = fb + dt.timedelta(days=2)
        roll = rng.random()
        if kind != MeasureKind.LONG_TERM:
            if deadline < today:
                if roll < (0.97, 0.92, 0.85)[r]:
                    late = rng.random() < 0.2
                    done = deadline + dt.timedelta(days=rng.randint(1, 60) if late else -rng.randint(0, 20))
                    return self._closed(rng, start, done)
                status = rng.choices(
                    (
                        MeasureStatus.IN_PROGRESS,
                        MeasureStatus.SUBMITTED,
                        MeasureStatus.CONFIRMED,
                        MeasureStatus.NOT_STARTED,
                    ),
                    (70, 15, 10, 5),
                )[0]
            else:
                if roll < 0.25:
                    return self._closed(rng, start, today - dt.timedelta(days=rng.randint(0, 40)))
                status = rng.choices(
                    (
                        MeasureStatus.IN_PROGRESS,
                        MeasureStatus.NOT_STARTED,
                        MeasureStatus.SUBMITTED,
                        MeasureStatus.CONFIRMED,
                    ),
                    (80, 12, 6, 2),
                )[0]
        else:
            if roll < (0.12, 0.04, 0.0)[r] and fb + dt.timedelta(days=200) < today:
                return self._closed(
                    rng, start, today - dt.timedelta(days=rng.randint(0, (today - fb).days - 200))
                )
            status = (
                MeasureStatus.NOT_STARTED if r == 2 and rng.random() < 0.03 else MeasureStatus.IN_PROGRESS
            )
        if status == MeasureStatus.NOT_STARTED:
            return status, None, None, None
        if status in (MeasureStatus.SUBMITTED, MeasureStatus.CONFIRMED):
            last = _clamp(today - dt.timedelta(days=rng.randint(2, 30)), start, today)
            return status, None, last, last
        if kind == MeasureKind.LONG_TERM and rng.random() < 0.15:  # late with its periodic report
            last = today - dt.timedelta(days=rng.randint(95, 300))
        else:
            last = today - dt.timedelta(days=rng.randint(0, 60 if kind != MeasureKind.LONG_TERM else 80))
        return status, None, _clamp(last, start, today), None

    def _closed(self, rng, start: dt.date, done: dt.date):
        done = _clamp(done, start + dt.timedelta(days=10), self.today)
        last = max(start, done - dt.timedelta(days=rng.randint(2, 8)))
        return MeasureStatus.CLOSED, done, last, last
