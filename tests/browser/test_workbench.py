"""The workbench in a real browser: the leader ticks two close-outs and confirms them at once."""

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import screenshot
from tests.workbench.conftest import fresh_measure, submitted
from zhenggai.ledger.models import MeasureStatus

pytestmark = pytest.mark.browser


def test_leader_confirms_two_close_outs_from_the_workbench(page, live_server, live_seed, sign_in):
    from tests.conftest import SeedWorld

    users = {u.username: u for u in get_user_model().objects.all()}
    seed = SeedWorld(live_seed, *(users[n] for n in ("xunchaban", "leader", "liaison", "clerk", "outsider")))
    first = submitted(
        seed, fresh_measure(seed, problem=1, office="办公室", leader=users["leader"], content="浏览器甲")
    )
    second = submitted(
        seed, fresh_measure(seed, problem=2, office="农村科技股", leader=users["deputy"], content="浏览器乙")
    )

    sign_in("leader")
    page.goto(f"{live_server.url}/")
    queue = page.locator("#tasks-confirm")
    assert queue.locator("tbody tr").count() == 2
    assert page.locator("#nav-workbench .task-count").inner_text() != ""
    queue.get_by_role("checkbox").nth(0).check()
    queue.get_by_role("checkbox").nth(1).check()
    queue.get_by_label("意见(可选)").fill("同意")
    queue.get_by_role("button", name="所选各项审核通过").click()
    page.wait_for_load_state("networkidle")
    assert "已审核通过2项" in page.locator(".messages").inner_text()
    assert page.locator("#tasks-confirm").count() == 0
    screenshot(page, "workbench-after-bulk-confirm")
    for measure in (first, second):
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.CONFIRMED
