"""Every API route and method, as every persona: the exact status. A route missing here fails.

Keys are (route name, method), plus a third element for a variant of the same request (409s).

The same roles may do the same things as on the pages (tests/access/test_permission_matrix.py):
401 without credentials, 404 for objects outside the user's view (missing and forbidden look the
same), 403 when the user sees the object but may not do this, and the success code otherwise.
Each persona's request runs in a transaction that is rolled back, so all start from the same state.
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, reverse
from rest_framework.test import APIClient

from tests.api.conftest import PERSONAS
from zhenggai.api import urls as api_urls
from zhenggai.api.tokens import token_create
from zhenggai.ledger.models import Evidence, LookBackReview
from zhenggai.ledger.reviews import review_record
from zhenggai.ledger.services import (
    measure_create,
    measure_delete,
    problem_create,
    problem_delete,
    progress_create,
    progress_delete,
)

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]
SEES_UNIT = ("xunchaban", "group3", "leader", "liaison")
# Measure 3.2 (建立高新技术企业储备库): office 高新技术股 (clerk), led by the deputy.
SEES_MEASURE = SEES_UNIT + ("deputy", "clerk")
REPORTS_ON_MEASURE = ("leader", "liaison", "deputy", "clerk")
KEEPS_PLAN = ("leader", "liaison")
SUPERVISES = ("xunchaban", "group3")


def outcomes(code, ok=(), forbidden=(), **rest):
    """``ok`` get ``code``, ``forbidden`` 403, anonymous 401; everyone else signed in gets 404."""
    table = {p: 404 for p in PERSONAS}
    table["anonymous"] = 401
    table.update({p: code for p in ok})
    table.update({p: 403 for p in forbidden})
    table.update(rest)
    return table


def everyone(code):
    return outcomes(code, ok=SIGNED_IN)


@dataclass
class Case:
    args: callable = lambda s, u: []
    data: callable = None
    expected: dict = field(default_factory=dict)


def _m32(s, u):
    return s.measure(3, 2)


def _fresh_measure(s, u):
    """A not-started measure seen exactly as 3.2 is (高新技术股, led by the deputy), on a new problem."""
    problem = problem_create(inspection=s.inspection, title="矩阵用问题")
    return measure_create(
        problem=problem,
        content="矩阵用措施",
        kind="deadline",
        deadline=dt.date(2031, 12, 31),
        responsible_office=s.office("高新技术股"),
        leader_user=u["deputy"],
    )


def _fresh_progress(s, u):
    return progress_create(
        measure=_fresh_measure(s, u),
        happened_on=dt.date(2023, 1, 5),
        text="矩阵用进展",
        reporter=u["liaison"],
    )


def _deleted_problem(s, u):
    problem = _fresh_measure(s, u).problem
    problem_delete(problem=problem, actor=u["liaison"])
    return problem


def _deleted_measure(s, u):
    measure = _fresh_measure(s, u)
    measure_delete(measure=measure, actor=u["liaison"])
    return measure


def _deleted_progress(s, u):
    entry = _fresh_progress(s, u)
    progress_delete(entry=entry, actor=u["liaison"])
    return entry


def _review(s, u):
    return LookBackReview.objects.get(problem=s.problem(4))


def _recorded_review(s, u):
    review = _review(s, u)
    review_record(review=review, outcome="holds", notes="巩固", reviewer=u["xunchaban"])
    return review


def _committee(s, u):
    return s.inspection.round.committee


def _sibling(s, u):
    from zhenggai.accounts.models import Membership

    return Membership.objects.get(user=u["outsider"], role="unit_liaison").unit


def _other_office(s, u):
    from zhenggai.accounts.models import Unit

    return Unit.objects.filter(kind="office", parent=s.unit).exclude(name="高新技术股").first()


def _clerk_role(s, u):
    from zhenggai.accounts.models import Membership

    return Membership.objects.get(user=u["clerk"], role="office_clerk")


OFFICE = ("xunchaban",)
ONLY_OFFICE_422 = {p: 422 for p in SIGNED_IN}


MATRIX = {
    ("me", "get"): Case(expected=everyone(200)),
    ("me-tasks", "get"): Case(expected=everyone(200)),  # one's own tasks (tests/workbench)
    ("me-notifications", "get"): Case(expected=everyone(200)),  # one's own notifications
    ("schema", "get"): Case(expected=everyone(200)),
    ("token-list", "get"): Case(expected=everyone(200)),
    # The matrix authenticates with tokens, and a token may not create tokens (only a web session).
    ("token-list", "post"): Case(
        data=lambda s, u: {"name": "矩阵"}, expected=outcomes(201, forbidden=SIGNED_IN)
    ),
    ("token-detail", "delete"): Case(  # the leader's token: only the leader may revoke it
        args=lambda s, u: [token_create(user=u["leader"], name="目标")[0].pk],
        expected=outcomes(204, ok=("leader",)),
    ),
    ("inspection-list", "get"): Case(expected=everyone(200)),
    ("search", "get"): Case(data=lambda s, u: {"q": "整改"}, expected=everyone(200)),  # scoped: test below
    ("inspection-detail", "get"): Case(
        args=lambda s, u: [s.inspection.pk], expected=outcomes(200, SEES_MEASURE)
    ),
    ("inspection-offices", "get"): Case(
        args=lambda s, u: [s.inspection.pk], expected=outcomes(200, SEES_MEASURE)
    ),
    ("inspection-export", "get"): Case(  # scoped: a clerk or 班子成员 gets their part
        args=lambda s, u: [s.inspection.pk], expected=outcomes(200, SEES_MEASURE)
    ),
    # The notice composed for today, and the report: whole-ledger viewers only (decision 0005).
    ("document-notice", "get"): Case(args=lambda s, u: [s.inspection.pk], expected=outcomes(200, SEES_UNIT)),
    ("document-report", "get"): Case(
        args=lambda s, u: [s.inspection.pk],
        data=lambda s, u: {"output": "docx"},
        expected=outcomes(200, SEES_UNIT),
    ),
    ("document-closeout", "get"): Case(
        args=lambda s, u: [s.inspection.pk],
        data=lambda s, u: {"output": "docx"},
        expected=outcomes(200, SEES_UNIT),
    ),
    ("document-notice", "get", "published notice"): Case(  # public: every viewer
        args=lambda s, u: [s.inspection.pk],
        data=lambda s, u: {"output": "html", "date": s.inspection.notices.get().signed_on.isoformat()},
        expected=outcomes(200, SEES_MEASURE),
    ),
    ("document-ledger", "get"): Case(  # scoped: a clerk or 班子成员 gets their rows
        args=lambda s, u: [s.inspection.pk], expected=outcomes(200, SEES_MEASURE)
    ),
    ("inspection-problems", "get"): Case(
        args=lambda s, u: [s.inspection.pk], expected=outcomes(200, SEES_MEASURE)
    ),
    ("inspection-problems", "post"): Case(
        args=lambda s, u: [s.inspection.pk],
        data=lambda s, u: {"title": "矩阵新增问题"},
        expected=outcomes(201, KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    ("inspection-recycle-bin", "get"): Case(  # who could delete something of it; supervisors delete nothing
        args=lambda s, u: [s.inspection.pk],
        expected=outcomes(200, KEEPS_PLAN + ("deputy", "clerk"), forbidden=SUPERVISES),
    ),
    # restores: only who could have deleted it; for everyone else the deleted row does not exist
    ("problem-restore", "post"): Case(
        args=lambda s, u: [_deleted_problem(s, u).pk], expected=outcomes(200, KEEPS_PLAN)
    ),
    ("measure-restore", "post"): Case(
        args=lambda s, u: [_deleted_measure(s, u).pk], expected=outcomes(200, KEEPS_PLAN)
    ),
    ("progress-restore", "post"): Case(
        args=lambda s, u: [_deleted_progress(s, u).pk], expected=outcomes(200, REPORTS_ON_MEASURE)
    ),
    ("problem-detail", "get"): Case(
        args=lambda s, u: [s.problem(3).pk], expected=outcomes(200, SEES_MEASURE)
    ),
    ("problem-detail", "patch"): Case(
        args=lambda s, u: [s.problem(3).pk],
        data=lambda s, u: {"lead_leader": "党组成员、副局长", "version": s.problem(3).version},
        expected=outcomes(200, KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    ("problem-detail", "delete"): Case(
        args=lambda s, u: [_fresh_measure(s, u).problem_id],
        expected=outcomes(204, KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    ("problem-measures", "get"): Case(
        args=lambda s, u: [s.problem(3).pk], expected=outcomes(200, SEES_MEASURE)
    ),
    ("problem-measures", "post"): Case(
        args=lambda s, u: [s.problem(3).pk],
        data=lambda s, u: {"content": "矩阵新增措施", "kind": "long_term"},
        expected=outcomes(201, KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    ("problem-timeline", "get"): Case(
        args=lambda s, u: [s.problem(3).pk], expected=outcomes(200, SEES_MEASURE)
    ),
    ("problem-reviews", "get"): Case(  # problem 4: 成果转化股's measures, so not the clerk's
        args=lambda s, u: [s.problem(4).pk], expected=outcomes(200, SEES_UNIT + ("deputy",))
    ),
    ("measure-list", "get"): Case(expected=everyone(200)),
    ("measure-detail", "get"): Case(args=lambda s, u: [_m32(s, u).pk], expected=outcomes(200, SEES_MEASURE)),
    ("measure-detail", "patch"): Case(
        args=lambda s, u: [_fresh_measure(s, u).pk],
        data=lambda s, u: {"version": 1, "completion_standard": "储备库建成"},
        expected=outcomes(200, KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    ("measure-detail", "delete"): Case(
        args=lambda s, u: [_fresh_measure(s, u).pk],
        expected=outcomes(204, KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    ("measure-moves", "get"): Case(args=lambda s, u: [_m32(s, u).pk], expected=outcomes(200, SEES_MEASURE)),
    ("measure-moves", "post"): Case(  # 启动整改: unit workers and leaders; the supervisors may not
        args=lambda s, u: [_fresh_measure(s, u).pk],
        data=lambda s, u: {"move": "start"},
        expected=outcomes(201, REPORTS_ON_MEASURE, forbidden=SUPERVISES),
    ),
    ("measure-progress", "get"): Case(
        args=lambda s, u: [_m32(s, u).pk], expected=outcomes(200, SEES_MEASURE)
    ),
    ("measure-progress", "post"): Case(
        args=lambda s, u: [_fresh_measure(s, u).pk],
        data=lambda s, u: {"happened_on": "2023-03-01", "text": "矩阵新增进展"},
        expected=outcomes(201, REPORTS_ON_MEASURE, forbidden=SUPERVISES),
    ),
    ("progress-detail", "get"): Case(
        args=lambda s, u: [_m32(s, u).progress.get().pk], expected=outcomes(200, SEES_MEASURE)
    ),
    ("progress-detail", "patch"): Case(
        args=lambda s, u: [_fresh_progress(s, u).pk],
        data=lambda s, u: {"text": "矩阵用进展(更正)", "version": 1},
        expected=outcomes(200, REPORTS_ON_MEASURE, forbidden=SUPERVISES),
    ),
    ("progress-detail", "delete"): Case(
        args=lambda s, u: [_fresh_progress(s, u).pk],
        expected=outcomes(204, REPORTS_ON_MEASURE, forbidden=SUPERVISES),
    ),
    ("evidence-download", "get"): Case(
        args=lambda s, u: [Evidence.objects.get(entry__measure=_m32(s, u)).pk],
        expected=outcomes(200, SEES_MEASURE),
    ),
    ("review-list", "get"): Case(expected=everyone(200)),
    ("review-detail", "get"): Case(
        args=lambda s, u: [_review(s, u).pk], expected=outcomes(200, SEES_UNIT + ("deputy",))
    ),
    ("review-outcome", "post"): Case(  # recorded by the supervisors; the unit may not judge itself
        args=lambda s, u: [_review(s, u).pk],
        data=lambda s, u: {"outcome": "holds", "notes": "抽查企业服务台账,未见反弹"},
        expected=outcomes(200, SUPERVISES, forbidden=("leader", "liaison", "deputy")),
    ),
    # The same routes where the object's state refuses the request: 409 for whoever may try.
    ("measure-detail", "patch", "stale version"): Case(
        args=lambda s, u: [_m32(s, u).pk],
        data=lambda s, u: {"version": _m32(s, u).version - 1, "completion_standard": "储备库建成"},
        expected=outcomes(409, KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    ("measure-detail", "patch", "struck off (frozen)"): Case(
        args=lambda s, u: [_m32(s, u).pk],
        data=lambda s, u: {"version": _m32(s, u).version, "completion_standard": "储备库建成"},
        expected=outcomes(409, KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    ("problem-detail", "patch", "stale version"): Case(
        args=lambda s, u: [s.problem(3).pk],
        data=lambda s, u: {"lead_leader": "党组成员、副局长", "version": s.problem(3).version + 1},
        expected=outcomes(409, KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    ("progress-detail", "patch", "stale version"): Case(
        args=lambda s, u: [_fresh_progress(s, u).pk],
        data=lambda s, u: {"text": "矩阵用进展(更正)", "version": 2},
        expected=outcomes(409, REPORTS_ON_MEASURE, forbidden=SUPERVISES),
    ),
    ("measure-progress", "post", "struck off (frozen)"): Case(
        args=lambda s, u: [_m32(s, u).pk],
        data=lambda s, u: {"happened_on": "2023-03-01", "text": "矩阵新增进展"},
        expected=outcomes(409, REPORTS_ON_MEASURE, forbidden=SUPERVISES),
    ),
    ("progress-detail", "patch", "struck off (frozen)"): Case(
        args=lambda s, u: [_m32(s, u).progress.get().pk],
        data=lambda s, u: {"text": "改写已销号的进展", "version": 1},
        expected=outcomes(409, REPORTS_ON_MEASURE, forbidden=SUPERVISES),
    ),
    ("measure-detail", "delete", "closed"): Case(
        args=lambda s, u: [_m32(s, u).pk],
        expected=outcomes(409, KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    ("problem-detail", "delete", "closed measures"): Case(
        args=lambda s, u: [s.problem(3).pk],
        expected=outcomes(409, KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    ("measure-moves", "post", "wrong status"): Case(  # 批准销号 of a measure not yet started
        args=lambda s, u: [_fresh_measure(s, u).pk],
        data=lambda s, u: {"move": "approve"},
        expected=outcomes(409, REPORTS_ON_MEASURE + ("xunchaban",), forbidden=("group3",)),
    ),
    ("progress-detail", "delete", "used for close-out"): Case(
        args=lambda s, u: [_m32(s, u).progress.get().pk],
        expected=outcomes(409, REPORTS_ON_MEASURE, forbidden=SUPERVISES),
    ),
    ("measure-restore", "post", "problem still deleted"): Case(
        args=lambda s, u: [_deleted_problem(s, u).measures.get().pk],
        expected=outcomes(409, KEEPS_PLAN),
    ),
    ("review-outcome", "post", "already recorded"): Case(
        args=lambda s, u: [_recorded_review(s, u).pk],
        data=lambda s, u: {"outcome": "relapsed", "notes": "再看"},
        expected=outcomes(409, SUPERVISES, forbidden=("leader", "liaison", "deputy")),
    ),
    # Set-up (zhenggai/setup): the inspection office's cycle, units and liaisons; a liaison's offices and
    # people. Lists are scoped (empty for others); an id in the body one may not use is 422.
    ("round-list", "get"): Case(expected=everyone(200)),
    ("round-list", "post"): Case(
        data=lambda s, u: {"committee": _committee(s, u).pk, "name": "矩阵轮次"},
        expected=outcomes(201, OFFICE, **{p: 422 for p in SIGNED_IN if p not in OFFICE}),
    ),
    ("round-detail", "get"): Case(args=lambda s, u: [s.inspection.round_id], expected=outcomes(200, OFFICE)),
    ("round-detail", "patch"): Case(
        args=lambda s, u: [s.inspection.round_id],
        data=lambda s, u: {"topic": "矩阵"},
        expected=outcomes(200, OFFICE),
    ),
    ("round-groups", "get"): Case(args=lambda s, u: [s.inspection.round_id], expected=outcomes(200, OFFICE)),
    ("round-groups", "post"): Case(
        args=lambda s, u: [s.inspection.round_id],
        data=lambda s, u: {"name": "矩阵巡察组"},
        expected=outcomes(201, OFFICE),
    ),
    ("group-detail", "get"): Case(args=lambda s, u: [s.inspection.group_id], expected=outcomes(200, OFFICE)),
    ("group-detail", "patch"): Case(
        args=lambda s, u: [s.inspection.group_id],
        data=lambda s, u: {"number": 9},
        expected=outcomes(200, OFFICE),
    ),
    ("inspection-list", "post"): Case(
        data=lambda s, u: {
            "round": s.inspection.round_id,
            "group": s.inspection.group_id,
            "unit": _sibling(s, u).pk,
        },  # fmt: skip
        expected=outcomes(201, OFFICE, **{p: 422 for p in SIGNED_IN if p not in OFFICE}),
    ),
    ("inspection-detail", "patch"): Case(
        args=lambda s, u: [s.inspection.pk],
        data=lambda s, u: {"feedback_document": "区委巡察反馈意见"},
        expected=outcomes(200, OFFICE, forbidden=tuple(p for p in SEES_MEASURE if p not in OFFICE)),
    ),
    ("inspection-feedback", "post"): Case(
        args=lambda s, u: [s.inspection.pk],
        data=lambda s, u: {"problems": [{"title": "矩阵用问题", "group": "矩阵方面"}]},
        expected=outcomes(201, OFFICE, forbidden=tuple(p for p in SEES_MEASURE if p not in OFFICE)),
    ),
    ("inspection-open", "post"): Case(
        args=lambda s, u: [s.inspection.pk],
        expected=outcomes(200, OFFICE, forbidden=tuple(p for p in SEES_MEASURE if p not in OFFICE)),
    ),
    ("inspection-group-confirm", "post"): Case(
        args=lambda s, u: [s.inspection.pk],
        expected=outcomes(200, OFFICE, forbidden=tuple(p for p in SEES_MEASURE if p not in OFFICE)),
    ),
    ("unit-list", "get"): Case(expected=everyone(200)),
    ("unit-list", "post"): Case(  # an office (股室) of the unit: its liaison, or the committee's office
        data=lambda s, u: {"parent": s.unit.pk, "name": "矩阵股"},
        expected=outcomes(
            201,
            ("xunchaban", "liaison"),
            **{p: 422 for p in ("group3", "leader", "deputy", "clerk", "outsider")},
        ),
    ),
    ("unit-detail", "get"): Case(
        args=lambda s, u: [s.unit.pk], expected=outcomes(200, ("xunchaban", "liaison"))
    ),
    ("unit-detail", "patch"): Case(  # a unit is renamed by its committee's office, not by its liaison
        args=lambda s, u: [s.unit.pk],
        data=lambda s, u: {"short_name": "科技局"},
        expected=outcomes(200, OFFICE, forbidden=("liaison",)),
    ),
    ("person-list", "get"): Case(expected=everyone(200)),
    ("person-list", "post"): Case(  # a clerk is added by the unit's liaison
        data=lambda s, u: {
            "username": "juzhen",
            "name": "矩阵经办人",
            "unit": s.office("高新技术股").pk,
            "role": "office_clerk",
        },  # fmt: skip
        expected=outcomes(201, ("liaison",), **{p: 422 for p in SIGNED_IN if p != "liaison"}),
    ),
    ("person-detail", "get"): Case(args=lambda s, u: [u["clerk"].pk], expected=outcomes(200, ("liaison",))),
    ("person-detail", "patch"): Case(
        args=lambda s, u: [u["clerk"].pk],
        data=lambda s, u: {"email": "clerk@example.org"},
        expected=outcomes(200, ("liaison",)),
    ),
    ("person-password-reset", "post"): Case(
        args=lambda s, u: [u["clerk"].pk], expected=outcomes(200, ("liaison",))
    ),
    ("membership-list", "get"): Case(expected=everyone(200)),
    ("membership-list", "post"): Case(
        data=lambda s, u: {"user": u["clerk"].pk, "unit": _other_office(s, u).pk, "role": "office_clerk"},
        expected=outcomes(201, ("liaison",), **{p: 422 for p in SIGNED_IN if p != "liaison"}),
    ),
    ("membership-detail", "patch"): Case(
        args=lambda s, u: [_clerk_role(s, u).pk],
        data=lambda s, u: {"title": "科员"},
        expected=outcomes(200, ("liaison",)),
    ),
    ("membership-detail", "delete"): Case(
        args=lambda s, u: [_clerk_role(s, u).pk], expected=outcomes(204, ("liaison",))
    ),
}

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def api_routes():
    """(name, method) for every route of zhenggai.api.urls and every method its view answers."""
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern) and pattern.name, pattern
        view_class = pattern.callback.view_class
        for method in HTTP_METHODS:
            if hasattr(view_class, method):
                yield pattern.name, method


def test_every_route_and_method_is_in_the_matrix():
    routes = set(api_routes())
    covered = {key[:2] for key in MATRIX}
    assert routes - covered == set(), "add these routes to the API permission matrix"
    assert covered - routes == set()


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda key: " ".join((key[1], *key[:1], *key[2:])))
def test_matrix(seed, users, key):
    name, method = key[:2]
    case = MATRIX[key]
    assert set(case.expected) == set(PERSONAS)
    secrets = {p: token_create(user=users[p], name="矩阵")[1] for p in SIGNED_IN}
    url = reverse(f"api:{name}", args=case.args(seed, users))
    data = case.data(seed, users) if case.data else None
    seen = {}
    for persona in PERSONAS:
        client = APIClient()
        if persona != "anonymous":
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secrets[persona]}")
        with transaction.atomic():
            response = getattr(client, method)(url, data, format="json")
            transaction.set_rollback(True)
        seen[persona] = response.status_code
        if response.status_code in (401, 403, 404):
            body = response.json()
            assert set(body) == {"detail", "errors"} and body["detail"], (persona, body)
    assert seen == case.expected


def test_search_finds_only_what_each_persona_sees(seed, users, api):
    """The API's search is scoped as the page is: a word in 3.2's progress is found by exactly
    those who see 3.2; the outsider gets an empty list, not an error."""
    entry = progress_create(
        measure=seed.measure(3, 3), happened_on=dt.date(2023, 3, 1), text="对储备企业逐家甄别核实",
        reporter=users["liaison"],
    )  # fmt: skip
    seen = {}
    for persona in PERSONAS:
        response = api(users.get(persona)).get(reverse("api:search"), {"q": "甄别"})
        if response.status_code != 200:
            seen[persona] = response.status_code
            continue
        found = [(hit["kind"], hit["id"]) for hit in response.json()["results"]]
        seen[persona] = "hit" if found == [("progress", entry.pk)] else found
    hits = {p: "hit" for p in SEES_MEASURE}
    assert seen == {p: hits.get(p, []) for p in PERSONAS} | {"anonymous": 401}
