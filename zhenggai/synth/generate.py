"""A province's rectification work, generated: `synth_load(scale=1.0, seed=1)`.

At scale 1: a province committee and its inspection office; 16 city committees, each with its
inspection office; 5,000 inspected units (about 6 % directly under the province, the rest under
the cities), each with 3–6 offices; 3 rounds (上下联动, owned by the province committee), each
unit inspected in one of them; about 40,000 problems, 160,000 measures, 1.6 million progress
entries; users in every role with their memberships; transitions, evidence and look-back
reviews where the statuses call for them. Counts scale linearly with ``scale``.

Consistency kept as the services keep it:

* a problem's status is ``derive_problem_status`` of its live measures' (kind, status), and its
  ``completed_on`` the last close-out date when it is completed;
* ``Measure.last_progress_on`` is the date of its latest progress entry; a measure with progress
  is at least 整改中, one without is 未启动;
* a measure that was submitted has evidence on its last entry and a transition per move
  (submit → confirm → approve), dated in order, ``version`` counting its status writes;
* every completed problem has its look-back: pending (at most one), 巩固, or 反弹 (the problem is
  then 整改中 again, with a new measure or awaiting one);
* the showcase unit (the first provincial one) always has 50 problems and 200 measures, at any
  scale, for the ledger-page benchmark.

Dates are relative to ``today``, so the lights come out in realistic proportions whenever it
runs: most one-off measures of the oldest round struck off, the newest round mostly 整改中 and
green, a share of overdue (red) and due-soon (yellow) measures, long-term measures mostly
reporting on time.
"""

import datetime as dt
import hashlib
import math
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from zhenggai.accounts.models import ContactChannel, Membership, Role, SupervisionPolicy, Unit, UnitKind
from zhenggai.accounts.policy import add_months
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
from zhenggai.ledger import counts as measure_counts
from zhenggai.ledger.models import (
    DatePrecision,
    Evidence,
    LookBackReview,
    Measure,
    MeasureKind,
    MeasureStatus,
    MeasureTransition,
    Problem,
    ProblemStatus,
    ProgressEntry,
    ProgressFigure,
    ReviewOutcome,
)
from zhenggai.ledger.status import derive_problem_status
from zhenggai.ledger.transitions import status_since_rebuild
from zhenggai.synth import phrases as ph
from zhenggai.synth import text
from zhenggai.synth.writer import TableWriter

PASSWORD = "zhenggai-synth"
PROVINCE_SUPERVISOR = "syn-sheng-xcb1"  # a user of the provincial inspection office
SHOWCASE_PROBLEMS, SHOWCASE_MEASURES_EACH = 50, 4
UNITS_AT_SCALE_1 = 5000
PROGRESS_PER_MEASURE = 10
ROUND_AGE_DAYS = (760, 400, 75)  # feedback of the three rounds, days before today
EVIDENCE_FILE = "synth/synthetic-evidence.txt"
EVIDENCE_BODY = "合成数据的佐证材料(压力测试用,非真实材料)。\n".encode()
UTC = dt.UTC


class AlreadyLoaded(Exception):
    pass


def city_code(ci: int) -> str:
    return f"c{ci + 1:02d}"


def city_supervisor(ci: int) -> str:
    return f"syn-{city_code(ci)}-xcb1"


SHOWCASE_LIAISON = "syn-p0001-liaison"


@dataclass
class OrgUnit:
    pk: int
    path: str
    name: str
    short_name: str
    party_org: str
    abbr: str
    city: int  # -1: directly under the province
    committee: int
    code: str
    offices: list[int] = field(default_factory=list)
    leader: int = 0
    leader_name: str = ""
    leader_title: str = ""
    deputies: list[tuple[int, str, str]] = field(default_factory=list)  # (user, name, title)
    liaison: int = 0
    clerks: dict[int, tuple[int, str]] = field(default_factory=dict)  # office → (user, name)


@dataclass
class Summary:
    scale: float
    seed: int
    today: dt.date
    counts: dict[str, int]
    timings: list[tuple[str, int, float]]
    seconds: float
    showcase_inspection: int
    province_supervisor: str = PROVINCE_SUPERVISOR
    showcase_liaison: str = SHOWCASE_LIAISON


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _clamp(day: dt.date, low: dt.date, high: dt.date) -> dt.date:
    return max(low, min(high, day))


class _Ids:
    def __init__(self, models):
        self.next = {m: TableWriter.next_id(m) for m in models}

    def __call__(self, model) -> int:
        pk = self.next[model]
        self.next[model] = pk + 1
        return pk


def synth_load(*, scale: float = 1.0, seed: int = 1, today: dt.date | None = None, log=print) -> Summary:
    User = get_user_model()
    if User.objects.filter(username=PROVINCE_SUPERVISOR).exists():
        raise AlreadyLoaded("合成数据已载入(用户 syn-sheng-xcb1 已存在);请换一个空数据库。")
    started = time.perf_counter()
    today = today or timezone.localdate()
    gen = _Generator(scale=scale, seed=seed, today=today, log=log)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        gen.run()
        gen.writer.reset_sequences()
    gen.writer.analyze()
    seconds = time.perf_counter() - started
    counts = {table: n for table, n, _ in gen.writer.timings}
    log(f"  {'total':<34} {sum(counts.values()):>10,} rows  {seconds:7.2f} s")
    return Summary(
        scale=scale,
        seed=seed,
        today=today,
        counts=counts,
        timings=gen.writer.timings,
        seconds=seconds,
        showcase_inspection=gen.showcase_inspection,
    )


class _Generator:
    def __init__(self, *, scale: float, seed: int, today: dt.date, log):
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = today
        self.now = timezone.now()
        self.log = log
        self.writer = TableWriter(log)
        self.n_units = max(3, round(UNITS_AT_SCALE_1 * scale))
        self.n_cities = max(2, min(len(ph.CITIES), self.n_units // 10))
        self.ids = _Ids(
            [
                Unit,
                ContactChannel,
                SupervisionPolicy,
                get_user_model(),
                Membership,
                Round,
                InspectionGroup,
                InspectionGroupMember,
                Inspection,
                RectificationPlan,
                LeadingGroupMember,
                Meeting,
                Problem,
                Measure,
                ProgressEntry,
                ProgressFigure,
                Evidence,
                MeasureTransition,
                LookBackReview,
            ]
        )
        self.showcase_inspection = 0

    # ------------------------------------------------------------------ structure

    def run(self) -> None:
        self.log(
            f"合成数据:scale {self.n_units / UNITS_AT_SCALE_1:g}({self.n_units} 个被巡察单位,"
            f"{self.n_cities} 个市),seed {self.seed},今天 {self.today}"
        )
        self._units()
        self._users()
        self._rounds()
        self._ledger()

    def _unit_row(self, pk, name, kind, parent_path, depth, short="", org="", org_short="", order=0):
        path = f"{parent_path}{pk}/"
        row = (
            pk,
            name,
            short,
            kind,
            int(parent_path.strip("/").split("/")[-1]) if parent_path != "/" else None,
            path,
            depth,
            org,
            org_short,
            order,
            self.now,
            self.now,
        )
        self.unit_rows.append(row)
        return path

    def _units(self) -> None:
        rng = self.rng
        self.unit_rows: list[tuple] = []
        self.units: list[OrgUnit] = []
        pk = self.ids(Unit)
        self.province = pk
        self.province_path = self._unit_row(
            pk, ph.PROVINCE["name"], UnitKind.COMMITTEE, "/", 0, ph.PROVINCE["short_name"]
        )
        self.province_office = self.ids(Unit)
        self._unit_row(
            self.province_office,
            ph.PROVINCE_OFFICE["name"],
            UnitKind.INSPECTION_OFFICE,
            self.province_path,
            1,
            ph.PROVINCE_OFFICE["short_name"],
        )
        self.cities: list[tuple[int, str, int, str]] = []  # (committee, path, office, name)
        for ci in range(self.n_cities):
            city = ph.CITIES[ci][0]
            c = self.ids(Unit)
            path = self._unit_row(
                c, f"中共{city}市委员会", UnitKind.COMMITTEE, self.province_path, 1, f"{city}市委", order=ci
            )
            office = self.ids(Unit)
            self._unit_row(
                office,
                f"中共{city}市委巡察工作领导小组办公室",
                UnitKind.INSPECTION_OFFICE,
                path,
                2,
                f"{city}市委巡察办",
            )
            self.cities.append((c, path, office, city))

        n_prov = max(1, round(self.n_units * 0.06))
        weights = [rng.uniform(0.6, 1.4) for _ in range(self.n_cities)]
        per_city = [0] * self.n_cities
        for i in range(self.n_units - n_prov):
            per_city[
                i % self.n_cities if i < self.n_cities else rng.choices(range(self.n_cities), weights)[0]
            ] += 1

        place = ph.PROVINCE["place"]
        prov_names = self._names([(place, "province")], n_prov, rng)
        for k, (name, short, org_short, abbr) in enumerate(prov_names):
            self._inspected(
                name,
                short,
                org_short,
                abbr,
                -1,
                self.province,
                self.province_path,
                1,
                f"p{k + 1:04d}",
                ph.OFFICES_CITY,
            )
        for ci, (c, path, _office, city) in enumerate(self.cities):
            prefixes = [(f"{city}市", "city")] + [
                (f"{city}市{county}", "county") for county in ph.CITIES[ci][1]
            ]
            for k, (name, short, org_short, abbr) in enumerate(self._names(prefixes, per_city[ci], rng)):
                offices = (
                    ph.OFFICES_TOWNSHIP
                    if name.endswith(ph.TOWNSHIP_SUFFIXES)
                    else (ph.OFFICES_CITY if k < len(ph.DEPARTMENTS) else ph.OFFICES_COUNTY)
                )
                self._inspected(
                    name, short, org_short, abbr, ci, c, path, 2, f"{city_code(ci)}u{k + 1:04d}", offices
                )

    @staticmethod
    def _names(prefixes, n, rng):
        """n unit names under these place prefixes: departments first, then townships, then subsidiaries."""
        out = []
        for prefix, level in prefixes:
            for dept, org_short, abbr in ph.DEPARTMENTS:
                if (
                    level == "province"
                    and dept.endswith("局")
                    and dept not in ("统计局", "大数据局", "医疗保障局")
                ):
                    dept = dept[:-1] + "厅"
                out.append((f"{prefix}{dept}", dept, org_short, abbr))
        for prefix, level in prefixes:
            if level == "county":
                for stem in ph.TOWNSHIP_STEMS:
                    suffix = rng.choice(ph.TOWNSHIP_SUFFIXES)
                    org = "街道党工委" if suffix == "街道" else f"{suffix}党委"
                    out.append((f"{prefix}{stem}{suffix}", f"{stem}{suffix}", org, stem))
        head, tail = out[: len(ph.DEPARTMENTS)], out[len(ph.DEPARTMENTS) :]
        rng.shuffle(tail)
        out = head + tail
        extra = ("事务中心", "服务中心", "信息中心", "监督检查支队", "研究院", "发展中心")
        k = 0
        while len(out) < n:
            prefix, _ = prefixes[k % len(prefixes)]
            dept, org_short, abbr = ph.DEPARTMENTS[(k // len(prefixes)) % len(ph.DEPARTMENTS)]
            sub = extra[(k // (len(prefixes) * len(ph.DEPARTMENTS))) % len(extra)]
            round_no = k // (len(prefixes) * len(ph.DEPARTMENTS) * len(extra))
            name = f"{prefix}{dept}{sub}" + (f"(第{round_no + 1}分部)" if round_no else "")
            out.append((name, f"{dept}{sub}", "党支部", abbr))
            k += 1
        return out[:n]

    def _inspected(self, name, short, org_short, abbr, ci, committee, parent_path, depth, code, office_names):
        rng = self.rng
        pk = self.ids(Unit)
        path = self._unit_row(
            pk,
            name,
            UnitKind.UNIT,
            parent_path,
            depth,
            short,
            f"中共{name}{org_short}",
            org_short,
            len(self.units),
        )
        unit = OrgUnit(pk, path, name, short, f"中共{name}{org_short}", abbr, ci, committee, code)
        for j, office in enumerate(office_names[: rng.randint(3, min(6, len(office_names)))]):
            o = self.ids(Unit)
            self._unit_row(o, office, UnitKind.OFFICE, path, depth + 1, order=j)
            unit.offices.append(o)
        self.units.append(unit)

    def _users(self) -> None:
        rng = self.rng
        User = get_user_model()
        password = make_password(PASSWORD)
        joined = self.now - dt.timedelta(days=900)
        users: list[tuple] = []
        members: list[tuple] = []

        def user(username, name, unit, role, title="", first=False):
            pk = self.ids(User)
            users.append(
                (
                    pk,
                    password,
                    None,
                    False,
                    username,
                    name,
                    "",
                    f"{username}@synth.example",
                    False,
                    True,
                    joined,
                )
            )
            members.append((self.ids(Membership), pk, unit, role, title, first, self.now, self.now))
            return pk

        self.province_office_users = [
            user(
                f"syn-sheng-xcb{i + 1}",
                text.person(rng),
                self.province_office,
                Role.INSPECTION_OFFICE,
                "督查员",
            )
            for i in range(3)
        ]
        self.city_office_users = [
            [
                user(
                    f"syn-{city_code(ci)}-xcb{i + 1}",
                    text.person(rng),
                    office,
                    Role.INSPECTION_OFFICE,
                    "督查员",
                )
                for i in range(2)
            ]
            for ci, (_c, _p, office, _n) in enumerate(self.cities)
        ]
        for unit in self.units:
            title = rng.choice(ph.LEADER_TITLES)
            unit.leader_name, unit.leader_title = text.person(rng), title
            unit.leader = user(
                f"syn-{unit.code}-leader", unit.leader_name, unit.pk, Role.UNIT_LEADER, title, True
            )
            for i in range(rng.choice((1, 1, 2))):
                name, dtitle = text.person(rng), rng.choice(ph.DEPUTY_TITLES)
                pk = user(f"syn-{unit.code}-deputy{i + 1}", name, unit.pk, Role.UNIT_LEADER, dtitle)
                unit.deputies.append((pk, name, dtitle))
            unit.liaison = user(
                f"syn-{unit.code}-liaison", text.person(rng), unit.pk, Role.UNIT_LIAISON, "整改联络员"
            )
            for j, office in enumerate(unit.offices):
                name = text.person(rng)
                unit.clerks[office] = (
                    user(f"syn-{unit.code}-o{j + 1}", name, office, Role.OFFICE_CLERK, "经办人"),
                    name,
                )
        self.user_rows, self.member_rows = users, members
        self.user_factory = user

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

    # ------------------------------------------------------------------ ledger

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

    def _ledger(self) -> None:
        rng, today = self.rng, self.today
        t0 = time.perf_counter()
        problems: list[list] = []
        measures: list[list] = []
        self.progress_plans: list[tuple] = []
        transitions: list[tuple] = []
        reviews: list[tuple] = []
        Status = MeasureStatus

        def add_measure(problem_pk, number, unit, r, fb, kind, *, status_plan=None, created=None):
            if kind == MeasureKind.IMMEDIATE:
                deadline = fb + dt.timedelta(days=rng.randint(15, 45))
            elif kind == MeasureKind.DEADLINE:
                deadline = fb + dt.timedelta(days=rng.randint(60, 270))
            else:
                deadline = None
            status, done, last, submitted = status_plan or self._measure_plan(rng, r, kind, fb, deadline)
            office = rng.choice(unit.offices)
            clerk, clerk_name = unit.clerks[office]
            if unit.deputies and rng.random() < 0.7:
                leader_user, _name, leader_title = rng.choice(unit.deputies)
            else:
                leader_user, leader_title = unit.leader, unit.leader_title
            pk = self.ids(Measure)
            version = 1 + (last is not None)
            moves = []
            if submitted is not None:
                moves.append(
                    (
                        "submit",
                        Status.IN_PROGRESS,
                        Status.SUBMITTED,
                        unit.liaison,
                        submitted,
                        "已按整改方案完成。",
                    )
                )
                if status in (Status.CONFIRMED, Status.CLOSED):
                    confirmed = min(today, submitted + dt.timedelta(days=rng.randint(0, 3)))
                    if done is not None:
                        confirmed = min(confirmed, done)
                    moves.append(("confirm", Status.SUBMITTED, Status.CONFIRMED, unit.leader, confirmed, ""))
                if status == Status.CLOSED:
                    approver = (
                        rng.choice(self.province_office_users)
                        if unit.city < 0
                        else rng.choice(self.city_office_users[unit.city])
                    )
                    moves.append(("approve", Status.CONFIRMED, Status.CLOSED, approver, done, ""))
            for move, source, target, actor, on, reason in moves:
                transitions.append(
                    (self.ids(MeasureTransition), pk, move, source, target, actor, _at(on, 10), on, reason)
                )
            version += len(moves)
            created = created or _at(fb + dt.timedelta(days=7))
            measures.append(
                [
                    pk,
                    problem_pk,
                    number,
                    text.measure_content(rng),
                    kind,
                    leader_title,
                    leader_user,
                    office,
                    clerk_name,
                    clerk,
                    deadline,
                    rng.choice(ph.COMPLETION_STANDARDS),
                    status,
                    done,
                    version,
                    last,
                    None,
                    created,
                    _at(done or last or fb, 11),
                ]
            )
            if last is not None:
                start = min(max(fb + dt.timedelta(days=2), created.date()), last)
                self.progress_plans.append(
                    (
                        pk,
                        start.toordinal(),
                        last.toordinal(),
                        rng.getrandbits(32),
                        clerk,
                        unit.liaison,
                        submitted is not None,
                    )
                )
            return kind, status, done

        for unit, inspection, r, fb, _onsite_start, _round_name in self.inspections:
            showcase = unit.code == "p0001"
            n_problems = SHOWCASE_PROBLEMS if showcase else min(40, 3 + round(rng.expovariate(1 / 5.1)))
            for number in range(1, n_problems + 1):
                ppk = self.ids(Problem)
                n_measures = (
                    SHOWCASE_MEASURES_EACH
                    if showcase
                    else rng.choices((2, 3, 4, 5, 6), (10, 25, 30, 20, 15))[0]
                )
                pairs = []
                # a share of the newest round's problems has nothing started yet (未整改)
                untouched = r == 2 and not showcase and rng.random() < 0.06
                for m in range(1, n_measures + 1):
                    kind = rng.choices(
                        (MeasureKind.IMMEDIATE, MeasureKind.DEADLINE, MeasureKind.LONG_TERM), (20, 55, 25)
                    )[0]
                    plan = (Status.NOT_STARTED, None, None, None) if untouched else None
                    pairs.append(add_measure(ppk, m, unit, r, fb, kind, status_plan=plan))
                status = derive_problem_status([(k, s) for k, s, _ in pairs])
                completed_on = max(d for _, _, d in pairs) if status == ProblemStatus.COMPLETED else None
                awaiting = False
                if completed_on is not None:
                    due = add_months(completed_on, 6)
                    roll = rng.random()
                    if due <= today - dt.timedelta(days=20) and roll < 0.88:
                        reviewed = min(
                            today - dt.timedelta(days=5), due + dt.timedelta(days=rng.randint(0, 20))
                        )
                        reviewer = (
                            rng.choice(self.province_office_users)
                            if unit.city < 0
                            else rng.choice(self.city_office_users[unit.city])
                        )
                        relapsed = roll >= 0.85 and not showcase
                        outcome = ReviewOutcome.RELAPSED if relapsed else ReviewOutcome.HOLDS
                        notes = rng.choice(ph.REVIEW_NOTES_RELAPSED if relapsed else ph.REVIEW_NOTES_HOLDS)
                        reviews.append(
                            (
                                self.ids(LookBackReview),
                                ppk,
                                due,
                                outcome,
                                reviewed,
                                reviewer,
                                notes,
                                _at(completed_on, 12),
                            )
                        )
                        if relapsed:
                            completed_on = None
                            if rng.random() < 0.2:  # 反弹, no new measure yet
                                awaiting = True
                                status = derive_problem_status(
                                    [(k, s) for k, s, _ in pairs], awaiting_new_measure=True
                                )
                            else:
                                last = _clamp(today - dt.timedelta(days=rng.randint(0, 20)), reviewed, today)
                                plan = (Status.IN_PROGRESS, None, last, None)
                                pairs.append(
                                    add_measure(
                                        ppk,
                                        n_measures + 1,
                                        unit,
                                        r,
                                        reviewed,
                                        MeasureKind.DEADLINE,
                                        status_plan=plan,
                                        created=_at(reviewed, 15),
                                    )
                                )
                                status = derive_problem_status([(k, s) for k, s, _ in pairs])
                    else:
                        reviews.append(
                            (
                                self.ids(LookBackReview),
                                ppk,
                                due,
                                ReviewOutcome.PENDING,
                                None,
                                None,
                                "",
                                _at(completed_on, 12),
                            )
                        )
                problems.append(
                    [
                        ppk,
                        inspection,
                        None,
                        number,
                        text.problem_title(rng),
                        text.problem_description(rng),
                        "",
                        rng.choice(ph.CATEGORIES),
                        unit.leader_title,
                        status,
                        completed_on,
                        awaiting,
                        None,
                        _at(fb + dt.timedelta(days=2)),
                        _at(completed_on or fb, 12),
                        # On PostgreSQL the counts are written here and the triggers that keep
                        # them are off during the load; elsewhere the triggers count.
                        *(
                            sum(1 for _k, s, _d in pairs if s == status) if self.writer.copy else 0
                            for status in measure_counts.STATUSES
                        ),
                    ]
                )

        self.log(f"  {'(ledger generated in memory)':<34} {'':>10}       {time.perf_counter() - t0:7.2f} s")
        self._write_structure()
        w = self.writer
        if w.copy:  # the count triggers stand aside: the counts are written here, tallies after
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL {measure_counts.BULK_LOAD} = on")
        w.write(
            Problem,
            (
                "id",
                "inspection_id",
                "group_id",
                "number",
                "title",
                "description",
                "root_cause",
                "category",
                "lead_leader",
                "status",
                "completed_on",
                "awaiting_new_measure",
                "deleted_at",
                "created_at",
                "updated_at",
                *measure_counts.FIELDS,
            ),
            map(tuple, problems),
        )
        n_problems = len(problems)
        problems.clear()
        w.write(
            Measure,
            (
                "id",
                "problem_id",
                "number",
                "content",
                "kind",
                "responsible_leader",
                "leader_user_id",
                "responsible_office_id",
                "responsible_person",
                "person_user_id",
                "deadline",
                "completion_standard",
                "status",
                "completed_on",
                "version",
                "last_progress_on",
                "deleted_at",
                "created_at",
                "updated_at",
            ),
            map(tuple, measures),
        )
        n_measures = len(measures)
        measures.clear()
        if w.copy:
            t = time.perf_counter()
            measure_counts.recount(connection, problems=False)  # the inspections' tallies
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL {measure_counts.BULK_LOAD} = off")
            self.log(
                f"  {'ledger_inspectiontally':<34} {'(recount)':>10}       {time.perf_counter() - t:7.2f} s"
            )
        self._progress(n_measures)
        w.write(
            MeasureTransition,
            ("id", "measure_id", "move", "source", "target", "actor_id", "at", "effective_on", "reason"),
            transitions,
        )
        status_since_rebuild()  # the measures were written before their transitions
        w.write(
            LookBackReview,
            ("id", "problem_id", "due_on", "outcome", "reviewed_on", "reviewer_id", "notes", "created_at"),
            reviews,
        )
        self.log(f"  ({n_problems:,} problems, {n_measures:,} measures)")

    def _write_structure(self) -> None:
        w, rng = self.writer, self.rng
        now = self.now
        w.write(
            Unit,
            (
                "id",
                "name",
                "short_name",
                "kind",
                "parent_id",
                "path",
                "depth",
                "party_org_name",
                "party_org_short",
                "sort_order",
                "created_at",
                "updated_at",
            ),
            self.unit_rows,
        )
        w.write(
            ContactChannel,
            ("id", "unit_id", "phone", "address", "postcode", "email", "created_at", "updated_at"),
            (
                (
                    self.ids(ContactChannel),
                    u.pk,
                    f"0{rng.randint(100, 999)}-{rng.randint(2000000, 8999999)}",
                    f"{u.name[:6]}某路{rng.randint(1, 300)}号",
                    f"{rng.randint(100000, 999999)}",
                    f"xuncha{u.pk}@units.example",
                    now,
                    now,
                )
                for u in self.units
            ),
        )
        w.write(
            SupervisionPolicy,
            (
                "id",
                "committee_id",
                "long_term_report_months",
                "look_back_months",
                "warning_days",
                "created_at",
                "updated_at",
            ),
            [(self.ids(SupervisionPolicy), self.province, 3, 6, 7, now, now)] if self.write_policy else [],
        )
        w.write(
            get_user_model(),
            (
                "id",
                "password",
                "last_login",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ),
            self.user_rows,
        )
        w.write(
            Membership,
            ("id", "user_id", "unit_id", "role", "title", "is_first_responsible", "created_at", "updated_at"),
            self.member_rows,
        )
        w.write(
            Round,
            (
                "id",
                "committee_id",
                "name",
                "term",
                "number",
                "kind",
                "topic",
                "year",
                "created_at",
                "updated_at",
            ),
            self.round_rows,
        )
        w.write(
            InspectionGroup,
            ("id", "round_id", "name", "number", "leader_name", "created_at", "updated_at"),
            self.group_rows,
        )
        w.write(InspectionGroupMember, ("id", "group_id", "user_id", "is_leader"), self.gm_rows)
        w.write(
            Inspection,
            (
                "id",
                "round_id",
                "group_id",
                "unit_id",
                "onsite_start",
                "onsite_end",
                "feedback_date",
                "feedback_document",
                "feedback_file",
                "created_at",
                "updated_at",
            ),
            self.inspection_rows,
        )
        w.write(
            RectificationPlan,
            (
                "id",
                "inspection_id",
                "title",
                "doc_number",
                "issued_on",
                "mechanism",
                "requirements",
                "created_at",
                "updated_at",
            ),
            self.plan_rows,
        )
        w.write(
            LeadingGroupMember,
            ("id", "plan_id", "role", "person_name", "position", "office_id", "sort_order"),
            self.lg_rows,
        )
        w.write(
            Meeting,
            (
                "id",
                "inspection_id",
                "held_on",
                "kind",
                "title",
                "decisions",
                "adopted_plan",
                "created_at",
                "updated_at",
            ),
            self.meeting_rows,
        )

    def _progress(self, n_measures: int) -> None:
        """Progress entries streamed into the table; figures and evidence follow."""
        plans = self.progress_plans
        weights = [1 + (last - start) / 25 for _pk, start, last, *_ in plans]
        factor = PROGRESS_PER_MEASURE * n_measures / (sum(weights) or 1)
        figures: list[tuple] = []
        evidence: list[tuple] = []
        if not default_storage.exists(EVIDENCE_FILE):
            default_storage.save(EVIDENCE_FILE, ContentFile(EVIDENCE_BODY))
        digest = hashlib.sha256(EVIDENCE_BODY).hexdigest()
        ids = self.ids
        day_precision, month_precision, as_of = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.AS_OF
        fromordinal = dt.date.fromordinal
        progress_text, figure = text.progress_text, text.figure

        def rows():
            for (measure, start, last, seed, clerk, liaison, has_evidence), weight in zip(
                plans, weights, strict=True
            ):
                rng = random.Random(seed)
                n = max(1, round(weight * factor * rng.uniform(0.7, 1.3)))
                days = sorted(rng.randint(start, last) for _ in range(n - 1))
                days.append(last)
                entry = 0
                for day in days:
                    entry = ids(ProgressEntry)
                    on = fromordinal(day)
                    roll = rng.random()
                    precision = day_precision if roll < 0.82 else (month_precision if roll < 0.92 else as_of)
                    created = dt.datetime(on.year, on.month, on.day, rng.randint(1, 10), tzinfo=UTC)
                    yield (
                        entry,
                        measure,
                        on,
                        precision,
                        progress_text(rng),
                        clerk if roll < 0.6 else liaison,
                        "",
                        None,
                        created,
                        created,
                    )
                    if rng.random() < 0.08:
                        label, value, unit = figure(rng)
                        figures.append((ids(ProgressFigure), entry, label, Decimal(value), unit, 0))
                if has_evidence:
                    name = f"{rng.choice(ph.EVIDENCE_NAMES)}-{measure}.txt"
                    evidence.append(
                        (
                            ids(Evidence),
                            entry,
                            EVIDENCE_FILE,
                            name,
                            len(EVIDENCE_BODY),
                            "text/plain",
                            digest,
                            liaison,
                            created,
                            created,
                        )
                    )

        w = self.writer
        w.write(
            ProgressEntry,
            (
                "id",
                "measure_id",
                "happened_on",
                "date_precision",
                "text",
                "reporter_id",
                "submission_key",
                "deleted_at",
                "created_at",
                "updated_at",
            ),
            rows(),
        )
        w.write(ProgressFigure, ("id", "entry_id", "label", "value", "unit", "sort_order"), figures)
        w.write(
            Evidence,
            (
                "id",
                "entry_id",
                "file",
                "original_name",
                "size",
                "content_type",
                "sha256",
                "uploaded_by_id",
                "created_at",
                "updated_at",
            ),
            evidence,
        )
