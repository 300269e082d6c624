"""Two people at once, on the real PostgreSQL or MariaDB server: no silent overwrite, exactly one
transition (row locks, SELECT … FOR UPDATE on InnoDB)."""

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection

from zhenggai.audit.models import AuditEvent
from zhenggai.audit.verify import audit_verify
from zhenggai.core.errors import ConcurrentEdit, ServiceError
from zhenggai.ledger.models import Measure, MeasureKind, MeasureTransition, Problem, ProgressEntry
from zhenggai.ledger.services import (
    measure_create,
    measure_update,
    problem_update,
    progress_create,
    progress_update,
)
from zhenggai.ledger.transitions import measure_transition

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor not in ("postgresql", "mysql"):
        pytest.skip(
            "concurrent transactions are shown on PostgreSQL and MariaDB (scripts/test runs this suite there too)"
        )


def _race(*jobs):
    """Run the jobs in threads that start together; return what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait(timeout=10)
            results[i] = job()
        except Exception as error:  # noqa: BLE001 - the outcome is what we assert on
            results[i] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_second_of_two_concurrent_edits_is_refused(seed):
    measure = seed.measure(1, 1)
    version = measure.version

    def edit(person):
        return lambda: measure_update(
            measure=Measure.objects.get(pk=measure.pk), expected_version=version, responsible_person=person
        )

    results = _race(edit("张三"), edit("李四"))
    saved = [r for r in results if isinstance(r, Measure)]
    refused = [r for r in results if isinstance(r, ConcurrentEdit)]
    assert len(saved) == 1 and len(refused) == 1, results
    final = Measure.objects.get(pk=measure.pk)
    assert final.responsible_person == saved[0].responsible_person
    assert final.version == version + 1


def test_second_of_two_concurrent_problem_edits_is_refused(seed):
    problem = seed.problem(1)
    version = problem.version

    def edit(leader):
        return lambda: problem_update(
            problem=Problem.objects.get(pk=problem.pk), expected_version=version, lead_leader=leader
        )

    results = _race(edit("张三"), edit("李四"))
    saved = [r for r in results if isinstance(r, Problem)]
    refused = [r for r in results if isinstance(r, ConcurrentEdit)]
    assert len(saved) == 1 and len(refused) == 1, results
    final = Problem.objects.get(pk=problem.pk)
    assert final.lead_leader == saved[0].lead_leader and final.version == version + 1


def test_second_of_two_concurrent_progress_edits_is_refused(seed):
    entry = progress_create(measure=seed.measure(1, 1), happened_on=dt.date(2023, 5, 1), text="原进展")

    def edit(text):
        return lambda: progress_update(
            entry=ProgressEntry.objects.get(pk=entry.pk),
            expected_version=1,
            happened_on=dt.date(2023, 5, 1),
            text=text,
        )

    results = _race(edit("甲的更正"), edit("乙的更正"))
    saved = [r for r in results if isinstance(r, ProgressEntry)]
    refused = [r for r in results if isinstance(r, ConcurrentEdit)]
    assert len(saved) == 1 and len(refused) == 1, results
    final = ProgressEntry.objects.get(pk=entry.pk)
    assert final.text == saved[0].text and final.version == 2


def test_an_edit_and_a_submission_at_once_never_leave_a_changed_frozen_measure(seed):
    """The edit waits for the submission (or the other way round): either the edit lands before the
    measure is frozen, or it is refused; never an edit saved after 申请销号."""
    measure = measure_create(
        problem=seed.problem(4), content="并发冻结", kind=MeasureKind.DEADLINE, deadline=dt.date(2023, 6, 30)
    )
    upload = SimpleUploadedFile("报告.pdf", b"%PDF-1.4", content_type="application/pdf")
    progress_create(measure=measure, happened_on=dt.date(2023, 5, 1), text="完成", files=[upload])
    version = Measure.objects.get(pk=measure.pk).version

    def edit():
        return measure_update(
            measure=Measure.objects.get(pk=measure.pk), expected_version=version, content="并发改写"
        )

    def submit():
        return measure_transition(
            measure=Measure.objects.get(pk=measure.pk), move_name="submit", actor=seed.liaison, reason="完成"
        )

    results = _race(edit, submit)
    assert isinstance(results[1], MeasureTransition), results
    final = Measure.objects.get(pk=measure.pk)
    assert final.status == "submitted"
    if isinstance(results[0], Measure):  # the edit went first: the submission saw the edited measure
        assert final.content == "并发改写"
    else:
        assert isinstance(results[0], ServiceError) and final.content == "并发冻结", results


def test_two_approvals_at_once_make_exactly_one_transition(seed):
    measure = measure_create(
        problem=seed.problem(4), content="并发审批", kind=MeasureKind.DEADLINE, deadline=dt.date(2023, 6, 30)
    )
    upload = SimpleUploadedFile("报告.pdf", b"%PDF-1.4", content_type="application/pdf")
    progress_create(measure=measure, happened_on=dt.date(2023, 5, 1), text="完成", files=[upload])
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="完成")
    measure_transition(measure=measure, move_name="confirm", actor=seed.leader)

    def approve():
        return measure_transition(
            measure=Measure.objects.get(pk=measure.pk), move_name="approve", actor=seed.xunchaban
        )

    results = _race(approve, approve)
    done = [r for r in results if isinstance(r, MeasureTransition)]
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(done) == 1 and len(refused) == 1, results
    assert MeasureTransition.objects.filter(measure=measure, move="approve").count() == 1
    events = AuditEvent.objects.filter(
        object_type="ledger.measure", object_id=str(measure.pk), action="transition"
    )
    assert [e.changes["status"] for e in events] == [
        ["in_progress", "submitted"],
        ["submitted", "confirmed"],
        ["confirmed", "closed"],
    ]
    assert audit_verify().ok
    assert Measure.objects.get(pk=measure.pk).status == "closed"


def test_the_same_progress_form_posted_twice_at_once_saves_one_row(seed):
    measure = seed.measure(1, 1)

    def post():
        return progress_create(
            measure=Measure.objects.get(pk=measure.pk),
            happened_on=dt.date(2023, 5, 2),
            text="同时提交",
            submission_key="double-click",
        )

    results = _race(post, post)
    assert all(not isinstance(r, Exception) for r in results), results
    assert results[0].pk == results[1].pk
    assert measure.progress.filter(submission_key="double-click").count() == 1
