"""The close-out flow on the problem page: the text box of each move says what it is (完成情况说明,
审批意见, 退回理由), an opinion is optional on a decision and kept, the history of every round shows
who, when, the opinion and the evidence, and the applicant is not offered their own decision."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import ready_to_submit
from zhenggai.ledger.models import MeasureTransition


@pytest.fixture
def measure(seed):
    return ready_to_submit(seed, evidence_name="服务台账.pdf")


def _move(client, measure, move, reason=None):
    data = {"move": move} if reason is None else {"move": move, "reason": reason}
    return client.post(reverse("measure_move", args=[measure.pk]), data, follow=True)


def _card(page: str, measure) -> str:
    start = page.index(f'id="measure-{measure.pk}"')
    return page[start : page.index("</article>", start)]


def test_the_chain_on_the_page_with_opinions_and_history(seed, measure, login):
    url = reverse("problem", args=[measure.problem_id])
    liaison = login(seed.liaison)
    card = _card(liaison.get(url).content.decode(), measure)
    assert 'placeholder="完成情况说明"' in card and "required" in card
    _move(liaison, measure, "submit", "台账已建立并运行")

    leader = login(seed.leader)
    card = _card(leader.get(url).content.decode(), measure)
    assert 'placeholder="审批意见(选填)"' in card and 'placeholder="退回理由"' in card
    assert "完成情况说明</dt><dd>台账已建立并运行" in card
    page = _move(leader, measure, "return_by_leader", "").content.decode()
    assert "请填写退回理由。" in page
    _move(leader, measure, "return_by_leader", "佐证材料不全")

    clerk = login(seed.clerk)
    _move(clerk, measure, "submit", "已补充台账截图")
    leader = login(seed.leader)
    _move(leader, measure, "confirm", "同意销号")
    office = login(seed.xunchaban)
    _move(office, measure, "approve")  # no opinion: fine
    assert list(MeasureTransition.objects.filter(measure=measure).values_list("move", "reason")) == [
        ("submit", "台账已建立并运行"),
        ("return_by_leader", "佐证材料不全"),
        ("submit", "已补充台账截图"),
        ("confirm", "同意销号"),
        ("approve", ""),
    ]

    card = _card(office.get(url).content.decode(), measure)
    assert "销号流程(共2轮)" in card and "第1轮" in card and "第2轮" in card
    assert "退回理由:</span>佐证材料不全" in card
    assert "审批意见:</span>同意销号" in card
    assert "完成情况说明:</span>已补充台账截图" in card
    assert card.count("服务台账.pdf") == 2  # each application with the evidence it rested on
    assert "整改联络员" in card and "高新技术股经办人" in card and "区委巡察办督查员" in card
    assert "完成情况说明</dt><dd>已补充台账截图" in card  # the latest, on the card itself


def test_the_applicant_is_not_offered_their_own_decision(seed, measure, login):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
    client = login(boss)
    _move(client, measure, "submit", "完成")
    card = _card(client.get(reverse("problem", args=[measure.problem_id])).content.decode(), measure)
    assert 'value="return_by_leader"' in card and 'value="confirm"' not in card
    page = _move(client, measure, "confirm", "同意").content.decode()
    assert "您是该措施销号的申请人" in page
    measure.refresh_from_db()
    assert measure.status == "submitted"
    leader_card = _card(
        login(seed.leader).get(reverse("problem", args=[measure.problem_id])).content.decode(), measure
    )
    assert 'value="confirm"' in leader_card
