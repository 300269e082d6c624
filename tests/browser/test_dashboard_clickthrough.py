"""From a dashboard number to the list it stands for, in a real browser."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_office_clicks_completed_count_and_sees_those_problems(page, live_server, live_seed, sign_in):
    sign_in("xunchaban")
    page.get_by_role("link", name="监督看板").click()
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-figure="total"]').inner_text() == "5"
    page.locator("#chart-rate canvas").wait_for(state="attached")
    screenshot(page, "dashboard")
    page.locator('a.count:has([data-figure="completed"])').click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("#result tbody tr")
    assert rows.count() == 2
    assert "关于工作作风不够扎实" in rows.nth(0).inner_text()
    assert "关于落实区委工作部署" in rows.nth(1).inner_text()
