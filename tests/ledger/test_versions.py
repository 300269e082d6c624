"""Lost updates on problems and progress entries: a save carries the version it read, as a measure's
does; a stale save is refused with a Chinese message (409 on the API) and the typed text is kept."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from zhenggai.api.tokens import token_create
from zhenggai.core.errors import ConcurrentEdit
from zhenggai.ledger.models import Problem, ProgressEntry
from zhenggai.ledger.services import problem_update, progress_create, progress_update


def _entry(seed) -> ProgressEntry:
    return progress_create(
        measure=seed.measure(1, 1), happened_on=dt.date(2023, 5, 1), text="原进展", reporter=seed.liaison
    )


def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='测试')[1]}")
    return client


def test_problem_update_checks_the_version(seed):
    problem = seed.problem(1)
    read = problem.version
    problem_update(problem=problem, expected_version=read, actor=seed.liaison, category="作风")
    assert Problem.objects.get(pk=problem.pk).version == read + 1
    stale = Problem.objects.get(pk=problem.pk)
    with pytest.raises(ConcurrentEdit, match="该问题已被他人修改"):
        problem_update(problem=stale, expected_version=read, actor=seed.leader, category="纪律")
    assert Problem.objects.get(pk=problem.pk).category == "作风"


def test_progress_update_checks_the_version(seed):
    entry = _entry(seed)
    progress_update(entry=entry, expected_version=1, happened_on=entry.happened_on, text="第一次更正")
    assert ProgressEntry.objects.get(pk=entry.pk).version == 2
    with pytest.raises(ConcurrentEdit, match="该进展已被他人修改"):
        progress_update(
            entry=ProgressEntry.objects.get(pk=entry.pk),
            expected_version=1,
            happened_on=entry.happened_on,
            text="过期的更正",
        )
    assert ProgressEntry.objects.get(pk=entry.pk).text == "第一次更正"


def test_progress_page_carries_the_version_and_keeps_the_text_on_a_conflict(login, seed):
    client = login(seed.liaison)
    entry = _entry(seed)
    url = reverse("progress_edit", args=[entry.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    ProgressEntry.objects.filter(pk=entry.pk).update(version=2)  # someone else saved meanwhile
    data = {"happened_on": "2023-05-01", "precision": "day", "text": "我的更正", "version": 1}
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "已被他人修改" in body and "我的更正" in body
    assert ProgressEntry.objects.get(pk=entry.pk).text == "原进展"
    data["version"] = 2
    assert client.post(url, data).status_code == 302
    assert ProgressEntry.objects.get(pk=entry.pk).text == "我的更正"


def test_api_problem_patch_requires_a_current_version(seed):
    client = _api(seed.liaison)
    problem = seed.problem(1)
    url = reverse("api:problem-detail", args=[problem.pk])
    missing = client.patch(url, {"category": "作风"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()["errors"]
    body = client.get(url).json()
    assert body["version"] == problem.version
    ok = client.patch(url, {"category": "作风", "version": body["version"]}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == problem.version + 1
    stale = client.patch(url, {"category": "纪律", "version": body["version"]}, format="json")
    assert stale.status_code == 409
    assert (
        "已被他人修改" in stale.json()["detail"]
        and f"version 为 {problem.version + 1}" in stale.json()["detail"]
    )
    assert Problem.objects.get(pk=problem.pk).category == "作风"


def test_api_progress_patch_requires_a_current_version(seed):
    client = _api(seed.liaison)
    entry = _entry(seed)
    url = reverse("api:progress-detail", args=[entry.pk])
    missing = client.patch(url, {"text": "更正"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()["errors"]
    assert client.get(url).json()["version"] == 1
    ok = client.patch(url, {"text": "更正", "version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(url, {"text": "过期的更正", "version": 1}, format="json")
    assert stale.status_code == 409 and "version 为 2" in stale.json()["detail"]
    assert ProgressEntry.objects.get(pk=entry.pk).text == "更正"
