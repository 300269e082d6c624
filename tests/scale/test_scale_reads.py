"""The reads rebuilt for scale give what the straightforward ones gave, on synthetic data."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from zhenggai.dashboards import selectors
from zhenggai.inspections.models import Round
from zhenggai.ledger.filters import Scope
from zhenggai.ledger.lights import LightDates
from zhenggai.ledger.models import Measure
from zhenggai.ledger.permissions import visible_measures
from zhenggai.ledger.streams import measures_with_progress, progress_line
from zhenggai.synth.generate import PROVINCE_SUPERVISOR, city_supervisor

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def synth(db):
    call_command(
        "synth", "--scale", "0.002", "--seed", "11", "--today", TODAY.isoformat(), stdout=io.StringIO()
    )


@pytest.mark.parametrize("who", [PROVINCE_SUPERVISOR, city_supervisor(1)])
def test_dashboard_from_kept_counts_equals_counting_every_measure(synth, monkeypatch, who):
    user = get_user_model().objects.get(username=who)
    dates = LightDates.on(TODAY)
    for scope in (Scope(), Scope(round_id=Round.objects.order_by("pk").first().pk)):
        fast = selectors.dashboard_build(user, scope, dates)
        with monkeypatch.context() as m:
            m.setattr(selectors, "_counted_per_problem", lambda user: False)
            slow = selectors.dashboard_build(user, scope, dates)
        assert fast.totals == slow.totals
        assert fast.measures_by_status == slow.measures_by_status
        assert [(r.unit_id, r.figures) for r in fast.units] == [(r.unit_id, r.figures) for r in slow.units]
        assert fast.totals["measures"] == scope.measures(visible_measures(user)).count()
    assert selectors.dashboard_build(user, Scope(), dates).totals["red"] > 0


def test_streamed_rows_equal_the_models(synth):
    user = get_user_model().objects.get(username=PROVINCE_SUPERVISOR)
    measures = visible_measures(user)
    streamed = list(measures_with_progress(measures, chunk=37))  # several chunks
    expected = []
    for m in measures.select_related("problem", "responsible_office").order_by(
        "problem__inspection_id", "problem__number", "number", "pk"
    ):
        entries = list(m.progress.live().order_by("happened_on", "pk"))
        expected.append(
            (
                m.pk,
                m.problem.number,
                m.problem.title,
                m.responsible_office.name if m.responsible_office else None,
                "\n".join(progress_line(e.happened_on, e.date_precision, e.text) for e in entries),
                [ev.original_name for e in entries for ev in e.evidence.order_by("pk")],
            )
        )
    got = [(v.pk, v.problem_number, v.problem_title, v.office_name, v.progress, v.evidence) for v in streamed]
    assert got == expected
    assert any("截至" in v.progress for v in streamed) and any(v.evidence for v in streamed)
    assert Measure.objects.count() == len(streamed)
