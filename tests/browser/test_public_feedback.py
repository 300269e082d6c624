"""The public side in a real browser: a visitor reads the published notice, downloads the PDF,
sends feedback and gets a tracking code; the liaison triages and answers; the visitor reads the
answer with the code. Screenshots (desktop and a 390px phone) go to test-artifacts/."""

import re
from pathlib import Path

import pytest

from tests.browser.conftest import screenshot
from tests.public.helpers import solve

pytestmark = pytest.mark.browser

TITLE = "中共滨州市沾化区科学技术局党组关于二届区委第二轮巡察整改进展情况的通报"
PROBLEM = "（四）关于工作作风不够扎实，指导服务科技项目用力不足方面问题"
MESSAGE = "建议把科技项目跟踪服务台账在局网站上公开,方便企业查询进度。"
REPLY = "感谢您的建议。科技项目跟踪服务台账已于本月起按季度在局网站公开。"


def _log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("networkidle")


def test_visitor_sends_feedback_and_reads_the_answer(page, live_server, live_seed, sign_in, tmp_path):
    # An anonymous visitor finds the notice from the public index.
    page.goto(f"{live_server.url}/public/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    screenshot(page, "public-index")
    page.get_by_role("link", name=TITLE).click()
    assert "巡察整改进展情况" in page.locator("h1.gw-title").inner_text()
    assert "2023年4月2日" in page.locator(".public-meta").inner_text()
    assert "0543-8192576" in page.locator(".channel").inner_text()
    screenshot(page, "public-notice")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 PDF").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.suffix == ".pdf" and Path(saved).read_bytes().startswith(b"%PDF")

    # The feedback form: a problem from the notice, the message, anonymous, the question read off the page.
    page.locator(".public-meta").get_by_role("link", name="提出意见建议").click()
    page.get_by_label("涉及的问题(选填)").select_option(label=PROBLEM)
    page.get_by_label("意见建议").fill(MESSAGE)
    page.get_by_label(re.compile("匿名提交")).check()
    assert page.locator("#id_contact_phone").is_disabled()
    question = page.locator("#challenge-question").inner_text()
    page.get_by_label(re.compile("验证题")).fill(str(solve(question)))
    page.wait_for_timeout(3200)  # a person takes a few seconds; a script posting at once is refused
    screenshot(page, "public-feedback-form")
    page.get_by_role("button", name="提交意见建议").click()
    code = page.locator("#tracking-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    screenshot(page, "public-feedback-code")

    # The liaison triages (受理) and answers.
    sign_in("liaison")
    page.get_by_role("link", name="群众意见").first.click()
    page.locator("#feedback-table").get_by_role("link", name=re.compile("建议把科技项目")).click()
    assert MESSAGE in page.locator("#feedback-message").inner_text()
    assert "匿名" in page.locator(".facts").inner_text()
    page.locator("form.move-accept").get_by_role("button", name="受理").click()
    assert page.locator("#feedback-status").inner_text() == "已受理"
    page.locator("form.move-answer textarea[name=reply]").fill(REPLY)
    page.locator("form.move-answer").get_by_role("button", name="答复").click()
    assert page.locator("#feedback-status").inner_text() == "已答复"
    assert REPLY in page.locator("#feedback-reply").inner_text()
    screenshot(page, "public-feedback-staff")
    _log_out(page)

    # The visitor, on a phone, reads the answer with the code.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/public/feedback/track/")
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    assert page.locator("#track-status").inner_text() == "已答复"
    assert REPLY in page.locator("#track-reply").inner_text()
    assert MESSAGE in page.locator(".track-result").inner_text()
    screenshot(page, "public-track-phone")

    page.goto(f"{live_server.url}/public/")
    page.get_by_role("link", name=TITLE).click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the notice scrolls sideways on a phone ({width}px)"
    full = screenshot(page, "public-notice-phone")
    page.screenshot(path=str(full.with_name("public-notice-phone-top.png")))  # what a phone shows first
