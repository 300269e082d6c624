"""A liaison keeps the ledger in a real browser: open it, report progress with evidence, see it."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_liaison_adds_progress_with_evidence(page, live_server, live_seed, sign_in, tmp_path):
    sign_in("liaison")  # on the workbench: the ledger is one of "my inspections"
    page.locator("#my-inspections a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().startswith("中共滨州市沾化区科学技术局党组")
    assert page.locator('[data-count="total"]').inner_text() == "5"
    assert page.locator('[data-count="completed"]').inner_text() == "2"
    assert page.locator('[data-count="long_term"]').inner_text() == "3"
    screenshot(page, "ledger")

    page.get_by_role(
        "link", name="关于引导推动科技创新动力不足，支撑县域经济转型升级不够有力方面问题"
    ).click()
    measure = page.locator("article.measure", has_text="开展政策宣传、认定培训及跟踪服务")
    measure.get_by_role("link", name="填报进展").click()

    evidence = tmp_path / "高新技术企业认定培训签到表.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% sign-in sheet\n")
    page.fill("#id_happened_on", "2023-06-15")
    page.fill("#id_text", "举办高新技术企业认定政策培训会,30家企业参加")
    page.fill("#id_figure_0_label", "参加培训企业")
    page.fill("#id_figure_0_value", "30")
    page.fill("#id_figure_0_unit", "家")
    page.set_input_files("#id_files", str(evidence))
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")

    assert "已记录整改进展" in page.locator(".messages").inner_text()
    entry = page.locator(".timeline li", has_text="举办高新技术企业认定政策培训会")
    assert "2023年6月15日" in entry.inner_text()
    assert "参加培训企业 30家" in entry.inner_text()
    assert entry.get_by_role("link", name="高新技术企业认定培训签到表.pdf").is_visible()
    screenshot(page, "problem-timeline")
