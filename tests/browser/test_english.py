"""A person switches the UI to English with the selector; the ledger and its charts follow."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_switching_to_english_with_the_selector(page, live_server, live_seed, sign_in):
    sign_in("liaison")  # on the workbench: the ledger is one of "my inspections"
    page.locator("#my-inspections a").first.click()
    page.wait_for_load_state("networkidle")
    assert "整改台账" in page.locator("h1 small").inner_text()
    with page.expect_navigation():
        page.select_option("#lang-select", "en")  # submits the form; the cookie remembers the choice
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1 small").inner_text().startswith("Rectification ledger: 二届区委第二轮巡察")
    assert page.get_by_role("link", name="Workbench").first.is_visible()
    assert page.locator("table.ledger thead").inner_text().split("\t")[:3] == [
        "No.",
        "Finding",
        "Rectification measure",
    ]
    assert page.locator('[data-count="total"]').inner_text() == "5"
    screenshot(page, "ledger-en")

    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.locator("#chart-mstatus canvas").wait_for(state="attached")
    assert page.locator("h1 small").inner_text() == "Rectification dashboard"
    page.wait_for_timeout(1500)  # let the charts finish drawing for the picture
    screenshot(page, "inspection-dashboard-en")

    with page.expect_navigation():
        page.select_option("#lang-select", "zh-hans")
    assert page.locator("h1 small").inner_text() == "整改看板"
