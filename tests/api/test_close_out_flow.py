"""The close-out chain over the API: an optional opinion on confirm/approve is kept, the applicant
cannot judge their own application (403), and the measure carries its flow and latest 完成情况说明."""

from django.contrib.auth import get_user_model

from tests.api.conftest import detail
from tests.conftest import ready_to_submit


def _measure(seed):
    return ready_to_submit(seed, evidence_name="服务台账.pdf")


def _move(client, measure, move, reason=None):
    body = {"move": move} if reason is None else {"move": move, "reason": reason}
    return client.post(f"/api/v1/measures/{measure.pk}/moves/", body, format="json")


def test_opinions_flow_and_separation_of_duties(seed, api):
    measure = _measure(seed)
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
    assert _move(api(boss), measure, "submit", "台账已建立并运行").status_code == 201

    refused = _move(api(boss), measure, "confirm", "同意")
    assert refused.status_code == 403 and "您是该措施销号的申请人" in detail(refused)
    mine = api(boss).get(f"/api/v1/measures/{measure.pk}/").json()
    assert [m["name"] for m in mine["allowed_moves"]] == ["return_by_leader"]
    assert mine["allowed_moves"][0]["opinion_label"] == "退回理由"

    confirmed = _move(api(seed.leader), measure, "confirm", "同意销号")
    assert confirmed.status_code == 201 and confirmed.json()["reason"] == "同意销号"
    approved = _move(api(seed.xunchaban), measure, "approve")
    assert approved.status_code == 201 and approved.json()["reason"] == ""

    data = api(seed.liaison).get(f"/api/v1/measures/{measure.pk}/").json()
    assert data["completion_note"] == "台账已建立并运行"
    (round_,) = data["flow"]
    assert [(s["step"], s["outcome"], s["opinion_label"], s["opinion"]) for s in round_["steps"]] == [
        ("apply", "申请销号", "完成情况说明", "台账已建立并运行"),
        ("review", "审核通过", "审批意见", "同意销号"),
        ("approve", "批准销号", "审批意见", ""),
    ]
    assert [e["name"] for e in round_["steps"][0]["evidence"]] == ["服务台账.pdf"]
    assert round_["steps"][1]["actor"]["name"] == "局党组书记、局长"
    history = api(seed.liaison).get(f"/api/v1/measures/{measure.pk}/moves/").json()["history"]
    submit = next(t for t in history if t["move"] == "submit")
    assert [e["name"] for e in submit["evidence"]] == ["服务台账.pdf"]


def test_a_return_needs_its_reason(seed, api):
    measure = _measure(seed)
    _move(api(seed.liaison), measure, "submit", "完成")
    refused = _move(api(seed.leader), measure, "return_by_leader")
    assert refused.status_code == 422 and refused.json()["errors"] == {"reason": ["请填写退回理由。"]}
