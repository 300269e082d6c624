"""Every main page at a phone's width (390 px): nothing wider than the screen, a small header whose
menu button opens the navigation with 退出 in it, the ledger as cards; and the desktop unchanged."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# What sticks out, to say so when a page is too wide.
WIDE = (
    "Array.from(document.querySelectorAll('body *'))"
    ".filter(e => e.getBoundingClientRect().right > 391 && !e.closest('header') && !e.closest('table')).slice(0, 6)"
    ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' '"
    " + (e.parentElement && e.parentElement.tagName) + ' ' + e.textContent.slice(0, 20))"
)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "zhenggai-demo")
    page.click("button.primary")
    page.wait_for_load_state("networkidle")


def _fits(page, where: str, width: int = PHONE["width"]):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        screenshot(page, "phone-too-wide")
    assert scroll_width <= width, (where, scroll_width, page.evaluate(WIDE))
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] <= 0.25 * PHONE["height"], (where, header)


def _logout_reachable(page, where: str):
    logout = page.get_by_role("button", name="退出")
    assert not logout.is_visible(), where  # folded away until asked for
    page.locator("details[data-menu] > summary").click()
    assert logout.is_visible(), where
    box = logout.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (where, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where
    page.keyboard.press("Escape")
    assert not logout.is_visible(), where


def _visit(page, url: str, name: str, signed_in: bool = True):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status < 400, (url, response.status)
    _fits(page, url)
    if signed_in:
        _logout_reachable(page, url)
    screenshot(page, f"phone-{name}")


def test_liaison_pages_on_a_phone(phone, live_server, live_seed, sign_in):
    page, base, inspection = phone, live_server.url, live_seed
    _visit(page, f"{base}/login/", "login", signed_in=False)
    _sign_in(page, base, "liaison")
    problem = inspection.problems.order_by("number").first()
    measure = problem.measures.exclude(status="closed").order_by("number").first()
    for path, name in [
        ("/", "home"),
        (f"/inspections/{inspection.pk}/", "ledger"),
        (f"/problems/{problem.pk}/", "problem"),
        (f"/measures/{measure.pk}/progress/new/", "progress-form"),
        (f"/inspections/{inspection.pk}/dashboard/", "inspection-dashboard"),
        (f"/inspections/{inspection.pk}/notices/", "notices"),
        ("/search/?q=科技", "search"),
        ("/supervision/notifications/", "liaison-notifications"),
    ]:
        _visit(page, base + path, name)


def test_the_ledger_is_cards_on_a_phone(phone, live_server, live_seed):
    page, base, inspection = phone, live_server.url, live_seed
    _sign_in(page, base, "liaison")
    page.goto(f"{base}/inspections/{inspection.pk}/")
    assert page.locator("table.ledger thead").bounding_box()["height"] <= 1  # the headings hidden
    cards = page.locator("table.ledger tbody")
    assert cards.count() == 5  # one card per problem
    first = cards.first.bounding_box()
    assert first["width"] <= PHONE["width"]
    # The measure's cells say what they are; the light says why it is lit.
    deadline = cards.first.locator("td[data-label='时限']").first
    assert deadline.is_visible()
    assert page.locator(".light-legend").is_visible()
    assert page.locator("table.ledger .light[title]").count() >= 1


def test_evidence_inputs_offer_the_camera(phone, live_server, live_seed):
    page, base, inspection = phone, live_server.url, live_seed
    _sign_in(page, base, "liaison")
    measure = inspection.problems.order_by("number").first().measures.exclude(status="closed").first()
    page.goto(f"{base}/measures/{measure.pk}/progress/new/")
    accept = page.locator("#id_files").get_attribute("accept")
    assert accept.startswith("image/*,application/pdf")
    assert ".docx" in accept and ".xlsx" in accept
    assert page.locator("#id_photos").get_attribute("capture") == "environment"
    # the figures' rows (label, value, unit) fit the screen
    unit = page.locator("#id_figure_0_unit").bounding_box()
    assert unit["x"] + unit["width"] <= PHONE["width"]


def test_office_pages_on_a_phone(phone, live_server, live_seed):
    page, base, inspection = phone, live_server.url, live_seed
    _sign_in(page, base, "xunchaban")
    notice = inspection.notices.filter(state="published").first()
    for path, name in [
        ("/dashboard/", "dashboard"),
        ("/problems/?status=completed", "problem-list"),
        ("/measures/?light=red&kind=long_term", "measure-list"),
        ("/reviews/?due=1", "review-list"),
        ("/supervision/notices/", "supervision-notices"),
        ("/supervision/notifications/", "notifications"),
        (f"/notices/{notice.pk}/", "notice"),
        ("/public/inbox/", "inbox"),
    ]:
        _visit(page, base + path, name)


def test_leader_pages_on_a_phone(phone, live_server, live_seed):
    page, base, inspection = phone, live_server.url, live_seed
    _sign_in(page, base, "leader")
    for path, name in [("/", "leader-home"), (f"/inspections/{inspection.pk}/", "leader-ledger")]:
        _visit(page, base + path, name)


def test_public_pages_on_a_phone(phone, live_server, live_seed):
    page, base, inspection = phone, live_server.url, live_seed
    notice = inspection.notices.filter(state="published").first()
    for path, name in [
        ("/public/", "public-index"),
        (f"/public/notices/{notice.pk}/", "public-notice"),
        ("/public/feedback/track/", "public-track"),
    ]:
        _visit(page, base + path, name, signed_in=False)


def test_without_script_the_menu_stays_open(browser, live_server, live_seed):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, "liaison")
        page.goto(f"{live_server.url}/inspections/{live_seed.pk}/")
        assert page.get_by_role("button", name="退出").is_visible()
        assert page.locator("table.ledger").bounding_box()["width"] <= PHONE["width"]
        screenshot(page, "phone-ledger-no-script")
    finally:
        context.close()


def test_the_desktop_keeps_its_header(page, live_server, live_seed, sign_in):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in("liaison")
    page.goto(f"{live_server.url}/inspections/{live_seed.pk}/")
    assert not page.locator("details[data-menu] > summary").is_visible()
    assert page.get_by_role("button", name="退出").is_visible()
    assert page.get_by_role("link", name="监督看板").is_visible()
    assert page.locator("header.topbar").bounding_box()["height"] <= 80  # one row
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator("table.ledger thead").bounding_box()["height"] > 10  # the table, not cards
    screenshot(page, "desktop-ledger")
    page.goto(f"{live_server.url}/measures/?light=red")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, "desktop-measures")
