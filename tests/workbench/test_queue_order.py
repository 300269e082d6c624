"""A decision queue is worked from its head: the oldest application first (by the date its status
last moved, ``Measure.status_since``), the first ``PER_KIND`` on the workbench, the whole queue
one link away."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.workbench.conftest import fresh_measure
from zhenggai.ledger.models import Measure
from zhenggai.ledger.services import progress_create
from zhenggai.ledger.transitions import measure_transition, status_since_rebuild
from zhenggai.workbench.selectors import PER_KIND, TaskKind, tasks_for


def _apply(seed, measure, on):
    from django.core.files.uploadedfile import SimpleUploadedFile

    progress_create(measure=measure, happened_on=on, text="已完成", reporter=seed.liaison,
                    files=[SimpleUploadedFile("记录.txt", b"ok", content_type="text/plain")])  # fmt: skip
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="已完成", on=on)


def _queue(seed, users, n):
    """``n`` close-outs applied for on distinct dates, in an order that is not the dates'."""
    today = timezone.localdate()
    applied = {}
    for i in sorted(range(n), key=lambda i: (i * 7) % n):
        measure = fresh_measure(
            seed, problem=2, office="农村科技股", leader=users["leader"], content=f"审{i}"
        )
        on = today - dt.timedelta(days=30 + i)
        _apply(seed, measure, on)
        applied[measure.pk] = on
    return applied


def test_the_status_date_is_the_date_of_the_latest_move(seed, users):
    applied = _queue(seed, users, 3)
    for pk, on in applied.items():
        assert Measure.objects.get(pk=pk).status_since == on
    pk = next(iter(applied))
    confirmed_on = timezone.localdate() - dt.timedelta(days=1)
    measure_transition(measure=Measure.objects.get(pk=pk), move_name="confirm", actor=users["leader"],
                       on=confirmed_on)  # fmt: skip
    assert Measure.objects.get(pk=pk).status_since == confirmed_on


def test_rows_written_in_bulk_get_their_status_date_rebuilt(seed, users):
    applied = _queue(seed, users, 3)
    Measure.objects.filter(pk__in=applied).update(status_since=None)
    assert status_since_rebuild() >= len(applied)
    assert {m.pk: m.status_since for m in Measure.objects.filter(pk__in=applied)} == applied


def test_the_leader_sees_the_oldest_applications_first_and_a_link_to_the_rest(seed, users, login):
    applied = _queue(seed, users, PER_KIND + 2)
    tasks = [t for t in tasks_for(users["leader"]) if t.kind == TaskKind.CONFIRM]
    assert len(tasks) == PER_KIND
    shown = [t.object_id for t in tasks if t.object_id in applied]
    oldest = sorted(applied, key=lambda pk: (applied[pk], pk))
    assert shown == oldest[: len(shown)] and len(shown) >= PER_KIND - 2  # the seed's own come first
    assert [t.since for t in tasks] == sorted(t.since for t in tasks)
    html = login(users["leader"]).get(reverse("home")).content.decode()
    section = html.split('id="tasks-confirm"')[1].split("</section>")[0]
    assert f"只列出最早的{PER_KIND}项" in section
    link = f"{reverse('measure_list')}?status=submitted&amp;order=waiting"
    assert f'href="{link}"' in section and "查看全部" in section
    listed = login(users["leader"]).get(link.replace("&amp;", "&")).content.decode()
    positions = [listed.find(f"审{i}<") for i in sorted(range(PER_KIND + 2), key=lambda i: -i)]
    assert -1 not in positions and positions == sorted(positions)  # the oldest application first


def test_the_header_badge_is_kept_a_while_and_the_workbench_counts_afresh(seed, users, login):
    import re

    from django.core.cache import cache

    from zhenggai.workbench.selectors import BADGE_SECONDS, _badge_key

    client = login(users["leader"])
    badge = re.compile(r'id="nav-workbench">[^<]*<span class="task-count"[^>]*>(\d+)</span>')

    def shown(url):
        found = badge.search(client.get(url).content.decode())
        return int(found.group(1)) if found else 0

    before = shown(reverse("problem_list"))
    assert cache.get(_badge_key(users["leader"])) is not None and BADGE_SECONDS <= 60
    _queue(seed, users, 2)  # two more close-outs for the leader to confirm
    assert shown(reverse("problem_list")) == before  # kept
    assert shown(reverse("home")) == before + 2  # the workbench counts afresh …
    assert shown(reverse("problem_list")) == before + 2  # … and the header follows


def test_the_header_says_what_the_workbench_says_when_a_queue_is_cut(seed, users, login):
    import re

    from django.core.cache import cache

    _queue(seed, users, PER_KIND + 2)
    on_workbench = tasks_for(users["leader"]).badge
    assert on_workbench.endswith("+")
    cache.clear()
    html = login(users["leader"]).get(reverse("problem_list")).content.decode()
    found = re.search(r'id="nav-workbench">[^<]*<span class="task-count"[^>]*>([\d+]+)</span>', html)
    assert found and found.group(1) == on_workbench


def test_after_the_users_own_action_the_header_counts_anew(seed, users, login):
    import re

    applied = _queue(seed, users, 2)
    client = login(users["leader"])
    badge = re.compile(r'id="nav-workbench">[^<]*<span class="task-count"[^>]*>(\d+)</span>')
    before = int(badge.search(client.get(reverse("problem_list")).content.decode()).group(1))
    pk = next(iter(applied))
    measure = Measure.objects.get(pk=pk)
    response = client.post(reverse("measure_move", args=[pk]), {"move": "confirm", "reason": "", "version": measure.version},
                           follow=True)  # fmt: skip
    assert response.status_code == 200 and Measure.objects.get(pk=pk).status == "confirmed"
    assert int(badge.search(response.content.decode()).group(1)) == before - 1
