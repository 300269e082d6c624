"""`zhenggai synth` at a tiny scale: the data it writes is what the services would have written."""

import datetime as dt
import io
from collections import defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import F, Max

from zhenggai.accounts.models import Membership, Role, Unit
from zhenggai.audit.models import AuditEvent
from zhenggai.audit.verify import audit_verify
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.lights import LightDates, annotate_light
from zhenggai.ledger.models import (
    Evidence,
    LookBackReview,
    Measure,
    MeasureStatus,
    MeasureTransition,
    Problem,
    ProblemStatus,
    ProgressEntry,
    ReviewOutcome,
)
from zhenggai.ledger.permissions import visible_measures, visible_problems
from zhenggai.ledger.status import derive_problem_status
from zhenggai.synth.generate import PROVINCE_SUPERVISOR, SHOWCASE_LIAISON, city_supervisor, synth_load

TODAY = dt.date(2026, 11, 25)

pytestmark = pytest.mark.django_db


@pytest.fixture
def synth(db):
    out = io.StringIO()
    call_command("synth", "--scale", "0.002", "--seed", "3", "--today", TODAY.isoformat(), stdout=out)
    return out.getvalue()


def test_command_reports_time_per_table_and_refuses_a_second_load(synth):
    for table in ("accounts_unit", "auth_user", "ledger_problem", "ledger_measure", "ledger_progressentry"):
        assert table in synth
    assert "syn-sheng-xcb1" in synth
    with pytest.raises(CommandError):
        call_command("synth", "--scale", "0.002", stdout=io.StringIO())


def test_sizes_follow_the_scale(synth):
    units = Unit.objects.filter(kind="unit").count()
    assert units == 10
    assert Unit.objects.filter(kind="committee").count() == 1 + 2
    assert Inspection.objects.count() == units
    problems, measures = Problem.objects.count(), Measure.objects.count()
    assert 5 * units <= problems - 50 <= 14 * units
    assert 3.5 <= measures / problems <= 4.5
    assert 7 <= ProgressEntry.objects.count() / measures <= 13


def test_unit_paths_are_materialised_from_the_parents(synth):
    for unit in Unit.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "/") + f"{unit.pk}/"
        assert unit.path == expected
        assert unit.depth == (unit.parent.depth + 1 if unit.parent else 0)


def test_statuses_dates_and_history_are_consistent(synth):
    pairs = defaultdict(list)
    for problem_id, kind, status in Measure.objects.values_list("problem_id", "kind", "status"):
        pairs[problem_id].append((kind, status))
    for problem in Problem.objects.all():
        assert problem.status == derive_problem_status(
            pairs[problem.pk], awaiting_new_measure=problem.awaiting_new_measure
        ), problem.pk
        last_close = max((m.completed_on for m in problem.measures.all() if m.completed_on), default=None)
        assert problem.completed_on == (last_close if problem.status == ProblemStatus.COMPLETED else None)

    measures = Measure.objects.annotate(latest=Max("progress__happened_on"))
    for m in measures:
        assert m.last_progress_on == m.latest, m.pk
        assert (m.latest is None) == (m.status == MeasureStatus.NOT_STARTED)
        assert (m.completed_on is not None) == (m.status == MeasureStatus.CLOSED)
        moves = list(m.transitions.order_by("effective_on", "pk").values_list("target", flat=True))
        expected = {
            MeasureStatus.SUBMITTED: ["submitted"],
            MeasureStatus.CONFIRMED: ["submitted", "confirmed"],
            MeasureStatus.CLOSED: ["submitted", "confirmed", "closed"],
        }.get(m.status, [])
        assert moves == expected, m.pk
        assert m.version == 1 + (m.latest is not None) + len(moves)
        if moves:
            assert Evidence.objects.filter(entry__measure=m).exists()
    assert not ProgressEntry.objects.filter(happened_on__gt=TODAY).exists()
    assert not ProgressEntry.objects.filter(
        happened_on__lt=F("measure__problem__inspection__onsite_start")
    ).exists()
    assert not MeasureTransition.objects.filter(effective_on__gt=TODAY).exists()


def test_completed_problems_have_their_look_back(synth):
    for problem in Problem.objects.filter(status=ProblemStatus.COMPLETED):
        assert problem.reviews.filter(outcome__in=[ReviewOutcome.PENDING, ReviewOutcome.HOLDS]).count() == 1
    for review in LookBackReview.objects.filter(outcome=ReviewOutcome.RELAPSED).select_related("problem"):
        assert review.problem.status == ProblemStatus.IN_PROGRESS
    assert LookBackReview.objects.exists()


def test_every_role_and_the_benchmark_users_exist(synth):
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    User = get_user_model()
    for name in (PROVINCE_SUPERVISOR, SHOWCASE_LIAISON, city_supervisor(0)):
        assert User.objects.get(username=name).check_password("zhenggai-synth")


def test_lights_come_in_every_colour(synth):
    lights = set(annotate_light(Measure.objects.all(), LightDates.on(TODAY)).values_list("light", flat=True))
    # yellow (due within 7 days) is about 0.5 % of measures: at this scale it may be absent
    assert {"red", "green", "grey"} <= lights <= {"red", "yellow", "green", "grey"}


def test_showcase_unit_has_fifty_problems_and_two_hundred_measures(synth):
    liaison = get_user_model().objects.get(username=SHOWCASE_LIAISON)
    assert visible_problems(liaison).count() == 50
    assert visible_measures(liaison).count() == 200


def test_scoping_separates_the_cities_and_the_province_sees_all(synth):
    User = get_user_model()
    province = User.objects.get(username=PROVINCE_SUPERVISOR)
    assert visible_problems(province).count() == Problem.objects.count()
    seen = 0
    for ci in range(2):
        city = User.objects.get(username=city_supervisor(ci))
        committee = Membership.objects.get(user=city).unit.parent
        mine = visible_problems(city)
        assert (
            mine.count()
            == Problem.objects.filter(inspection__unit__path__startswith=committee.path).count()
            > 0
        )
        seen += mine.count()
    provincial = Problem.objects.filter(inspection__unit__depth=1).count()
    assert seen + provincial == Problem.objects.count()


def test_audit_trail_untouched_and_valid(synth):
    """Synthetic rows are written behind the services: the chain is intact (empty), and the ledger
    check says the rows have no trail, which is why benchmarks verify the chain alone."""
    assert AuditEvent.objects.count() == 0
    assert audit_verify(ledger=False).ok
    full = audit_verify()
    assert not full.ok and "审计记录为空" in full.findings[0]


def test_same_seed_same_data(db):
    first = synth_load(scale=0.001, seed=5, today=TODAY, log=lambda _: None)
    titles = list(Problem.objects.order_by("pk").values_list("title", flat=True))
    assert first.counts["ledger_problem"] == len(titles)
    assert first.showcase_inspection
