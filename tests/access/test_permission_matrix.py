"""Every URL, as every persona: the exact outcome. A URL missing from the matrix fails the test.

Outcomes: "ok" (200, or a redirect that is not to the log-in page), "login" (redirect to log in),
403 (may see the object but not do this), 404 (does not exist *or* is not theirs: the same).
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from zhenggai.ledger.models import Evidence, LookBackReview
from zhenggai.supervision.models import Notification
from zhenggai.supervision.services import notice_issue

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


def _job(seed):
    """A finished export job of the liaison's: only its owner may see or download it."""
    from django.core.files.base import ContentFile

    from zhenggai.jobs.models import Job

    job = Job.objects.create(kind="ledger_export", owner=seed.liaison, state="done", total=1, done=1)
    job.result.save("ledger.xlsx", ContentFile(b"PK"), save=False)
    job.result_name = "台账.xlsx"
    job.save()
    return job.pk


def _measure(seed):
    return seed.measure(3, 2)


def _deleted_measure(seed):
    """A measure seen exactly as 3.2 is (高新技术股, led by the deputy), with an entry; both deleted."""
    from zhenggai.ledger.services import measure_create, measure_delete, progress_create, progress_delete

    users = {u.username: u for u in get_user_model().objects.all()}
    measure = measure_create(
        problem=seed.problem(3),
        content="矩阵用措施",
        kind="long_term",
        responsible_office=seed.office("高新技术股"),
        leader_user=users["deputy"],
    )
    entry = progress_create(measure=measure, happened_on=timezone.localdate(), text="矩阵用进展")
    progress_delete(entry=entry)
    measure_delete(measure=measure)
    return measure


def _deleted_entry(seed):
    from zhenggai.ledger.recycle_bin import measure_restore

    measure = _deleted_measure(seed)
    measure_restore(measure=measure)
    return measure.progress.get()


def _deleted_problem(seed):
    from zhenggai.ledger.services import problem_create, problem_delete

    problem = problem_create(inspection=seed.inspection, title="矩阵用问题")
    problem_delete(problem=problem)
    return problem


PUBLIC = {p: "ok" for p in PERSONAS}


def _draft(seed):
    """A draft notice (the seed's own notice is published): composed from the ledger now."""
    from zhenggai.notices.services import notice_create

    day = timezone.localdate()
    return notice_create(inspection=seed.inspection, cutoff_date=day, signed_on=day).pk


def _published(seed):
    return seed.inspection.notices.get(state="published").pk


def _feedback(seed):
    """Feedback from the public on the seed notice, not transferred to any office."""
    from zhenggai.public.services import feedback_submit

    notice = seed.inspection.notices.get(state="published")
    return feedback_submit(unit=seed.unit, notice=notice, message="群众意见", nonce="matrix").feedback.pk


def _notice(seed):
    """A 督办 the inspection office issued on problem 3."""
    due = timezone.localdate()
    return notice_issue(
        problem=seed.problem(3), issued_by=seed.xunchaban, content="请说明整改进展", answer_due=due
    )


def _notification(seed):
    """A notification of the liaison's: nobody else's to open."""
    return Notification.objects.create(user=seed.liaison, title="整改提醒", url="/")


def _intake_draft(seed):
    """A notice the liaison uploaded for review: nobody else's to open."""
    from zhenggai.intake import read_notice
    from zhenggai.intake_ui.services import draft_create

    notice = read_notice(
        "中共滨州市沾化区科学技术局党组关于二届区委第二轮巡察整改进展情况的通报\n巡察反馈问题1项。"
    )
    return draft_create(user=seed.liaison, source_name="通报.txt", source_kind="text", parsed=notice)


def _user_session(seed):
    """A session of the liaison's on another device: nobody else's to end."""
    from zhenggai.signin.models import UserSession

    now = timezone.now()
    return UserSession.objects.create(
        user=seed.liaison, session_key="matrix-other-device", created_at=now, last_seen=now
    )


def _clerk_role(seed):
    from zhenggai.accounts.models import Membership

    return Membership.objects.get(user=seed.clerk, role="office_clerk")


# The set-up pages (zhenggai/setup): for the inspection office (its committee's cycle, units,
# staff and liaisons) and for the units' liaisons (their offices and people); nobody else.
SETS_UP = ("xunchaban", "liaison", "outsider")
OFFICE_ONLY = outcomes(ok=("xunchaban",))


MATRIX = {
    "home": Case("get", lambda s: [], EVERYONE),  # the workbench: everyone's own tasks
    # Each close-out is decided by the workflow's own checks; refusals are messages (tests/workbench).
    "workbench_bulk": Case("post", lambda s: [], EVERYONE),
    # Dashboards and lists are scoped, not refused: everyone signed in gets their own figures.
    "dashboard": Case("get", lambda s: [], EVERYONE),
    "problem_list": Case("get", lambda s: [], EVERYONE),
    "measure_list": Case("get", lambda s: [], EVERYONE),
    "review_list": Case("get", lambda s: [], EVERYONE),
    "notice_list": Case("get", lambda s: [s.inspection.pk], outcomes(ok=SEES_MEASURE)),
    # Documents that speak for the whole unit are composed only by who sees its whole ledger
    # (decision 0005): a draft notice, its downloads and the report are 404 for the clerk and the
    # deputy. Published notices stay readable by every viewer (tests/access/test_document_scope.py).
    "notice": Case("get", lambda s: [_draft(s)], outcomes(ok=SEES_UNIT)),
    "notice_download": Case("get", lambda s: [_draft(s), "html"], outcomes(ok=SEES_UNIT)),
    # The seed notice is already published (public: every viewer may open it): the publish attempt
    # ends in a message. A draft's publish is 404 for the clerk and the deputy (test_document_scope).
    "notice_publish": Case("post", lambda s: [s.inspection.notices.get().pk], outcomes(ok=SEES_MEASURE)),
    "report_download": Case("get", lambda s: [s.inspection.pk, "docx"], outcomes(ok=SEES_UNIT)),
    "closeout_download": Case("get", lambda s: [s.inspection.pk, "pdf"], outcomes(ok=SEES_UNIT)),
    # the ledger spreadsheet is scoped: a clerk or deputy gets their rows
    "ledger_export": Case("get", lambda s: [s.inspection.pk], outcomes(ok=SEES_MEASURE)),
    "ledger_import": Case(
        "get",
        lambda s: [s.inspection.pk],
        outcomes(ok=KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    "api_tokens": Case("get", lambda s: [], EVERYONE),  # one's own tokens only
    # The second factor is one's own (docs/signin-2fa.md): nobody here has a device, so verify and
    # recovery send back to the enrolment page (a redirect, "ok").
    # One's own account and password; a reset is for who cannot sign in (anyone may ask, docs/signin.md).
    "signin:home": Case("get", lambda s: [], EVERYONE),
    "signin:password_change": Case("get", lambda s: [], EVERYONE),
    "signin:password_reset": Case("get", lambda s: [], {p: "ok" for p in PERSONAS}),
    "signin:password_reset_done": Case("get", lambda s: [], {p: "ok" for p in PERSONAS}),
    "signin:password_reset_confirm": Case(
        "get", lambda s: ["MQ", "forged-token"], {p: "ok" for p in PERSONAS}
    ),
    "signin:password_reset_complete": Case("get", lambda s: [], {p: "ok" for p in PERSONAS}),
    "signin:totp_setup": Case("get", lambda s: [], EVERYONE),
    "signin:totp_qr": Case("get", lambda s: [], EVERYONE),
    "signin:totp_verify": Case("get", lambda s: [], EVERYONE),
    "signin:totp_recovery": Case("post", lambda s: [], EVERYONE),
    # 统一身份认证 (docs/signin-directory.md) is not configured here: its routes do not exist (404);
    # configured, they are open to anyone (tests/signin/test_oidc.py)
    "signin:oidc_authenticate": Case("get", lambda s: [], {p: 404 for p in PERSONAS}),
    "signin:oidc_callback": Case("get", lambda s: [], {p: 404 for p in PERSONAS}),
    # One's own sessions (docs/signin-sessions.md): a session row is ended only by its owner.
    "signin:sessions": Case("get", lambda s: [], EVERYONE),
    "signin:sessions_end_others": Case("post", lambda s: [], EVERYONE),
    "signin:session_end": Case("post", lambda s: [_user_session(s).pk], outcomes(ok=("liaison",))),
    # The sign-in records: the inspection office (its committee's accounts) and superusers; an empty
    # unlock comes back with a message.
    "signin:logins": Case("get", lambda s: [], OFFICE_ONLY),
    "signin:logins_unlock": Case("post", lambda s: [], OFFICE_ONLY),
    "search": Case("get", lambda s: [], EVERYONE),  # scoped: hits of what the user sees (test below)
    "ledger_export_job": Case("post", lambda s: [], EVERYONE),  # scoped: exports only what the user sees
    "job": Case("get", lambda s: [_job(s)], outcomes(ok=("liaison",))),
    "job_status": Case("get", lambda s: [_job(s)], outcomes(ok=("liaison",))),
    "job_download": Case("get", lambda s: [_job(s)], outcomes(ok=("liaison",))),
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
    # The recycle bin: for who could delete something of the inspection; the supervisors delete nothing.
    "recycle_bin": Case(
        "get",
        lambda s: [s.inspection.pk],
        outcomes(ok=KEEPS_PLAN + ("deputy", "clerk"), forbidden=("xunchaban", "group3")),
    ),
    # A restore: for who could have deleted it; to everyone else the deleted row does not exist.
    "problem_restore": Case("post", lambda s: [_deleted_problem(s).pk], outcomes(ok=KEEPS_PLAN)),
    "measure_restore": Case("post", lambda s: [_deleted_measure(s).pk], outcomes(ok=KEEPS_PLAN)),
    "progress_restore": Case("post", lambda s: [_deleted_entry(s).pk], outcomes(ok=REPORTS_ON_MEASURE)),
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
    # Supervision: notifications are one's own; 督办 is issued by the office and answered by the unit.
    "supervision_notifications": Case("get", lambda s: [], EVERYONE),
    "supervision_notifications_read_all": Case("post", lambda s: [], EVERYONE),
    "supervision_preferences": Case("get", lambda s: [], EVERYONE),
    "supervision_notification_read": Case("post", lambda s: [_notification(s).pk], outcomes(ok=("liaison",))),
    "supervision_notices": Case("get", lambda s: [], EVERYONE),
    "supervision_notice_new": Case(
        "get",
        lambda s: [s.problem(3).pk],
        outcomes(ok=("xunchaban",), forbidden=("group3", "leader", "deputy", "liaison", "clerk")),
    ),
    "supervision_notice": Case("get", lambda s: [_notice(s).pk], outcomes(ok=SEES_MEASURE)),
    "supervision_notice_answer": Case(
        "post",
        lambda s: [_notice(s).pk],
        outcomes(ok=KEEPS_PLAN, forbidden=("xunchaban", "group3", "deputy", "clerk")),
    ),
    # Intake: who may import into some unit uploads; a draft is its uploader's alone (the liaison's).
    "intake_ui:upload": Case(
        "get",
        lambda s: [],
        outcomes(ok=("xunchaban", "leader", "liaison", "outsider"), forbidden=("group3", "deputy", "clerk")),
    ),
    "intake_ui:review": Case("get", lambda s: [_intake_draft(s).pk], outcomes(ok=("liaison",))),
    # an empty POST re-renders the review page with the form's errors; it imports nothing
    "intake_ui:import": Case("post", lambda s: [_intake_draft(s).pk], outcomes(ok=("liaison",))),
    "intake_ui:delete": Case("post", lambda s: [_intake_draft(s).pk], outcomes(ok=("liaison",))),
    # Public site: no log-in, the same page for everyone (the seed notice is published).
    # Operations: /healthz answers anyone and shows no data; /metrics is restricted by address or
    # bearer token, not by who is signed in (the test client comes from 127.0.0.1, which is allowed:
    # tests/ops checks a refused address and the token).
    "healthz": Case("get", lambda s: [], PUBLIC),
    "metrics": Case("get", lambda s: [], PUBLIC),
    "public:index": Case("get", lambda s: [], PUBLIC),
    "public:unit": Case("get", lambda s: [s.unit.pk], PUBLIC),
    "public:unit_feedback": Case("get", lambda s: [s.unit.pk], PUBLIC),
    "public:notice": Case("get", lambda s: [_published(s)], PUBLIC),
    "public:notice_download": Case("get", lambda s: [_published(s), "docx"], PUBLIC),
    "public:notice_feedback": Case("get", lambda s: [_published(s)], PUBLIC),
    "public:feedback_done": Case("get", lambda s: [], PUBLIC),
    "public:track": Case("get", lambda s: [], PUBLIC),
    # Feedback inside: scoped list; the unit handles, the office reads (a clerk only once transferred to them).
    "public:inbox": Case("get", lambda s: [], EVERYONE),
    "public:inbox_detail": Case("get", lambda s: [_feedback(s)], outcomes(ok=("xunchaban",) + KEEPS_PLAN)),
    # an empty POST changes nothing and comes back with a message
    "public:inbox_move": Case(
        "post", lambda s: [_feedback(s)], outcomes(ok=KEEPS_PLAN, forbidden=("xunchaban",))
    ),
    "public:inbox_link": Case(
        "post", lambda s: [_feedback(s)], outcomes(ok=KEEPS_PLAN, forbidden=("xunchaban",))
    ),
    "setup:home": Case("get", lambda s: [], outcomes(ok=SETS_UP)),
    "setup:round_new": Case("get", lambda s: [], OFFICE_ONLY),
    "setup:round": Case("get", lambda s: [s.inspection.round_id], OFFICE_ONLY),
    "setup:group_new": Case("get", lambda s: [s.inspection.round_id], OFFICE_ONLY),
    "setup:group": Case("get", lambda s: [s.inspection.group_id], OFFICE_ONLY),
    "setup:inspection_new": Case("get", lambda s: [s.inspection.round_id], OFFICE_ONLY),
    "setup:inspection": Case("get", lambda s: [s.inspection.pk], OFFICE_ONLY),
    "setup:inspection_edit": Case("get", lambda s: [s.inspection.pk], OFFICE_ONLY),
    "setup:inspection_open": Case("post", lambda s: [s.inspection.pk], OFFICE_ONLY),
    "setup:inspection_group_confirm": Case("post", lambda s: [s.inspection.pk], OFFICE_ONLY),
    "setup:units": Case("get", lambda s: [], outcomes(ok=SETS_UP)),
    # the unit: renamed by its office, its 股室 added by its liaison; the sibling's liaison sees nothing
    "setup:unit": Case("get", lambda s: [s.unit.pk], outcomes(ok=("xunchaban", "liaison"))),
    "setup:people": Case("get", lambda s: [], outcomes(ok=SETS_UP)),
    "setup:person_new": Case("get", lambda s: [], outcomes(ok=SETS_UP)),
    # a clerk is the unit's liaison's to manage (the office names liaisons, not clerks)
    "setup:person": Case("get", lambda s: [s.clerk.pk], outcomes(ok=("liaison",))),
    "setup:person_deactivate": Case("post", lambda s: [s.clerk.pk], outcomes(ok=("liaison",))),
    "setup:person_reactivate": Case("post", lambda s: [s.clerk.pk], outcomes(ok=("liaison",))),
    "setup:person_reset": Case("post", lambda s: [s.clerk.pk], outcomes(ok=("liaison",))),
    "setup:role_revoke": Case("post", lambda s: [_clerk_role(s).pk], outcomes(ok=("liaison",))),
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
        with transaction.atomic():  # each persona from the same state (a restore is done once)
            response = getattr(client, case.method)(url)
            transaction.set_rollback(True)
        seen[persona] = _outcome(response)
    assert seen == case.expected


def test_admin_is_for_staff_only(client, seed):
    for username in ("xunchaban", "leader", "liaison", "outsider"):
        client.force_login(get_user_model().objects.get(username=username))
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_search_finds_only_what_each_persona_sees(client, seed):
    """A word in a progress entry of measure 3.3 (高新技术股, led by the deputy, open: 3.2 is struck off
    and frozen): found by exactly those who see 3.2 and 3.3; the outsider's results are empty, the
    anonymous visitor is sent to log in."""
    import datetime as dt

    from zhenggai.ledger.services import progress_create

    entry = progress_create(
        measure=seed.measure(3, 3),
        happened_on=dt.date(2023, 3, 1),
        text="对储备企业逐家甄别核实",
        reporter=seed.liaison,
    )
    users = {u.username: u for u in get_user_model().objects.all()}
    seen = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(users[persona])
        response = client.get(reverse("search"), {"q": "甄别"})
        if response.status_code != 200:
            seen[persona] = _outcome(response)
            continue
        page = response.content.decode()
        seen[persona] = (
            "hit" if "<mark>甄别</mark>" in page and f"#measure-{entry.measure_id}" in page else "none"
        )
    hits = {p: "hit" for p in SEES_MEASURE}
    assert seen == {p: hits.get(p, "none") for p in PERSONAS} | {"anonymous": "login"}
