"""Named personas, all from the founding notice's demo data (the same loader `zhenggai demo` uses).

- xunchaban: the committee's inspection office, supervises every unit under 区委
- leader:    the inspected unit's party secretary (first responsible)
- liaison:   the unit's rectification liaison who keeps the ledger
- clerk:     a clerk of 高新技术股, sees only that office's measures
- outsider:  the liaison of a sibling unit, who must see nothing of 区科技局
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.supervision.helpers import Inbox, free_port
from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.demo.loader import load_seed
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure, MeasureKind, Problem
from zhenggai.ledger.services import measure_create, progress_create


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


def ready_to_submit(seed: SeedWorld, *, evidence_name: str = "台账.pdf") -> Measure:
    """A one-off measure of problem 4 for 高新技术股 (the clerk's office), started by a progress
    entry with one PDF of evidence: what 申请销号 needs. The close-out chain's tests start here."""
    measure = measure_create(
        problem=seed.problem(4),
        content="建立科技项目跟踪服务台账",
        kind=MeasureKind.DEADLINE,
        deadline=dt.date(2099, 6, 30),
        responsible_office=seed.office("高新技术股"),
    )
    progress_create(
        measure=measure,
        happened_on=dt.date(2023, 5, 1),
        text="台账已建立",
        files=[SimpleUploadedFile(evidence_name, b"%PDF-1.4 ledger", content_type="application/pdf")],
    )
    measure.refresh_from_db()
    return measure


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
    caches["default"].clear()  # the header's task badge, kept per user id
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


# A real SMTP server (aiosmtpd) on 127.0.0.1 at a free port, started by the test that needs it.
@pytest.fixture
def smtp_server():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_inbox(smtp_server, settings):
    """The real SMTP server, with Django's SMTP backend pointed at it (not locmem)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return smtp_server
