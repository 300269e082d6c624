"""Named personas, all from the founding notice's demo data (the same loader `zhenggai demo` uses).

- xunchaban: the committee's inspection office, supervises every unit under 区委
- leader:    the inspected unit's party secretary (first responsible)
- liaison:   the unit's rectification liaison who keeps the ledger
- clerk:     a clerk of 高新技术股, sees only that office's measures
- outsider:  the liaison of a sibling unit, who must see nothing of 区科技局
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.utils import translation

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.demo.loader import load_seed
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure, Problem


@dataclass
class SeedWorld:
    inspection: Inspection
    xunchaban: object
    leader: object
    liaison: object
    clerk: object
    outsider: object

    @property
    def unit(self) -> Unit:
        return self.inspection.unit

    def office(self, name: str) -> Unit:
        return Unit.objects.get(kind=UnitKind.OFFICE, name=name, path__startswith=self.unit.path)

    def problem(self, number: int) -> Problem:
        return Problem.objects.get(inspection=self.inspection, number=number)

    def measure(self, problem: int, number: int) -> Measure:
        return Measure.objects.get(
            problem__inspection=self.inspection, problem__number=problem, number=number
        )


@pytest.fixture(autouse=True)
def _language_per_test():
    """Each test starts in the default language (Chinese). The locale middleware activates the
    request's language for the thread, as Django's does, and a test that calls code directly after an
    English request in the same worker would otherwise run in English."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_cached_responses():
    """Each test starts with an empty response cache: ids and revisions start again with each test's
    database, and an entry from an earlier test must not answer for this one's rows."""
    caches["responses"].clear()
    yield


@pytest.fixture
def seed(db) -> SeedWorld:
    inspection = load_seed()
    users = {u.username: u for u in get_user_model().objects.all()}
    return SeedWorld(
        inspection=inspection,
        xunchaban=users["xunchaban"],
        leader=users["leader"],
        liaison=users["liaison"],
        clerk=users["clerk"],
        outsider=users["outsider"],
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
