"""Dashboards and the scoped lists behind their numbers. Thin: selectors do the counting."""

import io
from typing import NamedTuple

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.scope import scope_for
from zhenggai.core.paging import OnePassPaginator
from zhenggai.core.query import query_page
from zhenggai.dashboards.export import dashboard_xlsx
from zhenggai.dashboards.selectors import dashboard_build, fetch_tuples, struck_off_per_week
from zhenggai.ledger.filters import Scope
from zhenggai.ledger.lights import (
    LIGHT_FILTER_LABELS,
    LIGHTS,
    LightDates,
    annotate_light,
    annotate_problem_light,
    measure_light_q,
)
from zhenggai.ledger.models import MeasureKind, MeasureStatus, ProblemStatus, ReviewOutcome
from zhenggai.ledger.permissions import (
    get_inspection_for_user,
    visible_inspections,
    visible_measures,
    visible_problems,
    visible_reviews,
)
from zhenggai.ledger.response_cache import cached_value

PAGE_SIZE = 50


class UnitChoice(NamedTuple):
    pk: int
    name: str


class RoundChoice(NamedTuple):
    pk: int
    name: str


class GroupChoice(NamedTuple):
    pk: int
    name: str
    round_name: str


# What a problem list's row shows (the unit's and the round's names, the problem's number, title, status).
PROBLEM_ROW = (
    "number", "title", "status", "inspection__unit__name", "inspection__unit__short_name",
    "inspection__unit__path", "inspection__round__name",
)  # fmt: skip
MEASURE_ROW = (
    "number", "content", "kind", "deadline", "status", "last_progress_on", "problem__number",
    "problem__inspection__feedback_date", "problem__inspection__unit__name",
    "problem__inspection__unit__short_name", "problem__inspection__unit__path",
    "responsible_office__name", "responsible_office__short_name",
)  # fmt: skip
UNIT_OPTIONS_LIMIT = 500  # beyond this the unit filter is a name search, not a list


def _choices(user, scope: Scope):
    """The filters' rounds, groups and units: what the user's visible inspections touch, read as
    plain tuples. A city lists its few hundred units; a province's thousands are no list to pick
    from (nor 300 KB of ``<option>``s on every page): there the unit is found by name.

    Kept while units, rounds, groups and the inspections' places are unchanged (``cached_value``),
    for those who see inspections by their units; an office's staff see those where their measures
    are, which the measures decide."""
    if scope_for(user).through_measures:
        return _read_choices(user, scope)
    return cached_value("choices", user, [str(scope.unit_id)], lambda: _read_choices(user, scope))


def _read_choices(user, scope: Scope):
    inspections = visible_inspections(user).order_by()
    rows = fetch_tuples(
        inspections.values_list(
            "round_id", "round__name", "round__year", "group_id", "group__name"
        ).distinct()
    )
    rounds, groups = {}, {}
    for round_id, round_name, year, group_id, group_name in rows:
        rounds[round_id] = (year, round_name)
        if group_id is not None:
            groups[group_id] = (round_id, group_name)

    def round_order(pk):  # Round.Meta.ordering: -year (nulls first), name
        year, name = rounds[pk]
        return (year is not None, -(year or 0), name)

    many = inspections.aggregate(n=Count("unit_id", distinct=True))["n"] > UNIT_OPTIONS_LIMIT
    if many:  # the list shows only the unit chosen (from a ranking's link), to keep or clear
        chosen = inspections.filter(unit_id=scope.unit_id).values_list("unit_id", "unit__name")[:1]
        units = fetch_tuples(chosen) if scope.unit_id else []
    else:
        units = fetch_tuples(
            inspections.values_list("unit_id", "unit__name", "unit__path").distinct().order_by("unit__path")
        )
    return {
        "rounds": [RoundChoice(pk, rounds[pk][1]) for pk in sorted(rounds, key=round_order)],
        "groups": [
            GroupChoice(pk, name, rounds[round_id][1])
            for pk, (round_id, name) in sorted(groups.items(), key=lambda g: (round_order(g[1][0]), g[1][1]))
        ],
        "units": [UnitChoice(row[0], row[1]) for row in units],
        "units_by_name": many,
    }


@login_required
def office_dashboard(request):
    scope = Scope.from_query(request.GET)
    board = dashboard_build(request.user, scope, LightDates.on())
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        dashboard_xlsx(board, buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="zhenggai-dashboard-{timezone.localdate()}.xlsx"'
        )
        return response
    # The ranking is paged like every list here: a province has thousands of units, and the
    # whole table is the XLSX export above. The chart shows the units of the page.
    units = Paginator(board.units, PAGE_SIZE).get_page(query_page(request.GET))
    chart = {
        "units": [row.name for row in units],
        "rate": [row.completion_rate for row in units],
        "statuses": {
            k: [row.figures.get(k, 0) for row in units]
            for k in ("completed", "long_term", "in_progress", "open")
        },
        "lights": {
            "red": board.totals["red"],
            "yellow": board.totals["yellow"],
            "struck_off": board.totals["struck_off"],
        },
    }
    context = {
        "board": board,
        "scope": scope,
        "query": scope.query(),
        "chart": chart,
        "units_page": units,
        **_choices(request.user, scope),
    }
    return render(request, "dashboards/office.html", context)


@login_required
def inspection_dashboard(request, pk):
    inspection = get_inspection_for_user(request.user, pk)
    scope = Scope(unit_id=inspection.unit_id, round_id=inspection.round_id)
    dates = LightDates.on()
    board = dashboard_build(request.user, scope, dates)
    month_end = dates.today.replace(day=28) + timezone.timedelta(days=4)
    month_end = month_end - timezone.timedelta(days=month_end.day)
    due = (
        scope.measures(visible_measures(request.user))
        .filter(deadline__gte=dates.today.replace(day=1), deadline__lte=month_end)
        .exclude(status=MeasureStatus.CLOSED)
        .select_related("problem", "responsible_office")
        .order_by("deadline")
    )
    weeks = struck_off_per_week(request.user, scope, inspection.feedback_date)
    chart = {
        "weeks": [w.isoformat() for w, _ in weeks],
        "counts": [n for _, n in weeks],
        "status": board.measures_by_status,
    }
    context = {"inspection": inspection, "board": board, "due": due, "chart": chart, "query": scope.query()}
    return render(request, "dashboards/inspection.html", context)


class ListFilter(NamedTuple):
    """One of a list's own filters in its filter bar: a choice (``choices``) or a check box."""

    name: str
    label: str
    value: str
    choices: tuple = ()


def _light_choices():
    return tuple((light, LIGHT_FILTER_LABELS[light]) for light in LIGHTS)


def _filter_bar(request, scope: Scope, filters: list[ListFilter]) -> dict:
    """What the list's filter bar shows: the scope's filters and the list's own, as the query
    string (a dashboard's number) set them, and whether any is set (for “清除筛选”)."""
    return {"list_filters": filters, "filtered": bool(scope.query() or any(f.value for f in filters))}


def _page(request, qs, paginator=Paginator):
    return paginator(qs, PAGE_SIZE).get_page(query_page(request.GET))


@login_required
def problem_list(request):
    scope = Scope.from_query(request.GET)
    dates = LightDates.on()
    qs = annotate_problem_light(scope.problems(visible_problems(request.user)), dates)
    status = request.GET.get("status", "")
    if status in ProblemStatus.values:
        qs = qs.filter(status=status)
    light = request.GET.get("light", "")
    if light in LIGHTS:
        qs = qs.filter(light=light)
    qs = (
        qs.select_related("inspection__unit", "inspection__round")
        .only(*PROBLEM_ROW)
        .order_by("inspection__unit__path", "number")
    )
    filters = [
        ListFilter(
            "status", _("问题状态"), status if status in ProblemStatus.values else "", ProblemStatus.choices
        ),
        ListFilter("light", _("预警"), light if light in LIGHTS else "", _light_choices()),
    ]
    context = {
        # every row's light is a subquery: the total comes with the page, not from a second pass
        "page": _page(request, qs, OnePassPaginator),
        "scope": scope,
        "status": status,
        "light": light,
        **_filter_bar(request, scope, filters),
        **_choices(request.user, scope),
    }
    return render(request, "dashboards/problem_list.html", context)


MEASURE_ORDERS = {"waiting": ("status_since", "pk")}


@login_required
def measure_list(request):
    scope = Scope.from_query(request.GET)
    dates = LightDates.on()
    qs = annotate_light(scope.measures(visible_measures(request.user)), dates)
    status = request.GET.get("status", "")
    if status in MeasureStatus.values:
        qs = qs.filter(status=status)
    light = request.GET.get("light", "")
    if light in LIGHTS:
        qs = qs.filter(measure_light_q(light, dates))
    kind = request.GET.get("kind", "")
    if kind in MeasureKind.values:
        qs = qs.filter(kind=kind)
    # 按等待时间: the oldest status move first, as the workbench's queues (their "查看全部" link).
    order = request.GET.get("order", "")
    order = order if order in MEASURE_ORDERS else ""
    qs = (
        qs.select_related("problem__inspection__unit", "responsible_office")
        .only(*MEASURE_ROW)
        .order_by(
            *MEASURE_ORDERS.get(order, ("problem__inspection__unit__path", "problem__number", "number"))
        )
    )
    filters = [
        ListFilter(
            "status", _("措施状态"), status if status in MeasureStatus.values else "", MeasureStatus.choices
        ),
        ListFilter("light", _("预警"), light if light in LIGHTS else "", _light_choices()),
        ListFilter("kind", _("整改类型"), kind if kind in MeasureKind.values else "", MeasureKind.choices),
        ListFilter("order", _("排序"), order, [("waiting", _("等待最久的在前"))]),
    ]
    context = {
        "page": _page(request, qs),
        "scope": scope,
        "status": status,
        "light": light,
        "kind": kind,
        "today": dates.today,
        **_filter_bar(request, scope, filters),
        **_choices(request.user, scope),
    }
    return render(request, "dashboards/measure_list.html", context)


@login_required
def review_list(request):
    scope = Scope.from_query(request.GET)
    dates = LightDates.on()
    qs = scope.reviews(visible_reviews(request.user)).select_related("problem__inspection__unit", "reviewer")
    due = bool(request.GET.get("due"))
    if due:
        qs = qs.filter(outcome=ReviewOutcome.PENDING, due_on__lte=dates.warn_until)
    qs = qs.order_by("due_on", "pk")
    filters = [ListFilter("due", _("只看待开展(到期或临期)"), "1" if due else "")]
    context = {
        "page": _page(request, qs),
        "scope": scope,
        **_filter_bar(request, scope, filters),
        **_choices(request.user, scope),
    }
    return render(request, "dashboards/review_list.html", context)
