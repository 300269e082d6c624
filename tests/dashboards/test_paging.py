"""The problem list reads its page and its total in one query (core.paging): the same rows and
totals as Django's paginator, pages past the end give the last page, and no separate COUNT runs."""

import random

from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dashboards.test_dashboards import _generate
from zhenggai.core.paging import OnePassPaginator
from zhenggai.ledger.lights import LightDates, annotate_problem_light
from zhenggai.ledger.models import Problem


def test_same_pages_and_totals_as_django(seed):
    _generate(seed, units=3, rng=random.Random(5))
    problems = Problem.objects.order_by("inspection_id", "number")
    total = problems.count()
    assert total > 7
    for number in (1, 2, "2", 99, "x", None, -1):
        ours, theirs = OnePassPaginator(problems, 7).get_page(number), Paginator(problems, 7).get_page(number)
        assert (ours.number, ours.paginator.count, ours.paginator.num_pages) == (
            theirs.number,
            total,
            theirs.paginator.num_pages,
        )
        assert [p.pk for p in ours] == [p.pk for p in theirs]
    empty = OnePassPaginator(Problem.objects.none(), 7).get_page(1)
    assert (empty.number, empty.paginator.count, list(empty)) == (1, 0, [])


def test_the_problem_list_counts_with_its_page(login, seed):
    client = login(seed.xunchaban)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("problem_list"), {"light": "red"}).content.decode()
    # (the header's count of open tasks, one UNION ALL of the workbench's queues, is not the list's)
    table = connection.ops.quote_name("ledger_problem")
    problems = [q["sql"] for q in queries if table in q["sql"] and "UNION ALL" not in q["sql"]]
    assert len(problems) == 1 and "OVER ()" in problems[0]
    red = annotate_problem_light(Problem.objects.live(), LightDates.on()).filter(light="red").count()
    assert red and f"共 {red} 项" in page
