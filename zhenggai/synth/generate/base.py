"""What the generator's parts share: the sizes and constants, the summary it returns, the ids it hands out."""

import datetime as dt
from dataclasses import dataclass, field

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
