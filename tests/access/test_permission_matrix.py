"""Every URL, as every persona: the exact outcome. A URL missing from the matrix fails the test.

Outcomes: "ok" (200, or a redirect that is not to the log-in page), "login" (redirect to log in),
403 (may see the object but not do this), 404 (does not exist *or* is not theirs: the same).
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zhenggai.ledger.models import Evidence, LookBackReview

PERSONAS = ["anonymous", "xunchaban", "group3", "leader", "deputy", "liaison", "clerk", "outsider"]
EVERYONE = {p: "ok" for p in PERSONAS if p != "anonymous"} | {"anonymous": "login"}


def outcomes(ok=(), forbidden=(), anonymous="login", **rest):
    """Everyone not named who is signed in gets 404 (the object is not theirs)."""
    table = {p: 404 for p in PERSONAS}
    table["anonymous"] = anonymous
    table.update({p: "ok" for p in ok})
    table.update({p: 403 for p in forbidden})
    table.update(rest)
    return table


SEES_UNIT = ("xunchaban", "group3", "leader", "liaison")
# Measure 3.2 (建立高新技术企业储备库): office 高新技术股 (clerk), led by the deputy.
SEES_MEASURE = SEES_UNIT + ("deputy", "clerk")
REPORTS_ON_MEASURE = ("leader", "liaison", "deputy", "clerk")
KEEPS_PLAN = ("leader", "liaison")


@dataclass
class Case:
    method: str
    args: callable
    expected: dict


def _measure(seed):
    return seed.measure(3, 2)


MATRIX = {
    "home": Case("get", lambda s: [], EVERYONE),
    # Dashboards and lists are scoped, not refused: everyone signed in gets their own figures.
    "dashboard": Case("get", lambda s: [], EVERYONE),
    "problem_list": Case("get", lambda s: [], EVERYONE),
    "measure_list": Case("get", lambda s: [], EVERYONE),
    "review_list": Case("get", lambda s: [], EVERYONE),
    "inspection_dashboard": Case("get", lambda s: [s.inspection.pk], outcomes(ok=SEES_MEASURE)),
    "login": Case("get", lambda s: [], {p: "ok" for p in PERSONAS}),
    "logout": Case("post", lambda s: [], {p: "login" for p in PERSONAS}),  # back to the log-in page
    "inspection": Case("get", lambda s: [s.inspection.pk], outcomes(ok=SEES_MEASURE)),
    "problem_new": Case(
        "get",
        lambda s: [s.inspection.pk],
        outcomes(ok=KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    "problem": Case("get", lambda s: [s.problem(3).pk], outcomes(ok=SEES_MEASURE)),
    "problem_delete": Case(
        "post",
        lambda s: [s.problem(3).pk],
        outcomes(ok=KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    "measure_new": Case(
        "get",
        lambda s: [s.problem(3).pk],
        outcomes(ok=KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    "measure_edit": Case(
        "get",
        lambda s: [_measure(s).pk],
        outcomes(ok=KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    "measure_move": Case("post", lambda s: [_measure(s).pk], outcomes(ok=SEES_MEASURE)),
    "measure_delete": Case(
        "post",
        lambda s: [_measure(s).pk],
        outcomes(ok=KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    "progress_new": Case(
        "get", lambda s: [_measure(s).pk], outcomes(ok=REPORTS_ON_MEASURE, forbidden=("xunchaban", "group3"))
    ),
    "progress_edit": Case(
        "get",
        lambda s: [_measure(s).progress.get().pk],
        outcomes(ok=REPORTS_ON_MEASURE, forbidden=("xunchaban", "group3")),
    ),
    "progress_delete": Case(
        "post",
        lambda s: [_measure(s).progress.get().pk],
        outcomes(ok=REPORTS_ON_MEASURE, forbidden=("xunchaban", "group3")),
    ),
    "evidence": Case(
        "get", lambda s: [Evidence.objects.get(entry__measure=_measure(s)).pk], outcomes(ok=SEES_MEASURE)
    ),
    "review_submit": Case(
        "post",
        lambda s: [LookBackReview.objects.get(problem=s.problem(4)).pk],
        outcomes(
            ok=("xunchaban", "group3"), forbidden=("leader", "liaison", "deputy")
        ),  # deputy leads 4's measures
    ),
}


def _named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            # The admin has its own test below; the API has its own matrix (tests/api/test_api_matrix.py).
            if pattern.namespace in ("admin", "api") or str(pattern.pattern).startswith(("i18n/", "api/")):
                continue
            yield from _named_urls(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    names = set(_named_urls())
    assert None not in names, "every URL needs a name"
    assert names - set(MATRIX) == set(), "add these URLs to the permission matrix"
    assert set(MATRIX) - names == set()


def _outcome(response):
    if response.status_code in (301, 302):
        return "login" if response["Location"].startswith("/login/") else "ok"
    return "ok" if response.status_code == 200 else response.status_code


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(client, seed, name):
    case = MATRIX[name]
    assert set(case.expected) == set(PERSONAS)
    users = {u.username: u for u in get_user_model().objects.all()}
    url = reverse(name, args=case.args(seed))
    seen = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(users[persona])
        response = getattr(client, case.method)(url)
        seen[persona] = _outcome(response)
    assert seen == case.expected


def test_admin_is_for_staff_only(client, seed):
    for username in ("xunchaban", "leader", "liaison", "outsider"):
        client.force_login(get_user_model().objects.get(username=username))
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
