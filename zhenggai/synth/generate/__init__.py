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

The parts: ``base`` (sizes, constants, ids), ``units``, ``rounds``, ``problems``, ``writing``
(mixins of ``_Generator``), and ``generator`` (the steps in order, ``synth_load``).
"""

from zhenggai.synth.generate.base import (
    EVIDENCE_BODY,
    EVIDENCE_FILE,
    PASSWORD,
    PROGRESS_PER_MEASURE,
    PROVINCE_SUPERVISOR,
    ROUND_AGE_DAYS,
    SHOWCASE_LIAISON,
    SHOWCASE_MEASURES_EACH,
    SHOWCASE_PROBLEMS,
    UNITS_AT_SCALE_1,
    UTC,
    AlreadyLoaded,
    OrgUnit,
    Summary,
    _at,
    _clamp,
    _Ids,
    city_code,
    city_supervisor,
)
from zhenggai.synth.generate.generator import _Generator, synth_load

__all__ = [
    "AlreadyLoaded",
    "EVIDENCE_BODY",
    "EVIDENCE_FILE",
    "OrgUnit",
    "PASSWORD",
    "PROGRESS_PER_MEASURE",
    "PROVINCE_SUPERVISOR",
    "ROUND_AGE_DAYS",
    "SHOWCASE_LIAISON",
    "SHOWCASE_MEASURES_EACH",
    "SHOWCASE_PROBLEMS",
    "Summary",
    "UNITS_AT_SCALE_1",
    "UTC",
    "_Generator",
    "_Ids",
    "_at",
    "_clamp",
    "city_code",
    "city_supervisor",
    "synth_load",
]
