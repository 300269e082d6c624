"""An inspection office over whole trees reads by excluding the few units outside them.

The seed's 巡察办 supervises the whole 区委 tree. While that is the only tree, its reads carry no
condition at all; once another tree exists (a neighbouring district, a demonstration case), that
tree's units are excluded by id. Either way it must see exactly what the path prefixes gave.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from zhenggai.accounts.models import Membership, Role, UnitKind
from zhenggai.accounts.scope import scope_for
from zhenggai.accounts.services import unit_create
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import LookBackReview, Measure, Problem
from zhenggai.ledger.permissions import (
    visible_inspections,
    visible_measures,
    visible_problems,
    visible_reviews,
)


def _fresh(user):
    """The user as a new request sees it (the scope is kept on the user object)."""
    return get_user_model().objects.get(pk=user.pk)


def _other_tree(seed):
    """Another district: committee → unit → office, an inspection with a problem, a measure and a
    pending look-back."""
    committee = unit_create(name="中共某区委员会", kind=UnitKind.COMMITTEE)
    unit = unit_create(name="某区统计局", kind=UnitKind.UNIT, parent=committee)
    office = unit_create(name="综合股", kind=UnitKind.OFFICE, parent=unit)
    inspection = Inspection.objects.create(
        round=seed.inspection.round, group=seed.inspection.group, unit=unit, feedback_date=dt.date(2024, 3, 1)
    )
    problem = Problem.objects.create(inspection=inspection, number=1, title="另一区的问题")
    Measure.objects.create(problem=problem, number=1, content="另一区的措施", kind="immediate")
    LookBackReview.objects.create(problem=problem, due_on=dt.date(2024, 9, 1))
    return {committee.pk, unit.pk, office.pk}, inspection


def _reads(user):
    return {
        "inspections": set(visible_inspections(user).values_list("pk", flat=True)),
        "problems": set(visible_problems(user).values_list("pk", flat=True)),
        "measures": set(visible_measures(user).values_list("pk", flat=True)),
        "reviews": set(visible_reviews(user).values_list("pk", flat=True)),
    }


def _by_paths(user):
    """What the path prefixes give (the general rule the shortcut must agree with)."""
    prefixes = scope_for(user).supervised_prefixes
    under = lambda field: {f"{field}__startswith": prefixes[0]}  # noqa: E731
    return {
        "inspections": set(Inspection.objects.filter(**under("unit__path")).values_list("pk", flat=True)),
        "problems": set(Problem.objects.live().filter(**under("inspection__unit__path")).values_list("pk", flat=True)),
        "measures": set(
            Measure.objects.live()
            .filter(problem__deleted_at__isnull=True, **under("problem__inspection__unit__path"))
            .values_list("pk", flat=True)
        ),
        "reviews": set(
            LookBackReview.objects.filter(
                problem__deleted_at__isnull=True, **under("problem__inspection__unit__path")
            ).values_list("pk", flat=True)
        ),
    }  # fmt: skip


def test_only_tree_reads_without_conditions(seed, django_assert_num_queries):
    user = _fresh(seed.xunchaban)
    with django_assert_num_queries(1):  # the memberships, with the number of trees
        scope = scope_for(user)
    assert scope.units_outside == frozenset()
    assert "accounts_unit" not in str(visible_measures(user).query)
    assert "accounts_unit" not in str(visible_problems(user).query)
    assert _reads(user) == _by_paths(user)
    assert _reads(user)["problems"]  # the seed's problems


def test_other_tree_is_excluded_by_id(seed):
    outside, inspection = _other_tree(seed)
    user = _fresh(seed.xunchaban)
    assert scope_for(user).units_outside == frozenset(outside)
    reads = _reads(user)
    assert reads == _by_paths(user)
    assert inspection.pk not in reads["inspections"]
    assert (
        not set(Problem.objects.filter(inspection=inspection).values_list("pk", flat=True))
        & reads["problems"]
    )
    assert "accounts_unit" not in str(visible_measures(user).query)


def test_other_tree_is_invisible_in_pages(seed, other_tree_problem, login):
    client = login(_fresh(seed.xunchaban))
    assert client.get(f"/problems/{other_tree_problem.pk}/").status_code == 404
    assert client.get(f"/inspections/{other_tree_problem.inspection_id}/").status_code == 404
    assert "另一区的问题" not in client.get("/problems/").content.decode()
    assert client.get(f"/problems/{seed.problem(1).pk}/").status_code == 200


@pytest.fixture
def other_tree_problem(seed):
    _outside, inspection = _other_tree(seed)
    return Problem.objects.get(inspection=inspection)


def test_any_other_role_keeps_the_path_rule(seed):
    """A supervisor who also keeps a unit's ledger elsewhere is not 'only supervising'."""
    _outside, inspection = _other_tree(seed)
    Membership.objects.create(user=seed.xunchaban, unit=inspection.unit, role=Role.UNIT_LIAISON)
    user = _fresh(seed.xunchaban)
    assert scope_for(user).units_outside is None
    assert inspection.pk in set(visible_inspections(user).values_list("pk", flat=True))


def test_subtree_supervisor_keeps_the_path_rule(seed):
    """An office over part of a tree (a city's, under a province) is matched by path as before."""
    _other_tree(seed)
    assert scope_for(_fresh(seed.liaison)).units_outside is None
    assert scope_for(_fresh(seed.outsider)).units_outside is None
