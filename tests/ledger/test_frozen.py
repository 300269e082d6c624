"""Closed records stay closed: once its 销号 is applied for, a measure, its progress and its evidence are
frozen (service, pages and API alike); only a move back (退回, or 重新打开 by the inspection office,
with a reason, in the trail) opens them again, and the pages offer no button that would be refused."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from zhenggai.api.tokens import token_create
from zhenggai.audit.models import AuditEvent
from zhenggai.core.errors import ServiceError
from zhenggai.ledger.models import (
    Evidence,
    Measure,
    MeasureKind,
    MeasureStatus,
    MeasureTransition,
    ProgressEntry,
)
from zhenggai.ledger.services import (
    evidence_attach,
    measure_create,
    measure_delete,
    measure_update,
    progress_create,
    progress_delete,
    progress_update,
)
from zhenggai.ledger.transitions import measure_transition
from zhenggai.ledger.workflow import FROZEN_STATES, MOVES, measure_is_frozen

FROZEN = "已冻结"


def _pdf(name="整改报告.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 report", content_type="application/pdf")


def _measure_in(seed, state: str) -> Measure:
    """A measure of 高新技术股 (the clerk's office), with one evidenced entry, moved to ``state``
    through the workflow: 申请销号 (submitted), 单位已审核 (confirmed) or 已销号 (closed)."""
    measure = measure_create(
        problem=seed.problem(3),
        content="冻结用措施",
        kind=MeasureKind.DEADLINE,
        deadline=dt.date(2023, 6, 30),
        responsible_office=seed.office("高新技术股"),
        actor=seed.liaison,
    )
    progress_create(measure=measure, happened_on=dt.date(2023, 5, 1), text="冻结用进展", files=[_pdf()])
    steps = {"submitted": 1, "confirmed": 2, "closed": 3}[state]
    moves = [("submit", seed.liaison), ("confirm", seed.leader), ("approve", seed.xunchaban)]
    for move, actor in moves[:steps]:
        measure_transition(measure=measure, move_name=move, actor=actor, reason="已完成")
    measure.refresh_from_db()
    assert measure.status == state
    return measure


@pytest.fixture(params=["submitted", "closed"])
def frozen(request, seed):
    return _measure_in(seed, request.param)


def test_frozen_states_are_the_states_after_an_application():
    assert {MeasureStatus(s) for s in FROZEN_STATES} == {
        MeasureStatus.SUBMITTED,
        MeasureStatus.CONFIRMED,
        MeasureStatus.CLOSED,
    }
    # every frozen state has a move of the workflow table out of it, to a state that is not frozen
    for state in FROZEN_STATES:
        assert any(m.source == state and m.target not in FROZEN_STATES for m in MOVES), state


# Service --------------------------------------------------------------------------------------


def test_service_refuses_every_change_to_a_frozen_measure(seed, frozen):
    entry = frozen.progress.get()
    before = (frozen.content, frozen.deadline, frozen.version, entry.text, entry.evidence.count())
    with pytest.raises(ServiceError, match=FROZEN) as refused:
        measure_update(
            measure=frozen, expected_version=frozen.version, actor=seed.liaison, content="改写", deadline=None
        )
    assert refused.value.code == "frozen"
    with pytest.raises(ServiceError, match=FROZEN):
        progress_create(measure=frozen, happened_on=dt.date(2023, 5, 2), text="新进展", reporter=seed.liaison)
    with pytest.raises(ServiceError, match=FROZEN):
        progress_update(
            entry=entry, expected_version=entry.version, happened_on=entry.happened_on, text="改写进展"
        )
    with pytest.raises(ServiceError, match=FROZEN):
        evidence_attach(entry=entry, upload=_pdf("补充.pdf"), uploaded_by=seed.liaison)
    with pytest.raises(ServiceError, match="不能删除"):
        progress_delete(entry=entry, actor=seed.liaison)
    with pytest.raises(ServiceError, match="不能删除"):
        measure_delete(measure=frozen, actor=seed.liaison)
    frozen.refresh_from_db()
    entry.refresh_from_db()
    assert (frozen.content, frozen.deadline, frozen.version, entry.text, entry.evidence.count()) == before
    assert frozen.deleted_at is None and entry.deleted_at is None
    assert ProgressEntry.objects.filter(measure=frozen).count() == 1


def test_an_entry_without_evidence_is_frozen_too(seed):
    measure = _measure_in(seed, "submitted")
    bare = ProgressEntry.objects.create(measure=measure, happened_on=dt.date(2023, 5, 3), text="无佐证")
    with pytest.raises(ServiceError, match=FROZEN):
        progress_delete(entry=bare, actor=seed.liaison)
    bare.refresh_from_db()
    assert bare.deleted_at is None


def test_reopen_by_the_inspection_office_needs_a_reason_and_is_in_the_trail(seed):
    measure = _measure_in(seed, "closed")
    with pytest.raises(ServiceError, match="请填写重新打开理由"):
        measure_transition(measure=measure, move_name="reopen", actor=seed.xunchaban, reason=" ")
    measure_transition(
        measure=measure, move_name="reopen", actor=seed.xunchaban, reason="整改时限录错,需更正"
    )
    assert measure.status == MeasureStatus.IN_PROGRESS and not measure_is_frozen(measure)
    move = MeasureTransition.objects.filter(measure=measure).latest("at", "pk")
    assert (move.move, move.source, move.target, move.actor, move.reason) == (
        "reopen",
        "closed",
        "in_progress",
        seed.xunchaban,
        "整改时限录错，需更正",
    )
    event = AuditEvent.objects.filter(
        object_type="ledger.measure", object_id=str(measure.pk), action="transition"
    ).latest("pk")
    assert event.changes == {"status": ["closed", "in_progress"]}
    assert event.reason == "reopen: 整改时限录错，需更正" and event.actor_id == seed.xunchaban.pk
    # and now the liaison may correct it
    measure_update(
        measure=measure, expected_version=measure.version, actor=seed.liaison, deadline=dt.date(2023, 7, 31)
    )
    assert Measure.objects.get(pk=measure.pk).deadline == dt.date(2023, 7, 31)


def test_while_applied_for_the_leader_returns_it(seed):
    """申请销号 is not undone by the inspection office (it has not reached it yet): the unit leader's 退回."""
    measure = _measure_in(seed, "submitted")
    with pytest.raises(ServiceError):
        measure_transition(measure=measure, move_name="reopen", actor=seed.xunchaban, reason="理由")
    measure_transition(
        measure=measure, move_name="return_by_leader", actor=seed.leader, reason="措施表述需修改"
    )
    progress_create(measure=measure, happened_on=dt.date(2023, 5, 2), text="补充进展", reporter=seed.liaison)
    assert measure.progress.live().count() == 2


@pytest.mark.parametrize("persona", ["liaison", "leader", "clerk"])
def test_reopen_by_anyone_else_is_refused(seed, persona):
    measure = _measure_in(seed, "closed")
    with pytest.raises(ServiceError, match="没有权限"):
        measure_transition(measure=measure, move_name="reopen", actor=getattr(seed, persona), reason="理由")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.CLOSED


# Pages ----------------------------------------------------------------------------------------


def test_pages_refuse_every_change_to_a_frozen_measure(login, seed, frozen):
    client = login(seed.liaison)
    entry = frozen.progress.get()
    edit = client.post(
        reverse("measure_edit", args=[frozen.pk]),
        {
            "content": "页面改写的措施",
            "kind": "deadline",
            "deadline": "2023-09-30",
            "version": frozen.version,
        },
    )
    assert edit.status_code == 200
    body = edit.content.decode()
    assert FROZEN in body and "页面改写的措施" in body  # refused, and the typed text kept
    added = client.post(
        reverse("progress_new", args=[frozen.pk]),
        {"happened_on": "2023-05-02", "precision": "day", "text": "页面新进展", "submission_key": "k1"},
    )
    assert added.status_code == 200 and FROZEN in added.content.decode()
    corrected = client.post(
        reverse("progress_edit", args=[entry.pk]),
        {
            "happened_on": "2023-05-01",
            "precision": "day",
            "text": "页面改写的进展",
            "version": entry.version,
            "files": [_pdf("补充.pdf")],
        },
    )
    assert corrected.status_code == 200 and FROZEN in corrected.content.decode()
    removed = client.post(reverse("progress_delete", args=[entry.pk]), follow=True)
    assert "不能删除" in removed.content.decode()
    removed = client.post(reverse("measure_delete", args=[frozen.pk]), follow=True)
    assert "不能删除" in removed.content.decode()
    for name, pk in (("measure_edit", frozen.pk), ("progress_new", frozen.pk), ("progress_edit", entry.pk)):
        page = client.get(reverse(name, args=[pk]), follow=True)
        assert FROZEN in page.content.decode() and page.redirect_chain, name
    frozen.refresh_from_db()
    entry.refresh_from_db()
    assert frozen.content == "冻结用措施" and frozen.deleted_at is None
    assert entry.text == "冻结用进展" and entry.deleted_at is None and entry.evidence.count() == 1
    assert not ProgressEntry.objects.filter(text="页面新进展").exists()


def test_page_reopen_by_the_inspection_office_only(login, seed, client):
    measure = _measure_in(seed, "closed")
    url = reverse("measure_move", args=[measure.pk])
    for persona in ("liaison", "leader", "clerk"):
        login(getattr(seed, persona)).post(url, {"move": "reopen", "reason": "理由"})
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.CLOSED, persona
    assert login(seed.outsider).post(url, {"move": "reopen", "reason": "理由"}).status_code == 404
    login(seed.xunchaban).post(url, {"move": "reopen", "reason": ""})
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.CLOSED  # a reason is required
    login(seed.xunchaban).post(url, {"move": "reopen", "reason": "需更正措施内容"})
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS
    assert measure.transitions.filter(move="reopen", reason="需更正措施内容").exists()


def _section(page: str, measure: Measure) -> str:
    return page[page.index(f'id="measure-{measure.pk}"') :].split("</article>", 1)[0]


@pytest.mark.parametrize("persona", ["liaison", "clerk"])
def test_buttons_that_would_be_refused_are_not_shown(login, seed, persona):
    applied, struck_off = _measure_in(seed, "submitted"), _measure_in(seed, "closed")
    open_ = measure_create(
        problem=seed.problem(3),
        content="未冻结的措施",
        kind="long_term",
        responsible_office=seed.office("高新技术股"),
    )
    progress_create(measure=open_, happened_on=dt.date(2023, 5, 1), text="未冻结的进展")
    page = login(getattr(seed, persona)).get(reverse("problem", args=[seed.problem(3).pk])).content.decode()
    for measure in (applied, struck_off):
        section = _section(page, measure)
        entry = measure.progress.get()
        assert reverse("measure_edit", args=[measure.pk]) not in page
        assert reverse("measure_delete", args=[measure.pk]) not in page
        assert reverse("progress_new", args=[measure.pk]) not in page
        assert reverse("progress_edit", args=[entry.pk]) not in page
        assert reverse("progress_delete", args=[entry.pk]) not in page
        assert FROZEN in section
    open_entry = open_.progress.get()
    assert reverse("progress_new", args=[open_.pk]) in page
    assert reverse("progress_edit", args=[open_entry.pk]) in page
    assert reverse("progress_delete", args=[open_entry.pk]) in page
    assert (reverse("measure_edit", args=[open_.pk]) in page) == (persona == "liaison")
    # the problem has frozen measures: it cannot be deleted, so no button
    assert reverse("problem_delete", args=[seed.problem(3).pk]) not in page


def test_the_inspection_office_sees_the_reopen_button(login, seed):
    measure = _measure_in(seed, "closed")
    page = login(seed.xunchaban).get(reverse("problem", args=[measure.problem_id])).content.decode()
    assert 'value="reopen"' in _section(page, measure) and "重新打开(撤销销号)" in _section(page, measure)
    liaison = login(seed.liaison).get(reverse("problem", args=[measure.problem_id])).content.decode()
    assert 'value="reopen"' not in _section(liaison, measure)


# API ------------------------------------------------------------------------------------------


def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='测试')[1]}")
    return client


def test_api_refuses_every_change_to_a_frozen_measure(seed, frozen):
    client = _api(seed.liaison)
    entry = frozen.progress.get()
    detail = client.get(reverse("api:measure-detail", args=[frozen.pk])).json()
    assert detail["frozen"] is True
    assert detail["permissions"] == {"can_edit": False, "can_report": False}
    responses = [
        client.patch(
            reverse("api:measure-detail", args=[frozen.pk]),
            {"version": frozen.version, "content": "接口改写"},
            format="json",
        ),
        client.delete(reverse("api:measure-detail", args=[frozen.pk])),
        client.post(
            reverse("api:measure-progress", args=[frozen.pk]),
            {"happened_on": "2023-05-02", "text": "接口新进展"},
            format="json",
        ),
        client.patch(
            reverse("api:progress-detail", args=[entry.pk]),
            {"version": entry.version, "text": "接口改写进展"},
            format="json",
        ),
        client.patch(
            reverse("api:progress-detail", args=[entry.pk]),
            {"version": entry.version, "files": [_pdf("补充.pdf")]},
            format="multipart",
        ),
        client.delete(reverse("api:progress-detail", args=[entry.pk])),
    ]
    for response in responses:
        assert response.status_code == 409, response.json()
        body = response.json()
        assert set(body) == {"detail", "errors"} and (
            "已冻结" in body["detail"] or "不能删除" in body["detail"]
        )
    frozen.refresh_from_db()
    entry.refresh_from_db()
    assert frozen.content == "冻结用措施" and frozen.deleted_at is None
    assert entry.text == "冻结用进展" and entry.deleted_at is None
    assert Evidence.objects.filter(entry=entry).count() == 1
    assert not ProgressEntry.objects.filter(text="接口新进展").exists()


def test_api_reopen_by_the_inspection_office_only(seed):
    measure = _measure_in(seed, "closed")
    url = reverse("api:measure-moves", args=[measure.pk])
    for persona in ("liaison", "leader", "clerk"):
        response = _api(getattr(seed, persona)).post(url, {"move": "reopen", "reason": "理由"}, format="json")
        assert response.status_code == 403, (persona, response.json())
    assert (
        _api(seed.outsider).post(url, {"move": "reopen", "reason": "理由"}, format="json").status_code == 404
    )
    office = _api(seed.xunchaban)
    assert office.post(url, {"move": "reopen"}, format="json").status_code == 422
    response = office.post(url, {"move": "reopen", "reason": "需更正"}, format="json")
    assert response.status_code == 201 and response.json()["measure"]["status"] == "in_progress"
    assert _api(seed.liaison).get(reverse("api:measure-detail", args=[measure.pk])).json()["frozen"] is False
