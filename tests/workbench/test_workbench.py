"""The workbench at ``/``: each role sees exactly its tasks, the API lists what the page shows,
bulk close-out decisions report each success and refusal, and the queries do not grow with data."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.workbench.conftest import fresh_measure, submitted
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import MeasureStatus, MeasureTransition
from zhenggai.supervision.models import Notification
from zhenggai.workbench.done import done_for
from zhenggai.workbench.selectors import tasks_for

PERSONAS = ["xunchaban", "group3", "leader", "deputy", "liaison", "clerk", "outsider"]
ROW = re.compile(r'data-kind="([a-z_]+)" data-object="([a-z_]+):(\d+)"')


def expected(seed, world, persona):
    m = seed.measure
    look_backs = {
        ("look_back", "review", r.pk) for r in (seed.problem(4).reviews.get(), seed.problem(5).reviews.get())
    }
    unit_answers = {
        ("supervision", "supervision_notice", world.supervision.pk),
        ("feedback", "feedback", world.feedback.pk),
    }
    overdue = lambda *numbers: {("overdue", "measure", m(p, n).pk) for p, n in numbers}  # noqa: E731
    return {
        "xunchaban": {("approve", "measure", world.confirmed.pk)} | look_backs,
        "group3": look_backs,
        "leader": {
            ("confirm", "measure", world.led_by_deputy.pk),
            ("confirm", "measure", world.led_by_leader.pk),
            ("notice_draft", "notice", world.draft.pk),
        }
        | overdue((1, 1))
        | unit_answers,
        "deputy": {("confirm", "measure", world.led_by_deputy.pk)} | overdue((2, 1), (2, 3), (3, 3)),
        "liaison": {("returned", "measure", world.returned.pk)} | overdue((1, 1), (2, 1), (2, 3), (3, 3)) | unit_answers,
        "clerk": {("returned", "measure", world.returned.pk)} | overdue((3, 3)),
        "outsider": set(),
    }[persona]  # fmt: skip


def _page_rows(client) -> list[tuple[str, str, int]]:
    html = client.get(reverse("home")).content.decode()
    return [(k, t, int(i)) for k, t, i in ROW.findall(html)]


def _api_rows(api, user) -> list[dict]:
    response = api(user).get(reverse("api:me-tasks"))
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_sees_exactly_its_tasks_on_page_and_api(seed, world, users, login, api, persona):
    user = users[persona]
    want = expected(seed, world, persona)
    tasks = tasks_for(user, today=timezone.localdate())
    assert {(t.kind, t.object_type, t.object_id) for t in tasks} == want
    page = _page_rows(login(user))
    assert sorted(page) == sorted(want) and len(page) == len(want)
    items = _api_rows(api, user)
    # The API lists exactly what the page shows, in the same order, with the same fields.
    assert [(i["kind"], i["object_type"], i["object_id"]) for i in items] == page
    assert items == [{**t.as_dict(), "since": t.since.isoformat()} for t in tasks]


def test_the_returned_measure_says_who_returned_it_and_why(seed, world, users):
    task = next(t for t in tasks_for(users["clerk"]) if t.kind == "returned")
    assert "被单位领导退回,理由:佐证不足" in task.detail
    assert task.url == f"{reverse('problem', args=[world.returned.problem_id])}#measure-{world.returned.pk}"


def test_the_outsider_sees_nothing_of_the_unit(seed, world, users, login, api):
    html = login(users["outsider"]).get(reverse("home")).content.decode()
    assert "科技局" not in html and "目前没有待办事项" in html
    assert _api_rows(api, users["outsider"]) == []
    assert not any("科技局" in d.title + d.detail + d.url for d in done_for(users["outsider"]))


def test_a_single_inspection_user_stays_on_the_workbench_with_a_link_to_the_ledger(seed, login):
    response = login(seed.liaison).get(reverse("home"))
    assert response.status_code == 200
    assert reverse("inspection", args=[seed.inspection.pk]) in response.content.decode()


def test_anonymous_is_sent_to_log_in(db):
    response = Client().get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_header_counts_the_open_tasks_on_every_page(seed, world, users, login):
    client = login(users["liaison"])
    html = client.get(reverse("problem_list")).content.decode()
    badge = re.search(r'id="nav-workbench">[^<]*<span class="task-count"[^>]*>(\d+)</span>', html)
    assert badge and badge.group(1) == str(len(expected(seed, world, "liaison")))
    html = login(users["outsider"]).get(reverse("problem_list")).content.decode()
    assert re.search(r'id="nav-workbench">[^<]*</a>', html)  # nothing to do: no badge


def test_done_lists_what_i_did(seed, world, users, login):
    done = done_for(seed.liaison)
    whats = [d.what for d in done]
    assert "申请销号" in whats and "填报进展" in whats
    assert len(done) <= 50
    html = login(seed.liaison).get(reverse("home")).content.decode()
    assert "我的已办" in html and "被退回" in html


# Bulk decisions --------------------------------------------------------------------------------


def _bulk(client, move, ids, opinion=""):
    return client.post(
        reverse("workbench_bulk"), {"move": move, "measure": ids, "opinion": opinion}, follow=True
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_leader_confirms_several_at_once_and_hears_of_each_refusal(seed, world, users, login):
    client = login(users["leader"])
    ids = [world.led_by_deputy.pk, world.led_by_leader.pk, world.confirmed.pk, 999999]
    before = AuditEvent.objects.count()
    response = _bulk(client, "confirm", ids, opinion="同意销号")
    assert response.status_code == 200
    said = _messages(response)
    assert said[0].startswith("已审核通过2项:")
    assert any("问题(三)措施4" in s and "不能执行" in s for s in said)  # already confirmed
    assert any("编号999999" in s and "不存在或不在您的可见范围内" in s for s in said)
    for measure in (world.led_by_deputy, world.led_by_leader):
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.CONFIRMED
        last = MeasureTransition.objects.filter(measure=measure).latest("at", "pk")
        assert (last.move, last.actor, last.reason) == ("confirm", users["leader"], "同意销号")
    assert AuditEvent.objects.count() == before + 2  # each its own event


def test_the_deputy_may_not_confirm_the_first_leaders_measures(seed, world, users, login):
    response = _bulk(login(users["deputy"]), "confirm", [world.led_by_deputy.pk, world.led_by_leader.pk])
    said = _messages(response)
    assert said[0].startswith("已审核通过1项:")
    # The first leader's own measure is not among those a 班子成员 sees: refused as for a missing one.
    assert any(f"编号{world.led_by_leader.pk}" in s and "不在您的可见范围内" in s for s in said)
    world.led_by_leader.refresh_from_db()
    assert world.led_by_leader.status == MeasureStatus.SUBMITTED


def test_a_clerk_who_sees_a_close_out_may_not_approve_it(seed, world, users, login):
    said = _messages(_bulk(login(users["clerk"]), "approve", [world.confirmed.pk]))
    assert len(said) == 1 and "问题(三)措施4" in said[0] and "您没有权限执行“批准销号”" in said[0]
    world.confirmed.refresh_from_db()
    assert world.confirmed.status == MeasureStatus.CONFIRMED


def test_the_inspection_office_approves_from_the_queue(seed, world, users, login):
    response = _bulk(login(users["xunchaban"]), "approve", [world.confirmed.pk, world.led_by_deputy.pk])
    said = _messages(response)
    assert said[0].startswith("已批准销号1项:")
    assert any("问题(二)措施4" in s for s in said[1:])
    world.confirmed.refresh_from_db()
    assert world.confirmed.status == MeasureStatus.CLOSED
    assert ("approve", "measure", world.confirmed.pk) not in {
        (t.kind, t.object_type, t.object_id) for t in tasks_for(users["xunchaban"])
    }


def test_the_outsider_decides_nothing(seed, world, users, login):
    response = _bulk(login(users["outsider"]), "confirm", [world.led_by_deputy.pk])
    assert all("不存在或不在您的可见范围内" in s for s in _messages(response))
    world.led_by_deputy.refresh_from_db()
    assert world.led_by_deputy.status == MeasureStatus.SUBMITTED


@pytest.mark.parametrize(
    "data, said",
    [
        ({"move": "confirm"}, "请至少勾选一项。"),
        ({"move": "confirm", "measure": ["abc"]}, "所选措施编号无效。"),
        ({"move": "confirm", "measure": ["99999999999999999999999"]}, "所选措施编号无效。"),
        ({"move": "reopen", "measure": ["1"]}, "只能批量审核通过或批准销号。"),
        ({"measure": ["1"]}, "请选择操作。"),
        ({"move": "confirm", "measure": [str(i) for i in range(1, 102)]}, "一次最多处理100项。"),
    ],
)
def test_bad_input_is_told_in_chinese(seed, users, login, data, said):
    response = login(users["leader"]).post(reverse("workbench_bulk"), data, follow=True)
    assert response.status_code == 200
    assert said in _messages(response)


def test_bulk_is_post_only_and_needs_csrf(seed, world, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["leader"])
    assert client.get(reverse("workbench_bulk")).status_code == 405
    response = client.post(
        reverse("workbench_bulk"), {"move": "confirm", "measure": [world.led_by_deputy.pk]}
    )
    assert response.status_code == 403
    world.led_by_deputy.refresh_from_db()
    assert world.led_by_deputy.status == MeasureStatus.SUBMITTED


# Notifications API -----------------------------------------------------------------------------


def test_my_notifications_are_mine_paginated_with_read_state(seed, users, api):
    for i in range(3):
        Notification.objects.create(user=seed.liaison, title=f"提醒{i}", url="/")
    Notification.objects.create(user=seed.leader, title="别人的")
    first = Notification.objects.filter(user=seed.liaison).order_by("pk").first()
    first.read_at = timezone.now()
    first.save()
    body = api(seed.liaison).get(reverse("api:me-notifications"), {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert [n["title"] for n in body["results"]] == ["提醒2", "提醒1"]
    assert body["results"][0]["read"] is False
    rest = api(seed.liaison).get(reverse("api:me-notifications"), {"page": 2, "page_size": 2}).json()
    assert [(n["title"], n["read"]) for n in rest["results"]] == [("提醒0", True)]
    assert api(seed.outsider).get(reverse("api:me-notifications")).json()["count"] == 0


# Bounded queries -------------------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)  # warm: sessions, the site's first reads
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["leader", "liaison", "xunchaban"])
def test_the_workbench_runs_a_fixed_number_of_queries(
    seed, world, users, login, api, persona, django_assert_max_num_queries
):
    page = login(users[persona])
    token_client = api(users[persona])
    before_page = _queries(page, reverse("home"))
    before_api = _queries(token_client, reverse("api:me-tasks"))
    past = timezone.localdate().replace(year=2024)
    for i in range(12):  # overdue ones, submitted ones, confirmed ones, returned ones
        fresh_measure(
            seed, problem=1, office="办公室", leader=users["leader"], content=f"逾期{i}", deadline=past
        )
        m = submitted(
            seed,
            fresh_measure(seed, problem=2, office="农村科技股", leader=users["deputy"], content=f"审{i}"),
        )
        if i % 2:
            from zhenggai.ledger.transitions import measure_transition

            measure_transition(measure=m, move_name="confirm", actor=users["leader"])
            if i % 4 == 1:
                measure_transition(
                    measure=m, move_name="return_by_office", actor=users["xunchaban"], reason="退"
                )
    assert _queries(page, reverse("home")) == before_page
    assert _queries(token_client, reverse("api:me-tasks")) == before_api
    with django_assert_max_num_queries(25):
        page.get(reverse("home"))
    with django_assert_max_num_queries(20):
        token_client.get(reverse("api:me-tasks"))


def test_due_soon_and_overdue_follow_the_lights(seed, users):
    today = timezone.localdate()
    soon = fresh_measure(seed, problem=3, office="高新技术股", leader=users["deputy"], content="快到期",
                         deadline=today + dt.timedelta(days=3))  # fmt: skip
    late = fresh_measure(seed, problem=3, office="高新技术股", leader=users["deputy"], content="已逾期",
                         deadline=today - dt.timedelta(days=2))  # fmt: skip
    tasks = {(t.kind, t.object_id): t for t in tasks_for(users["clerk"], today=today)}
    assert "还有3天到期" in tasks[("due_soon", soon.pk)].detail
    assert "已逾期2天" in tasks[("overdue", late.pk)].detail
    assert ("due_soon", late.pk) not in tasks
