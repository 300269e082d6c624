"""The lights explained: each light's reason in words (one function per rule, lights.py), shown as
its tooltip and hidden text wherever lights are shown, and a legend stating the unit's rules."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from zhenggai.accounts.models import SupervisionPolicy
from zhenggai.accounts.policy import Policy, policy_for
from zhenggai.ledger.lights import (
    GREEN,
    GREY,
    RED,
    YELLOW,
    LightDates,
    annotate_light,
    light_legend,
    light_reason,
    look_back_light,
    problem_light_reason,
)
from zhenggai.ledger.models import LookBackReview, Measure, MeasureKind

TODAY = dt.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("light", "kind", "deadline", "last_report", "reason"),
    [
        (RED, MeasureKind.DEADLINE, dt.date(2026, 2, 26), None, "逾期 12 天"),
        (YELLOW, "immediate", dt.date(2026, 3, 13), None, "还有 3 天到期"),
        (YELLOW, "immediate", TODAY, None, "今天到期"),
        (GREEN, "immediate", dt.date(2026, 4, 9), None, "还有 30 天到期"),
        (RED, MeasureKind.LONG_TERM, None, dt.date(2026, 1, 24), "长期事项 45 天未报"),
        (RED, MeasureKind.LONG_TERM, None, None, "长期事项逾期未报"),
        (GREEN, MeasureKind.LONG_TERM, None, dt.date(2026, 3, 1), "长期事项,9 天前报告过进展"),
        (GREY, "immediate", dt.date(2026, 1, 1), None, "已销号"),
    ],
)
def test_light_reason(light, kind, deadline, last_report, reason):
    assert light_reason(light, kind=kind, deadline=deadline, last_report=last_report, today=TODAY) == reason


def test_look_back_lights():
    dates = LightDates.on(TODAY, Policy(warning_days=7))
    overdue = look_back_light(due_on=TODAY - dt.timedelta(days=5), pending=True, dates=dates)
    assert overdue == (RED, "回头看逾期 5 天")
    assert look_back_light(due_on=TODAY + dt.timedelta(days=2), pending=True, dates=dates) == (
        YELLOW,
        "还有 2 天应开展回头看",
    )
    assert look_back_light(due_on=TODAY + dt.timedelta(days=30), pending=True, dates=dates) is None
    assert look_back_light(due_on=TODAY - dt.timedelta(days=5), pending=False, dates=dates) is None


def test_the_legend_states_the_policy():
    rules = dict(light_legend(Policy(long_term_report_months=2, warning_days=10)))
    assert "10 天内到期" in rules[YELLOW]
    assert "超过 2 个月未报告进展" in rules[RED] and "回头看" in rules[RED]
    assert problem_light_reason(RED) and problem_light_reason(GREY)


def _titles(html: str) -> list[str]:
    return re.findall(
        r'<span class="light light-(\w+)" title="([^"]*)"><span class="sr-only">([^<]*)</span>', html
    )


def test_the_ledger_explains_each_light_under_the_units_policy(login, seed):
    SupervisionPolicy.objects.create(committee=seed.unit.parent, warning_days=10, long_term_report_months=2)
    html = login(seed.liaison).get(reverse("inspection", args=[seed.inspection.pk])).content.decode()
    assert "黄灯:10 天内到期(含当天)" in html
    assert "超过 2 个月未报告进展" in html
    policy = policy_for(seed.inspection.unit)
    today = timezone.localdate()
    measures = annotate_light(
        Measure.objects.live().filter(problem__inspection=seed.inspection), LightDates.on(policy=policy)
    )
    expected = sorted(
        (
            m.light,
            light_reason(
                m.light, kind=m.kind, deadline=m.deadline, last_report=m.light_last_report, today=today
            ),
        )
        for m in measures
    )
    shown = _titles(html)
    assert sorted((light, title) for light, title, _hidden in shown) == expected
    names = {RED: "红灯", YELLOW: "黄灯", GREEN: "绿灯", GREY: "灰灯"}
    for light, title, hidden in shown:
        assert hidden == f"{names[light]}:{title}"
    assert any(re.fullmatch(r"长期事项 \d+ 天未报", title) for _l, title, _h in shown)
    assert any(re.fullmatch(r"逾期 \d+ 天", title) or title == "已销号" for _l, title, _h in shown)


def test_the_lists_explain_their_lights(login, seed):
    client = login(seed.xunchaban)
    measures = client.get(reverse("measure_list")).content.decode()
    assert 'class="light-legend"' in measures
    shown = _titles(measures)
    assert shown and all(title for _light, title, _hidden in shown)
    problems = client.get(reverse("problem_list")).content.decode()
    assert 'class="light-legend"' in problems
    assert {title for _l, title, _h in _titles(problems)} <= {
        problem_light_reason(light) for light in (RED, YELLOW, GREEN, GREY)
    }


def test_an_overdue_look_back_is_lit(login, seed):
    problem = seed.inspection.problems.order_by("number").first()
    LookBackReview.objects.create(problem=problem, due_on=timezone.localdate() - dt.timedelta(days=5))
    client = login(seed.xunchaban)
    reviews = client.get(reverse("review_list"), {"due": 1}).content.decode()
    assert '<span class="light light-red" title="回头看逾期 5 天">' in reviews
    detail = client.get(reverse("problem", args=[problem.pk])).content.decode()
    assert '<span class="light light-red" title="回头看逾期 5 天">' in detail
