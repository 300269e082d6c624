"""The close-out chain as its people live it (issue #14, "done when"): every actor starts from their
own workbench and never types a URL past the home page. The liaison reports and applies for one
measure; the leader is told in the real SMTP server's inbox, finds two close-outs waiting and
confirms both with one opinion; the inspection office approves the two at once from its queue; the
liaison is told and reads the approval and the opinion in the measure's flow. At desktop width and
at a phone's 390 px (where the header's links sit behind the menu button)."""

import datetime as dt

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.browser.conftest import screenshot
from tests.workbench.conftest import fresh_measure, submitted
from zhenggai.core.punctuation import normalise
from zhenggai.ledger.models import MeasureStatus

pytestmark = pytest.mark.browser

APPLIED = "每月向在研项目发送政策解读材料"
WAITING = "建立科技项目走访记录簿"
OPINION = "同意销号,材料齐全"


def _nav(page, selector: str) -> None:
    """Click a header link; on a phone, open the menu first."""
    link = page.locator(selector)
    if not link.is_visible():
        page.locator("details[data-menu] > summary").click()
    link.click()
    page.wait_for_load_state("networkidle")


def _log_out(page) -> None:
    button = page.get_by_role("button", name="退出")
    if not button.is_visible():
        page.locator("details[data-menu] > summary").click()
    button.click()
    page.wait_for_load_state("networkidle")


def _fits(page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_close_out_chain_from_each_workbench(
    page,
    live_server,
    live_seed,
    sign_in,
    smtp_inbox,
    tmp_path,
    width,
):
    page.set_viewport_size({"width": width, "height": 900})
    from tests.conftest import SeedWorld

    users = {u.username: u for u in get_user_model().objects.all()}
    seed = SeedWorld(live_seed, *(users[n] for n in ("xunchaban", "leader", "liaison", "clerk", "outsider")))
    soon = timezone.localdate() + dt.timedelta(days=3)  # due soon: on the liaison's workbench
    applied = fresh_measure(
        seed, problem=1, office="办公室", leader=users["leader"], content=APPLIED, deadline=soon
    )
    waiting = submitted(
        seed, fresh_measure(seed, problem=2, office="办公室", leader=users["leader"], content=WAITING)
    )
    smtp_inbox.wait_for(1)  # the leader's mail about the second one
    smtp_inbox.new()

    # The liaison: from the workbench to the measure, a progress entry with evidence, 申请销号.
    sign_in("liaison")
    page.goto(f"{live_server.url}/")
    page.locator("#tasks-due_soon a", has_text=APPLIED).click()
    card = page.locator("article.measure", has_text=APPLIED)
    card.get_by_role("link", name="填报进展").click()
    evidence = tmp_path / "政策解读发送记录.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["月份", "发送项目数"])
    workbook.save(evidence)
    page.fill("#id_happened_on", timezone.localdate().isoformat())
    page.fill("#id_text", "已连续三个月向12个在研项目发送政策解读材料")
    page.set_input_files("#id_files", str(evidence))
    page.get_by_role("button", name="保存").click()
    card = page.locator("article.measure", has_text=APPLIED)
    card.locator("input[name=reason]").fill("按月发送,已形成制度")
    card.get_by_role("button", name="申请销号").click()
    page.wait_for_load_state("networkidle")
    if width == 390:
        _fits(page)
    _log_out(page)

    # The leader is told by mail, and finds both close-outs on the workbench.
    mails = [m for m in smtp_inbox.wait_for(1) if "leader@kjj.zhanhua.example" in m.to]
    assert any(APPLIED in m.body for m in mails), [m.body for m in smtp_inbox.mails]
    sign_in("leader")
    page.goto(f"{live_server.url}/")
    queue = page.locator("#tasks-confirm")
    assert queue.locator("tbody tr").count() == 2
    for title in (APPLIED, WAITING):
        queue.locator("tr", has_text=title).get_by_role("checkbox").check()
    queue.get_by_label("意见(可选)").fill(OPINION)
    if width == 390:
        _fits(page)
        screenshot(page, "chain-leader-workbench-phone")
    queue.get_by_role("button", name="所选各项审核通过").click()
    page.wait_for_load_state("networkidle")
    assert "已审核通过2项" in page.locator(".messages").inner_text()
    _log_out(page)

    # The inspection office approves the two at once from its queue.
    sign_in("xunchaban")
    page.goto(f"{live_server.url}/")
    queue = page.locator("#tasks-approve")
    for title in (APPLIED, WAITING):
        queue.locator("tr", has_text=title).get_by_role("checkbox").check()
    queue.get_by_role("button", name="所选各项批准销号").click()
    page.wait_for_load_state("networkidle")
    assert "已批准销号2项" in page.locator(".messages").inner_text()
    for measure in (applied, waiting):
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.CLOSED
    _log_out(page)

    # The liaison is told, opens the measure from the notification and reads the decision.
    sign_in("liaison")
    page.goto(f"{live_server.url}/")
    _nav(page, "#nav-notifications")
    told = page.locator("article.notification", has_text=APPLIED).first
    assert "批准销号" in told.inner_text()
    told.get_by_role("button", name="打开").click()
    page.wait_for_load_state("networkidle")
    card = page.locator("article.measure", has_text=APPLIED)
    assert "已销号" in card.inner_text()
    flow = card.locator("details.flow")
    if flow.get_attribute("open") is None:
        flow.locator("summary").click()
    history = flow.inner_text()
    # the reasons are stored with Chinese punctuation (issue #20)
    assert (
        normalise(OPINION) in history
        and "按月发送，已形成制度" in history
        and "政策解读发送记录.xlsx" in history
    )
    if width == 390:
        _fits(page)
    screenshot(page, f"chain-liaison-sees-approval-{'phone' if width == 390 else 'desktop'}")
    assert any("liaison@kjj.zhanhua.example" in m.to for m in smtp_inbox.wait_for(3))
