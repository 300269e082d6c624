"""A liaison imports a published notice in a real browser: paste it, see the marked source beside the
draft, focus a field and see its span light up, import, and land on the new ledger."""

import pytest

from tests.browser.conftest import ARTIFACTS, screenshot
from tests.corpus import SEED_NOTICE

pytestmark = pytest.mark.browser


@pytest.fixture
def import_unit(live_seed):
    from django.contrib.auth import get_user_model

    from zhenggai.accounts.models import Role, UnitKind
    from zhenggai.accounts.services import membership_grant, unit_create

    unit = unit_create(
        name="滨州市沾化区测试导入局",
        short_name="区测试局",
        kind=UnitKind.UNIT,
        parent=live_seed.unit.parent,
        party_org_name="中共滨州市沾化区测试导入局党组",
    )
    liaison = get_user_model().objects.get(username="liaison")
    membership_grant(user=liaison, unit=unit, role=Role.UNIT_LIAISON, title="整改联络员")
    return unit


def test_liaison_imports_the_seed_notice(page, live_server, import_unit, sign_in):
    sign_in("liaison")
    page.get_by_role("link", name="导入通报").click()
    page.fill("#id_text", SEED_NOTICE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="读取通报").click()
    page.wait_for_load_state("networkidle")

    source = page.locator("#intake-source")
    assert source.locator("mark").count() > 30
    feedback = source.locator('mark[data-field="feedback_date"]')
    assert feedback.inner_text() == "11月4日"
    assert source.locator('mark[data-field="plan_doc_number"]').inner_text() == "沾科党字〔2022〕22号"
    assert page.locator("#id_feedback_date").input_value() == "2022-11-04"

    screenshot(page, "intake-review")

    # focusing a field lights up its span on the right; a figure field lights up every figure
    page.locator("#id_feedback_date").focus()
    assert "active" in (feedback.get_attribute("class") or "")
    page.get_by_label("被巡察单位(导入到)").select_option(label="滨州市沾化区测试导入局")
    figures = page.locator("textarea[name$='-figures']").filter(has_text="40家")
    figures.focus()
    assert source.locator("mark.active").filter(has_text="40家").count() == 1
    # the source panel scrolled to the focused figure (a viewport shot: a full-page one unscrolls it)
    assert page.evaluate(
        "() => { const m = document.querySelector('#intake-source mark.active');"
        " const p = document.querySelector('.intake-source-panel').getBoundingClientRect();"
        " const r = m.getBoundingClientRect(); return r.top >= p.top && r.bottom <= p.bottom; }"
    )
    page.screenshot(path=str(ARTIFACTS / "intake-review-focus.png"))

    page.get_by_role("button", name="导入台账…").click()
    page.wait_for_load_state("networkidle")
    assert "反馈问题 5 项,整改措施 12 项" in page.locator('[data-summary="counts"]').inner_text()
    screenshot(page, "intake-confirm")
    # The seed notice is 区科技局's, imported here into a test unit: the page says so and asks.
    assert (
        "与所选的被巡察单位“滨州市沾化区测试导入局”不一致"
        in page.locator('[data-summary="issuer"]').inner_text()
    )
    page.get_by_label("我已核对,这份通报确属滨州市沾化区测试导入局").check()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state("networkidle")

    assert "已导入整改台账" in page.locator(".messages").inner_text()
    assert page.locator("h1").first.inner_text().startswith("中共滨州市沾化区测试导入局党组")
    assert page.locator('[data-count="total"]').inner_text() == "5"
    assert "沾科党字〔2022〕22号" in page.locator(".facts").inner_text()
    screenshot(page, "intake-imported-ledger")
