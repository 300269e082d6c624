"""The recycle bin on the API: scoped like the page, each restore audited, a measure whose problem is
still deleted refused with 409 (every route and persona is also in test_api_matrix)."""

import datetime as dt

from django.urls import reverse

from tests.api.conftest import detail
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import Problem
from zhenggai.ledger.services import (
    measure_create,
    problem_create,
    problem_delete,
    progress_create,
    progress_delete,
)


def _deleted(seed):
    problem = problem_create(inspection=seed.inspection, title="接口删除的问题")
    measure = measure_create(
        problem=problem,
        content="接口删除的措施",
        kind="deadline",
        deadline=dt.date(2023, 6, 30),
        responsible_office=seed.office("高新技术股"),
    )
    entry = progress_create(measure=measure, happened_on=dt.date(2023, 5, 1), text="接口删除的进展")
    progress_delete(entry=entry, actor=seed.clerk)
    problem_delete(problem=problem, actor=seed.liaison)
    return problem, measure, entry


def test_bin_lists_what_the_user_could_delete(seed, api):
    problem, measure, entry = _deleted(seed)
    url = reverse("api:inspection-recycle-bin", args=[seed.inspection.pk])
    full = api(seed.liaison).get(url).json()
    assert [p["id"] for p in full["problems"]] == [problem.pk]
    assert [(m["id"], m["parent_deleted"]) for m in full["measures"]] == [(measure.pk, True)]
    assert [(e["id"], e["parent_deleted"]) for e in full["progress"]] == [(entry.pk, True)]
    clerk = api(seed.clerk).get(url).json()
    assert (clerk["problems"], clerk["measures"], [e["id"] for e in clerk["progress"]]) == (
        [],
        [],
        [entry.pk],
    )
    assert api(seed.outsider).get(url).status_code == 404
    assert api(seed.xunchaban).get(url).status_code == 403


def test_restore_through_the_api(seed, api):
    problem, measure, entry = _deleted(seed)
    client = api(seed.liaison)
    refused = client.post(reverse("api:measure-restore", args=[measure.pk]))
    assert refused.status_code == 409 and "请先恢复问题" in detail(refused)
    restored = client.post(reverse("api:problem-restore", args=[problem.pk]))
    assert restored.status_code == 200 and restored.json()["id"] == problem.pk
    assert Problem.objects.get(pk=problem.pk).deleted_at is None
    assert problem.measures.live().get().pk == measure.pk
    again = client.post(reverse("api:problem-restore", args=[problem.pk]))
    assert again.status_code == 404  # no longer in the bin
    assert api(seed.outsider).post(reverse("api:progress-restore", args=[entry.pk])).status_code == 404
    back = api(seed.clerk).post(reverse("api:progress-restore", args=[entry.pk]))
    assert back.status_code == 200 and back.json()["text"] == "接口删除的进展"
    assert AuditEvent.objects.filter(action="restore").count() == 3  # the problem, its measure, the entry
