"""The generator: its state, the order of its steps, and ``synth_load``, the entry point."""

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from zhenggai.accounts.models import ContactChannel, Membership, SupervisionPolicy, Unit
from zhenggai.inspections.models import (
    Inspection,
    InspectionGroup,
    InspectionGroupMember,
    LeadingGroupMember,
    Meeting,
    RectificationPlan,
    Round,
)
from zhenggai.ledger.models import (
    Evidence,
    LookBackReview,
    Measure,
    MeasureTransition,
    Problem,
    ProgressEntry,
    ProgressFigure,
)
from zhenggai.synth import phrases as ph
from zhenggai.synth.generate.base import PROVINCE_SUPERVISOR, UNITS_AT_SCALE_1, AlreadyLoaded, Summary, _Ids
from zhenggai.synth.generate.problems import _LedgerMixin
from zhenggai.synth.generate.rounds import _RoundsMixin
from zhenggai.synth.generate.units import _UnitsMixin
from zhenggai.synth.generate.writing import _WritingMixin
from zhenggai.synth.writer import TableWriter


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


class _Generator(_UnitsMixin, _RoundsMixin, _LedgerMixin, _WritingMixin):
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

    def run(self) -> None:
        self.log(
            f"合成数据:scale {self.n_units / UNITS_AT_SCALE_1:g}({self.n_units} 个被巡察单位,"
            f"{self.n_cities} 个市),seed {self.seed},今天 {self.today}"
        )
        self._units()
        self._users()
        self._rounds()
        self._ledger()
