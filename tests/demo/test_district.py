"""The demo's district: a dozen generated units under the founding notice's 区委, the same every
time, supervised by the same 巡察办, and the founding case's own figures untouched."""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure, MeasureStatus, Problem, ProgressEntry
from zhenggai.ledger.permissions import visible_inspections
from zhenggai.ledger.selectors import problem_counts
from zhenggai.synth.district import DISTRICT_UNITS, district_load, load_district

TODAY = dt.date(2026, 6, 1)


class _Undo(Exception):
    pass


def _counts():
    return {
        "units": Unit.objects.filter(kind=UnitKind.UNIT).count(),
        "offices": Unit.objects.filter(kind=UnitKind.OFFICE).count(),
        "inspections": Inspection.objects.count(),
        "problems": Problem.objects.count(),
        "measures": Measure.objects.count(),
        "progress": ProgressEntry.objects.count(),
        "statuses": sorted(set(Measure.objects.values_list("status", flat=True))),
        "names": sorted(Unit.objects.filter(kind=UnitKind.UNIT).values_list("name", flat=True)),
    }


def _seed_figures(seed):
    counts = problem_counts(seed.inspection.problems.live())
    measures = Measure.objects.filter(problem__inspection=seed.inspection)
    return (
        (counts.total, counts.completed, counts.long_term, counts.in_progress),
        sorted(measures.values_list("number", "status", "responsible_leader", "leader_user_id")),
        ProgressEntry.objects.filter(measure__in=measures).count(),
    )


def test_the_district_loads_the_same_twice(seed):
    committee = seed.unit.parent
    with pytest.raises(_Undo), transaction.atomic():
        assert district_load(committee=committee, today=TODAY) == DISTRICT_UNITS
        first = _counts()
        raise _Undo
    assert Unit.objects.filter(kind=UnitKind.UNIT).count() == 2  # undone: the seed's two units
    assert district_load(committee=committee, today=TODAY) == DISTRICT_UNITS
    assert _counts() == first
    assert district_load(committee=committee, today=TODAY) == 0  # a second call adds nothing


def test_the_district_is_under_the_same_committee_and_the_office_sees_it(seed, login):
    before = _seed_figures(seed)
    added = load_district()
    assert added == DISTRICT_UNITS
    committee = seed.unit.parent
    district = Unit.objects.filter(kind=UnitKind.UNIT, parent=committee).exclude(
        pk__in=[seed.unit.pk, seed.outsider.memberships.get().unit_id]
    )
    assert district.count() == DISTRICT_UNITS
    assert all(u.name.startswith("滨州市沾化区") for u in district)
    inspections = visible_inspections(seed.xunchaban)
    assert inspections.filter(unit__in=district).count() == DISTRICT_UNITS
    # Measures in varied states, some of them struck off by the district's own 巡察办.
    statuses = set(
        Measure.objects.filter(problem__inspection__unit__in=district).values_list("status", flat=True)
    )
    assert {MeasureStatus.IN_PROGRESS, MeasureStatus.CLOSED} <= statuses
    # The founding case is as it was.
    assert _seed_figures(seed) == before
    # The liaison of the founding case still sees only their own unit.
    assert set(visible_inspections(seed.liaison)) == {seed.inspection}
    page = login(seed.xunchaban).get(reverse("dashboard"))
    assert page.status_code == 200
    assert district.first().short_name in page.content.decode()


def test_district_people_are_linked_to_accounts(seed):
    load_district()
    measures = Measure.objects.exclude(problem__inspection=seed.inspection)
    assert measures.exists()
    assert not measures.filter(leader_user__isnull=True).exists()
    assert not measures.filter(person_user__isnull=True).exists()
