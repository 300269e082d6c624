"""Group robots (DingTalk / WeCom) against a real local HTTP server."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from zhenggai.core.errors import ServiceError
from zhenggai.supervision.channels import WebhookError, post_robot
from zhenggai.supervision.models import ReminderLog, WebhookEndpoint
from zhenggai.supervision.services import reminders_run, webhook_endpoint_create

from .helpers import free_port, grow

DAY = dt.date(2023, 8, 1)  # the seed's long-term measures are overdue; four beyond 30 days


@pytest.fixture
def on_day():
    with time_machine.travel(dt.datetime(2023, 8, 1, 8, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def test_dingtalk_and_wecom_get_their_json_for_their_part_of_the_tree(seed, robot_server, mailoutbox, on_day):
    base = robot_server.url
    webhook_endpoint_create(unit=seed.unit, kind="dingtalk", url=f"{base}/unit", name="科技局整改群")
    webhook_endpoint_create(unit=seed.unit.parent, kind="wecom", url=f"{base}/committee", name="区委巡察办")
    webhook_endpoint_create(unit=seed.office("高新技术股"), kind="dingtalk", url=f"{base}/office")
    webhook_endpoint_create(unit=seed.unit, kind="dingtalk", url=f"{base}/off", enabled=False)

    report = reminders_run(DAY)
    assert report.webhooks_sent == 3 and report.webhook_failures == 0

    (unit,) = robot_server.payloads("/unit")
    assert unit["msgtype"] == "markdown" and set(unit["markdown"]) == {"title", "text"}
    assert unit["markdown"]["title"] == "【整改提醒】区科技局 2023年8月1日"
    text = unit["markdown"]["text"]
    assert text.startswith("#### 【整改提醒】区科技局 2023年8月1日") and "**已逾期(4项)**" in text
    m33 = seed.measure(3, 3)
    assert f"[查看](http://127.0.0.1:8000/problems/{m33.problem_id}/#measure-{m33.pk})" in text

    (committee,) = robot_server.payloads("/committee")
    assert committee["msgtype"] == "markdown" and set(committee["markdown"]) == {"content"}
    content = committee["markdown"]["content"]
    assert "**逾期超过30天,抄送巡察办(4项)**" in content and "已逾期" not in content.split("**")[0]

    (office,) = robot_server.payloads("/office")
    assert office["markdown"]["text"].count("- 区科技局") == 1  # 高新技术股's one long-term measure
    assert robot_server.payloads("/off") == []

    # The same day again: nothing new to post.
    assert reminders_run(DAY).webhooks_sent == 0 and len(robot_server.received) == 3


def test_a_failing_robot_never_breaks_the_run_and_is_tried_again(
    seed, robot_server, mailoutbox, on_day, settings
):
    settings.ZHENGGAI_WEBHOOK_TIMEOUT = 0.5
    base = robot_server.url
    for path in ("fail", "refuse", "slow"):
        webhook_endpoint_create(unit=seed.unit, kind="dingtalk", url=f"{base}/{path}")
    webhook_endpoint_create(unit=seed.unit, kind="wecom", url=f"http://127.0.0.1:{free_port()}/down")
    webhook_endpoint_create(unit=seed.unit, kind="wecom", url=f"{base}/good")

    report = reminders_run(DAY)
    assert report.webhook_failures == 4 and report.webhooks_sent == 1
    assert report.emails_sent == 5 and len(mailoutbox) == 5  # people are reminded all the same
    assert any("HTTP 500" in e for e in report.errors) and any("310000" in e for e in report.errors)
    failing = WebhookEndpoint.objects.exclude(url__endswith="/good")
    assert not ReminderLog.objects.filter(endpoint__in=failing).exists()  # so the next run retries

    again = reminders_run(DAY)
    assert again.webhook_failures == 4 and again.webhooks_sent == 0
    assert len(robot_server.payloads("/fail")) == 2 and len(robot_server.payloads("/good")) == 1
    assert len(mailoutbox) == 5


def test_wecom_markdown_stays_under_its_size_limit(seed, robot_server, mailoutbox, on_day):
    grow(seed, units=1, measures=120, deadline=dt.date(2023, 7, 1))
    unit = seed.unit.parent.children.get(name="测试单位g0")
    webhook_endpoint_create(unit=unit, kind="wecom", url=f"{robot_server.url}/big")
    reminders_run(DAY)
    (payload,) = robot_server.payloads("/big")
    content = payload["markdown"]["content"]
    assert len(content.encode()) <= 4000 and "另有" in content and "请登录系统查看" in content
    assert len(json.dumps(payload, ensure_ascii=False).encode()) < 4096 + 100


@pytest.mark.parametrize(
    "url",
    ["ftp://robot.example/send", "javascript:alert(1)", "file:///etc/passwd", "oapi.dingtalk.com/robot", ""],
)
def test_webhook_urls_must_be_http_or_https(seed, url):
    with pytest.raises(ServiceError):
        webhook_endpoint_create(unit=seed.unit, kind="dingtalk", url=url)
    endpoint = WebhookEndpoint(unit=seed.unit, kind="dingtalk", url=url)
    with pytest.raises(ValidationError):
        endpoint.full_clean()
    with pytest.raises((WebhookError, ValidationError)):
        post_robot("dingtalk", url, "t", "x")


def test_https_robot_urls_are_accepted(seed):
    endpoint = webhook_endpoint_create(
        unit=seed.unit, kind="wecom", url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo"
    )
    assert endpoint.pk and endpoint.enabled


@pytest.mark.parametrize("limit", [600, 1000, 4000])
@pytest.mark.parametrize("pk_digits", [1, 4, 9])
def test_robot_text_is_cut_to_the_limit_whatever_the_links(limit, pk_digits):
    from zhenggai.supervision.collect import Item
    from zhenggai.supervision.digest import robot_markdown

    items = [
        Item(
            kind="overdue",
            key=f"measure:{i}",
            unit_path="/1/3/",
            unit_name="区科技局",
            office_path="",
            committee_path="/1/",
            problem_id=1,
            label=f"问题(一)措施{i}",
            subject="测试措施" * 5,
            detail="整改时限2023年7月1日,已逾期31天",
            url=f"/problems/1/#measure-{str(i).rjust(pk_digits, '9')}",
        )
        for i in range(200)
    ]
    _title, text = robot_markdown("区科技局", DAY, items, limit)
    assert len(text.encode()) <= limit and "请登录系统查看" in text
