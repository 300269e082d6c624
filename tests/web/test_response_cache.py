"""The busiest reads come from the response cache (zhenggai.ledger.response_cache) until anything they
show changes: the key holds the inspection's revision (kept by the database), who asks, the day, the
language and the header's unread count. Run with commits, as the server runs: inside a transaction
nothing is cached."""

import datetime as dt
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhenggai.accounts.models import Membership
from zhenggai.ledger.response_cache import HEADER
from zhenggai.ledger.services import progress_create
from zhenggai.supervision.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def _browser(user) -> Client:
    """A signed-in browser: the session and the CSRF cookie a real log-in leaves."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
    return client


def _urls(seed) -> dict[str, str]:
    problem = seed.problem(1)
    return {
        "ledger": reverse("inspection", args=[seed.inspection.pk]),
        "problem": reverse("problem", args=[problem.pk]),
        "api ledger": reverse("api:inspection-problems", args=[seed.inspection.pk]),
        "api measures": reverse("api:problem-measures", args=[problem.pk]),
    }


@pytest.mark.parametrize("which", ["ledger", "problem", "api ledger", "api measures"])
def test_the_second_read_is_a_hit_with_the_same_answer(seed, which):
    client = _browser(seed.liaison)
    url = _urls(seed)[which]
    first, second = client.get(url), client.get(url)
    assert (first.status_code, first[HEADER]) == (200, "miss")
    assert (second.status_code, second[HEADER]) == (200, "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("which", ["ledger", "problem", "api ledger", "api measures"])
def test_a_new_progress_entry_is_shown_at_once(seed, which):
    client = _browser(seed.liaison)
    url = _urls(seed)[which]
    client.get(url)
    assert client.get(url)[HEADER] == "hit"
    measure = seed.measure(1, 1)
    progress_create(
        measure=measure, reporter=seed.clerk, happened_on=timezone.localdate(), text="第七次专题推进会已召开"
    )
    response = client.get(url)
    assert response[HEADER] == "miss"
    if which == "api measures":
        return  # the measures list shows the measure (its last report moved: checked by the miss)
    assert "第七次专题推进会已召开" in response.content.decode()


def test_a_change_made_in_raw_sql_is_shown_at_once(seed):
    client = _browser(seed.liaison)
    url = _urls(seed)["problem"]
    client.get(url)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_problem SET title = %s WHERE id = %s", ["改过的问题标题", seed.problem(1).pk]
        )
    response = client.get(url)
    assert response[HEADER] == "miss" and "改过的问题标题" in response.content.decode()


def test_each_viewer_gets_their_own_page(seed):
    liaison, clerk = _browser(seed.liaison), _browser(seed.clerk)
    url = _urls(seed)["ledger"]
    assert "指导企业与高校、科研院所开展产学研合作" in liaison.get(url).content.decode()
    page = clerk.get(url)
    assert page[HEADER] == "miss"  # not the liaison's page
    assert "指导企业与高校、科研院所开展产学研合作" not in page.content.decode()  # another office's measure


def test_a_lost_membership_is_a_404_even_with_a_cached_page(seed):
    client = _browser(seed.clerk)
    url = _urls(seed)["ledger"]
    client.get(url)
    assert client.get(url)[HEADER] == "hit"
    Membership.objects.filter(user=seed.clerk).delete()
    assert client.get(url).status_code == 404


def test_a_new_role_is_a_new_page(seed):
    client = _browser(seed.clerk)
    url = _urls(seed)["problem"]
    client.get(url)
    Membership.objects.create(user=seed.clerk, unit=seed.unit, role="unit_liaison")
    assert client.get(url)[HEADER] == "miss"


def test_the_lights_turn_at_midnight(seed):
    client = _browser(seed.liaison)
    url = _urls(seed)["ledger"]
    client.get(url)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with mock.patch("zhenggai.ledger.response_cache.timezone.localdate", return_value=tomorrow):
        assert client.get(url)[HEADER] == "miss"


def test_english_is_not_served_the_chinese_page(seed):
    client = _browser(seed.liaison)
    url = _urls(seed)["ledger"]
    client.get(url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what the language selector leaves
    english = client.get(url)
    assert english[HEADER] == "miss" and english["Content-Language"] == "en"
    assert "Rectification" in english.content.decode() or "rectification" in english.content.decode()


def test_a_new_notification_shows_in_the_header(seed):
    client = _browser(seed.liaison)
    url = _urls(seed)["problem"]
    client.get(url)
    Notification.objects.create(user=seed.liaison, kind="digest", title="今日提醒")
    assert client.get(url)[HEADER] == "miss"


def test_a_renamed_unit_is_shown_at_once(seed):
    client = _browser(seed.liaison)
    url = _urls(seed)["ledger"]
    client.get(url)
    seed.unit.short_name = "区科学技术局(新)"
    seed.unit.save(update_fields=["short_name"])
    response = client.get(url)
    assert response[HEADER] == "miss" and "区科学技术局(新)" in response.content.decode()


def test_messages_waiting_are_shown_not_cached(seed):
    client = _browser(seed.liaison)
    measure = seed.measure(1, 1)
    posted = client.post(
        reverse("progress_new", args=[measure.pk]),
        {"happened_on": timezone.localdate().isoformat(), "precision": "day", "text": "已完成台账整理"},
        follow=True,
    )
    assert posted.status_code == 200 and "已记录整改进展" in posted.content.decode()
    assert posted[HEADER] == "bypass"
    again = client.get(posted.request["PATH_INFO"])
    assert again[HEADER] == "miss" and "已记录整改进展" not in again.content.decode()


def test_no_csrf_cookie_no_cache(seed):
    client = Client()
    client.force_login(seed.liaison)
    assert client.get(_urls(seed)["ledger"])[HEADER] == "bypass"


def test_nothing_is_cached_inside_a_transaction(seed):
    client = _browser(seed.liaison)
    with transaction.atomic():
        assert client.get(_urls(seed)["ledger"])[HEADER] == "bypass"


def test_switched_off(seed, settings):
    settings.ZHENGGAI_RESPONSE_CACHE = False
    client = _browser(seed.liaison)
    url = _urls(seed)["ledger"]
    assert [client.get(url)[HEADER] for _ in range(2)] == ["bypass", "bypass"]


def test_a_forged_id_is_a_404_before_any_cache(seed):
    client = _browser(seed.outsider)
    for url in _urls(seed).values():
        assert client.get(url).status_code == 404


def test_the_city_filters_list_a_new_inspection_at_once(seed):
    from zhenggai.accounts.models import Unit
    from zhenggai.inspections.models import Inspection

    client = _browser(seed.xunchaban)
    url = reverse("problem_list")
    assert "区农业农村局" not in client.get(url).content.decode()
    unit = Unit.objects.create(name="区农业农村局", parent=seed.unit.parent, kind=seed.unit.kind)
    Inspection.objects.create(
        round=seed.inspection.round, group=seed.inspection.group, unit=unit, feedback_date=dt.date(2024, 5, 1)
    )
    assert "区农业农村局" in client.get(url).content.decode()


def test_a_changed_setting_is_a_new_release(settings):
    from zhenggai.ledger.response_cache import _release

    _release.cache_clear()
    before = _release()
    settings.ZHENGGAI_ESCALATE_LEADER_DAYS = 99
    _release.cache_clear()
    try:
        assert _release() != before
    finally:
        _release.cache_clear()
