"""The close-out chain in a real browser: liaison submits, leader confirms, inspection office approves."""

import openpyxl
import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

PROBLEM = "关于工作作风不够扎实，指导服务科技项目用力不足方面问题"
MEASURE = "建立科技项目跟踪服务台账"


def _open_problem(page, live_server):
    page.goto(f"{live_server.url}/")  # the workbench: the ledger is one of "my inspections"
    page.locator("#my-inspections a").first.click()
    page.get_by_role("link", name=PROBLEM).click()


def _log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("networkidle")


def test_liaison_leader_office_strike_off_a_measure(page, live_server, live_seed, sign_in, tmp_path):
    sign_in("liaison")
    _open_problem(page, live_server)
    page.get_by_role("link", name="添加整改措施").click()
    page.fill("#id_content", MEASURE)
    page.select_option("#id_kind", "deadline")
    page.fill("#id_deadline", "2023-06-30")
    page.select_option("#id_responsible_office", label="成果转化股")
    page.get_by_role("button", name="保存").click()
    assert "整改中" in page.locator("h1").inner_text()  # a new open measure reopens the completed problem

    card = page.locator("article.measure", has_text=MEASURE)
    card.get_by_role("link", name="填报进展").click()
    evidence = tmp_path / "跟踪服务台账.xlsx"
    workbook = openpyxl.Workbook()  # a real spreadsheet: evidence is checked by its content
    workbook.active.append(["项目", "回访次数"])
    workbook.save(evidence)
    page.fill("#id_happened_on", "2023-05-20")
    page.fill("#id_text", "建立科技项目跟踪服务台账,逐月回访8个在研项目")
    page.set_input_files("#id_files", str(evidence))
    page.get_by_role("button", name="保存").click()

    card = page.locator("article.measure", has_text=MEASURE)
    card.locator("input[name=reason]").fill("台账已建立并运行两个月")
    card.get_by_role("button", name="申请销号").click()
    assert "申请销号" in page.locator("article.measure", has_text=MEASURE).inner_text()
    _log_out(page)

    sign_in("leader")
    _open_problem(page, live_server)
    card = page.locator("article.measure", has_text=MEASURE)
    card.get_by_placeholder("审批意见(选填)").fill("同意销号")  # an optional opinion on the decision
    card.get_by_role("button", name="单位领导审核通过").click()
    card = page.locator("article.measure", has_text=MEASURE)
    assert "单位已审核" in card.inner_text()
    flow = card.locator("details.flow").inner_text()
    assert "台账已建立并运行两个月" in flow and "同意销号" in flow and "跟踪服务台账.xlsx" in flow
    _log_out(page)

    sign_in("xunchaban")
    _open_problem(page, live_server)
    page.locator("article.measure", has_text=MEASURE).get_by_role("button", name="批准销号").click()
    assert "已销号" in page.locator("article.measure", has_text=MEASURE).inner_text()
    assert "已完成" in page.locator("h1").inner_text()
    assert "待回头看" in page.locator(".reviews").inner_text()
    screenshot(page, "close-out-approved")

    page.get_by_role("link", name="区科技局 · 二届区委第二轮巡察").click()
    assert page.locator('[data-count="completed"]').inner_text() == "2"
    assert page.locator('[data-count="long_term"]').inner_text() == "3"
