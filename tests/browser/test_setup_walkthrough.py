"""Issue #15's walk in a real browser: the inspection office sets up a round, a group and an
inspection of a new unit, types three problems and creates the unit's liaison; the liaison signs in
with the one-time password, sets their own, adds an office, a leader and a clerk; the clerk signs in
and sees only their office's measures."""

import datetime as dt
import re

import pytest

from tests.browser.conftest import screenshot
from zhenggai.accounts.models import Unit
from zhenggai.ledger.models import MeasureKind, Problem
from zhenggai.ledger.services import measure_create

pytestmark = pytest.mark.browser

UNIT = "滨州市沾化区统计局"


def choose(page, selector: str, text: str) -> None:
    """Select the option whose label contains ``text`` (labels carry indentation and kinds)."""
    value = page.eval_on_selector(
        selector,
        "(el, text) => [...el.options].find(o => o.textContent.includes(text)).value",
        text,
    )
    page.select_option(selector, value)


def submit(page, name: str) -> None:
    page.get_by_role("button", name=name).first.click()
    page.wait_for_load_state("networkidle")


def sign_out(page) -> None:
    page.locator("form[action='/logout/'] button").click()
    page.wait_for_load_state("networkidle")


def create_person(page, live_server, *, username, name, unit, role, title="") -> str:
    page.goto(f"{live_server.url}/setup/people/new/")
    page.fill("#id_username", username)
    page.fill("#id_full_name", name)
    choose(page, "#id_unit", unit)
    choose(page, "#id_role", role)
    if title:
        page.fill("#id_title", title)
    submit(page, "创建账号")
    return page.locator("#one-time-password").inner_text().strip()


def set_own_password(page, one_time: str, new: str) -> None:
    assert page.url.endswith("/account/password/"), page.url
    assert "设置您自己的密码" in page.locator("h1").inner_text()
    assert "一次性密码" in page.locator("main form").inner_text()
    page.fill("#id_old_password", one_time)
    page.fill("#id_new_password1", new)
    page.fill("#id_new_password2", new)
    submit(page, "保存新密码")
    assert "密码已修改" in page.locator(".messages").inner_text()


def test_an_office_sets_up_a_unit_whose_people_then_work_in_it(page, live_server, live_seed, sign_in):
    # The inspection office: a unit, a round, a group, an inspection, three problems, the liaison.
    sign_in("xunchaban")
    page.goto(f"{live_server.url}/setup/units/")
    page.get_by_role("link", name=live_seed.round.committee.name).first.click()
    page.fill("#id_add-name", UNIT)
    page.fill("#id_add-short_name", "区统计局")
    submit(page, "添加")
    assert UNIT in page.locator("#children").inner_text()

    page.goto(f"{live_server.url}/setup/")
    page.get_by_role("link", name="新建巡察轮次").click()
    page.fill("#id_name", "二届区委第五轮巡察")
    page.fill("#id_year", "2026")
    submit(page, "保存")
    page.get_by_role("link", name="添加巡察组").click()
    page.fill("#id_name", "区委第二巡察组")
    page.fill("#id_number", "2")
    submit(page, "保存")
    page.get_by_role("link", name="添加巡察", exact=True).click()
    choose(page, "#id_group", "区委第二巡察组")
    choose(page, "#id_unit", "统计局")
    page.fill("#id_feedback_date", "2026-11-20")
    submit(page, "保存")

    page.fill(
        "#id_text",
        "一、统计数据质量方面\n1.统计数据审核把关不严\n2.基层统计台账不规范\n二、作风建设方面\n3.调查研究不深入",
    )
    submit(page, "预览")
    submit(page, "确认录入")
    inspection_url = page.url
    problems = Problem.objects.filter(inspection__unit__name=UNIT).order_by("number")
    assert [p.title for p in problems] == ["统计数据审核把关不严", "基层统计台账不规范", "调查研究不深入"]
    inspection = problems[0].inspection

    page.get_by_role("link", name="添加联络员").click()
    page.fill("#id_username", "tongji_lly")
    page.fill("#id_full_name", "统计局联络员")
    submit(page, "创建账号")
    liaison_once = page.locator("#one-time-password").inner_text().strip()
    page.goto(inspection_url)
    page.locator("#open-ledger").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "setup-inspection-opened")
    sign_out(page)

    # The liaison: one-time password, their own, then an office, a leader and a clerk.
    sign_in("tongji_lly", liaison_once)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the form fits, nothing overflows
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "setup-own-password-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    set_own_password(page, liaison_once, "Tongji-Lianluo-2026")
    page.goto(f"{live_server.url}/setup/units/")
    page.get_by_role("link", name=UNIT).first.click()
    for office in ("综合股", "统计调查股"):
        page.fill("#id_add-name", office)
        submit(page, "添加")
    assert "统计调查股" in page.locator("#children").inner_text()
    create_person(
        page,
        live_server,
        username="tongji_jz",
        name="统计局局长",
        unit="统计局",
        role="单位领导",
        title="局长",
    )
    clerk_once = create_person(
        page, live_server, username="tongji_jb", name="综合股经办人", unit="综合股", role="股室经办人"
    )
    screenshot(page, "setup-liaison-created-clerk")
    sign_out(page)

    # The ledger gets a measure per office (the ledger's own pages are tested elsewhere).
    offices = {u.name: u for u in Unit.objects.filter(parent__name=UNIT)}
    measure_create(
        problem=problems[0],
        content="建立数据审核复核制度",
        kind=MeasureKind.DEADLINE,
        deadline=dt.date(2027, 3, 31),
        responsible_office=offices["综合股"],
    )
    measure_create(
        problem=problems[1],
        content="规范基层统计台账",
        kind=MeasureKind.DEADLINE,
        deadline=dt.date(2027, 3, 31),
        responsible_office=offices["统计调查股"],
    )

    # The clerk: their own password, then only 综合股's measure.
    sign_in("tongji_jb", clerk_once)
    set_own_password(page, clerk_once, "Zonghe-Jingban-2026")
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/")
    ledger = page.locator("main").inner_text()
    assert "建立数据审核复核制度" in ledger and "规范基层统计台账" not in ledger
    screenshot(page, "setup-clerk-ledger")
    assert re.search(r"/inspections/\d+/$", page.url)
