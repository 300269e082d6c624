"""Who reads which part of the trail: scoped by the unit path recorded on each event."""

import pytest
from django.contrib.auth import get_user_model

from tests.audit.conftest import record
from zhenggai.accounts.models import Unit
from zhenggai.audit.models import AuditEvent
from zhenggai.audit.selectors import events_for_object, events_for_problem
from zhenggai.ledger.permissions import visible_events


@pytest.fixture
def trail(seed):
    sibling = Unit.objects.get(short_name="区农业农村局")
    office = seed.office("高新技术股")
    return {
        "unit": record(2, unit_path=seed.unit.path, object_type="tests.scope")
        + record(1, unit_path=office.path, object_type="tests.scope"),
        "sibling": record(1, unit_path=sibling.path, object_type="tests.scope"),
        "system": record(1, unit_path="", object_type="tests.scope"),
    }


def _seqs(user) -> set[int]:
    return set(visible_events(user).filter(object_type="tests.scope").values_list("seq", flat=True))


def _of(trail, *keys) -> set[int]:
    return {e.seq for key in keys for e in trail[key]}


def test_unit_staff_see_their_unit_and_its_offices(seed, trail):
    assert _seqs(seed.liaison) == _of(trail, "unit")
    assert _seqs(seed.leader) == _of(trail, "unit")


def test_the_inspection_office_sees_the_committee_tree(seed, trail):
    assert _seqs(seed.xunchaban) == _of(trail, "unit", "sibling")


def test_outsiders_and_clerks_see_nothing_of_the_unit(seed, trail):
    assert _seqs(seed.outsider) == _of(trail, "sibling")
    assert _seqs(seed.clerk) == set()


def test_superusers_see_everything_and_anonymous_nothing(trail):
    from django.contrib.auth.models import AnonymousUser

    admin = get_user_model().objects.create_superuser(username="root", password="x")
    assert _seqs(admin) == _of(trail, "unit", "sibling", "system")
    assert _seqs(AnonymousUser()) == set()


def test_problem_timeline_and_object_history_are_oldest_first(seed):
    problem = seed.problem(1)
    measure = seed.measure(1, 1)
    seeded = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    first = record(1, obj=problem, object_type=None, object_id=None, object_repr=None, problem_id=problem.pk)[
        0
    ]
    second = record(
        1, obj=measure, object_type=None, object_id=None, object_repr=None, problem_id=problem.pk
    )[0]
    record(1, problem_id=seed.problem(2).pk)
    third = record(1, obj=measure, object_type=None, object_id=None, object_repr=None, problem_id=problem.pk)[
        0
    ]
    assert list(events_for_problem(problem.pk).filter(seq__gt=seeded)) == [first, second, third]
    assert list(events_for_object(measure).filter(seq__gt=seeded)) == [second, third]
    assert list(events_for_object(problem).filter(seq__gt=seeded)) == [first]
    # The seed itself went through the services, so the problem's history starts with its creation.
    assert events_for_object(problem).first().action == "create"
