"""The pages under the strict Content-Security-Policy in a real browser: no violation is reported on any
main page, and what their scripts do still works (charts, confirm dialogs, the language switch, the
intake review's highlighting, the feedback form's counter)."""

import pytest

from tests.browser.test_intake_walkthrough import import_unit  # noqa: F401  (fixture)
from tests.corpus import SEED_NOTICE

pytestmark = pytest.mark.browser

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


def _first_problem(inspection):
    return inspection.problems.order_by("number").first()


@pytest.fixture
def watched(page):
    """The page, with every CSP violation (event or console message) collected."""
    page.add_init_script(WATCH)
    console = []
    page.on(
        "console",
        lambda m: (
            console.append(m.text) if "Content Security Policy" in m.text or "Refused to" in m.text else None
        ),
    )
    page.csp_console = console
    return page


def _no_violation(page, where: str):
    events = page.evaluate("window.__csp || []")
    assert events == [] and page.csp_console == [], (where, events, page.csp_console)


def _visit(page, url: str):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status < 500, (url, response.status)
    assert "script-src 'self'" in response.headers.get("content-security-policy", ""), url
    _no_violation(page, url)


def test_main_pages_raise_no_violation(watched, live_server, live_seed, sign_in):
    page, base = watched, live_server.url
    _visit(page, f"{base}/login/")
    sign_in("xunchaban")
    inspection = live_seed
    notice = inspection.notices.filter(state="published").first()
    for path in [
        "/",
        f"/inspections/{inspection.pk}/",
        f"/problems/{_first_problem(inspection).pk}/",
        "/problems/",
        "/measures/",
        "/reviews/",
        f"/inspections/{inspection.pk}/notices/",
        f"/notices/{notice.pk}/",
        "/supervision/notifications/",
        "/supervision/notices/",
        "/account/tokens/",
        "/public/inbox/",
        "/public/",
        f"/public/notices/{notice.pk}/",
        "/public/feedback/track/",
        "/admin/",
        "/no-such-page/",
    ]:
        _visit(page, base + path)


def test_dashboard_charts_draw(watched, live_server, live_seed, sign_in):
    page = watched
    sign_in("xunchaban")
    _visit(page, f"{live_server.url}/dashboard/")
    page.locator("#chart-rate canvas").wait_for(state="attached")
    page.locator("#chart-status canvas").wait_for(state="attached")
    _visit(page, f"{live_server.url}/inspections/{live_seed.pk}/dashboard/")
    page.locator("#chart-weeks canvas").wait_for(state="attached")
    page.locator("#chart-mstatus canvas").wait_for(state="attached")
    page.hover("#chart-mstatus canvas")  # the tooltip is styled through the CSSOM, which CSP allows
    _no_violation(page, "charts")


def test_confirm_dialogs_ask_and_a_refusal_keeps_the_record(watched, live_server, live_seed, sign_in):
    page = watched
    sign_in("liaison")  # the liaison edits the plan: delete buttons
    _visit(page, f"{live_server.url}/problems/{_first_problem(live_seed).pk}/")
    form = page.locator("form[data-confirm]").first
    question = form.get_attribute("data-confirm")
    assert question.startswith("确定")
    asked = []

    def dismiss(dialog):
        asked.append((dialog.type, dialog.message))
        dialog.dismiss()

    page.once("dialog", dismiss)
    url = page.url
    form.locator("button").click()
    page.wait_for_timeout(300)
    assert asked == [("confirm", question)] and page.url == url
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        form.locator("button").click()
    assert "已删除" in page.locator(".messages").inner_text()
    _no_violation(page, "after deleting")


def test_the_language_switch_submits_on_change(watched, live_server, live_seed, sign_in):
    page = watched
    sign_in("liaison")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    _no_violation(page, "language")


def test_intake_review_highlighting_works(watched, live_server, import_unit, sign_in):  # noqa: F811
    page = watched
    sign_in("liaison")
    _visit(page, f"{live_server.url}/intake/")
    page.fill("#id_text", SEED_NOTICE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="读取通报").click()
    page.wait_for_load_state("networkidle")
    page.locator("#id_feedback_date").focus()
    feedback = page.locator('#intake-source mark[data-field="feedback_date"]')
    assert "active" in (feedback.get_attribute("class") or "")
    _no_violation(page, "intake review")


def test_the_feedback_form_counts_characters(watched, live_server, live_seed):
    page = watched
    notice = live_seed.notices.filter(state="published").first()
    _visit(page, f"{live_server.url}/public/notices/{notice.pk}/feedback/")
    page.fill("#id_message", "食堂的账目没有公开")
    assert "已输入 9 /" in page.locator("[data-counter]").inner_text()
    _no_violation(page, "feedback form")
