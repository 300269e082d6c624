"""Issue #16's hold on a group's sight, in a real browser: an inspection imported into a group that
has members waits on the inspection office's workbench; the office opens it, reads why, and confirms;
the card reads at phone width."""

import pytest

from tests.browser.conftest import screenshot
from zhenggai.accounts.models import Membership, Role, Unit
from zhenggai.inspections.models import Inspection

pytestmark = pytest.mark.browser


def test_the_office_confirms_a_held_group_from_its_workbench(page, live_server, live_seed, sign_in):
    sibling = Unit.objects.get(
        pk=Membership.objects.get(user__username="outsider", role=Role.UNIT_LIAISON).unit_id
    )
    held = Inspection.objects.create(
        round=live_seed.round, group=live_seed.group, unit=sibling, group_confirmed=False
    )
    sign_in("xunchaban")
    page.goto(f"{live_server.url}/")
    item = page.locator(f"a[href='/setup/inspections/{held.pk}/']").first
    assert "确认后该组成员方可查看" in page.locator("main").inner_text()
    item.click()
    page.wait_for_load_state("networkidle")
    card = page.locator("#group-confirm")
    assert "看不到本单位的整改台账" in card.inner_text()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "group-confirm-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    card.get_by_role("button", name="确认巡察组").click()
    page.wait_for_load_state("networkidle")
    assert "已确认巡察组" in page.locator("main").inner_text()
    assert page.locator("#group-confirm").count() == 0
    held.refresh_from_db()
    assert held.group_confirmed
