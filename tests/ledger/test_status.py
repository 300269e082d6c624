"""A problem's status follows from its measures: every combination that matters."""

import itertools

import pytest

from zhenggai.ledger.models import MeasureKind as K
from zhenggai.ledger.models import MeasureStatus as S
from zhenggai.ledger.models import ProblemStatus as P
from zhenggai.ledger.status import derive_problem_status


@pytest.mark.parametrize(
    ("measures", "expected"),
    [
        ([], P.OPEN),
        ([(K.DEADLINE, S.NOT_STARTED)], P.OPEN),
        ([(K.DEADLINE, S.NOT_STARTED), (K.LONG_TERM, S.NOT_STARTED)], P.OPEN),
        ([(K.DEADLINE, S.IN_PROGRESS)], P.IN_PROGRESS),
        ([(K.DEADLINE, S.CLOSED), (K.IMMEDIATE, S.SUBMITTED)], P.IN_PROGRESS),
        ([(K.DEADLINE, S.CLOSED), (K.IMMEDIATE, S.CONFIRMED)], P.IN_PROGRESS),
        ([(K.DEADLINE, S.CLOSED), (K.IMMEDIATE, S.CLOSED)], P.COMPLETED),
        ([(K.DEADLINE, S.CLOSED), (K.LONG_TERM, S.IN_PROGRESS)], P.LONG_TERM),
        ([(K.LONG_TERM, S.IN_PROGRESS)], P.LONG_TERM),
        ([(K.DEADLINE, S.IN_PROGRESS), (K.LONG_TERM, S.IN_PROGRESS)], P.IN_PROGRESS),
        ([(K.DEADLINE, S.NOT_STARTED), (K.LONG_TERM, S.IN_PROGRESS)], P.IN_PROGRESS),
    ],
)
def test_derived_status(measures, expected):
    assert derive_problem_status(measures) == expected


def test_every_combination_of_two_measures_gives_a_defined_status():
    pairs = list(itertools.product(K.values, S.values))
    for a, b in itertools.product(pairs, repeat=2):
        status = derive_problem_status([a, b])
        assert status in P.values
        if a[1] == b[1] == S.CLOSED:
            assert status == P.COMPLETED
