"""Concurrent writers on PostgreSQL (and MariaDB) queue on the chain-head lock: no fork, no gap, no duplicate."""

import threading

import pytest
from django.db import connection

from zhenggai.audit.models import AuditAction, AuditEvent
from zhenggai.audit.services import audit_record
from zhenggai.audit.verify import audit_verify

THREADS = 8
EACH = 25


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises writers by itself")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                audit_record(
                    actor=None,
                    action=AuditAction.OTHER,
                    object_type="tests.thread",
                    object_id=f"{n}-{i}",
                    unit_path="/1/",
                    changes={"i": [i - 1, i]},
                )
        except BaseException as exc:  # reported below, on the test's thread
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * EACH + 1))
    assert AuditEvent.objects.values("object_id").distinct().count() == THREADS * EACH
    result = audit_verify()
    assert result.ok and result.checked == THREADS * EACH, result.message
