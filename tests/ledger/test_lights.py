"""Traffic lights from deadline and kind, walked through time."""

import datetime as dt

import pytest

from zhenggai.ledger.lights import (
    GREEN,
    GREY,
    RED,
    YELLOW,
    LightDates,
    annotate_light,
    annotate_problem_light,
    measure_light_q,
    with_report_date,
)
from zhenggai.ledger.models import Measure, MeasureKind, Problem
from zhenggai.ledger.services import measure_create, progress_create


def _light(measure, today):
    return annotate_light(Measure.objects.filter(pk=measure.pk), LightDates.on(today)).get().light


def test_one_off_measure_goes_green_yellow_red(seed):
    measure = measure_create(
        problem=seed.problem(1), content="x", kind=MeasureKind.DEADLINE, deadline=dt.date(2023, 6, 30)
    )
    assert _light(measure, dt.date(2023, 6, 1)) == GREEN
    assert _light(measure, dt.date(2023, 6, 23)) == YELLOW
    assert _light(measure, dt.date(2023, 6, 30)) == YELLOW
    assert _light(measure, dt.date(2023, 7, 1)) == RED


def test_struck_off_is_grey_whatever_the_date(seed):
    assert _light(seed.measure(4, 1), dt.date(2030, 1, 1)) == GREY


def test_long_term_is_red_when_its_report_is_late(seed):
    measure = seed.measure(3, 3)  # reported 2023-03-29
    assert _light(measure, dt.date(2023, 6, 29)) == GREEN
    assert _light(measure, dt.date(2023, 7, 1)) == RED
    progress_create(measure=measure, happened_on=dt.date(2023, 6, 30), text="季度报告")
    assert _light(measure, dt.date(2023, 7, 1)) == GREEN


def test_problem_light_is_the_worst_of_its_measures(seed):
    dates = LightDates.on(dt.date(2023, 6, 1))
    lights = dict(annotate_problem_light(Problem.objects.live(), dates).values_list("number", "light"))
    assert lights == {1: GREEN, 2: RED, 3: GREEN, 4: GREY, 5: GREY}  # 2.1 last reported 2023-01-31
    later = LightDates.on(dt.date(2023, 8, 1))  # long-term reports of 2023-03-29 now late
    lights = dict(annotate_problem_light(Problem.objects.live(), later).values_list("number", "light"))
    assert lights == {1: RED, 2: RED, 3: RED, 4: GREY, 5: GREY}


@pytest.mark.parametrize("today", [dt.date(2023, 6, 1), dt.date(2023, 6, 25), dt.date(2023, 8, 1)])
def test_filters_agree_with_annotations(seed, today):
    measure_create(
        problem=seed.problem(1), content="y", kind=MeasureKind.DEADLINE, deadline=dt.date(2023, 6, 30)
    )
    dates = LightDates.on(today)
    annotated = dict(annotate_light(Measure.objects.live(), dates).values_list("pk", "light"))
    for light in (RED, YELLOW, GREEN, GREY):
        filtered = set(
            with_report_date(Measure.objects.live())
            .filter(measure_light_q(light, dates))
            .values_list("pk", flat=True)
        )
        assert filtered == {pk for pk, value in annotated.items() if value == light}
