"""Submitting feedback and looking it up, and every abuse control with its Chinese message."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.public.helpers import code_from, notice_url, read_form, submit
from zhenggai.audit.models import AuditEvent
from zhenggai.public import codes
from zhenggai.public.challenge import parse_answer
from zhenggai.public.models import Feedback, FeedbackStatus, RateCounter

PROBLEM_3 = "（三）关于引导推动科技创新动力不足，支撑县域经济转型升级不够有力方面问题"
START = dt.datetime(2026, 3, 2, 10, 0, 5, tzinfo=dt.UTC)  # five seconds into a minute


def _feedback_url(seed):
    return notice_url(seed, "public:notice_feedback")


def _track(client, code):
    return client.post(reverse("public:track"), {"code": code})


def test_submit_shows_the_code_once_and_the_code_shows_the_status(client, seed):
    response = submit(client, _feedback_url(seed), problem=PROBLEM_3)
    assert response.status_code == 302 and response["Location"] == reverse("public:feedback_done")
    code = code_from(client)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert code not in client.get(reverse("public:feedback_done")).content.decode()  # only once
    feedback = Feedback.objects.get()
    assert feedback.status == FeedbackStatus.RECEIVED
    assert feedback.unit == seed.unit and feedback.notice == seed.inspection.notices.get()
    assert feedback.problem == seed.problem(3) and feedback.problem_label == PROBLEM_3
    assert feedback.code_digest == codes.digest(codes.normalize(code))
    assert code.replace("-", "") not in str(Feedback.objects.values().get())  # the code itself is not stored

    html = _track(Client(), code.lower().replace("-", " ")).content.decode()  # forgiving input
    assert "已收到,等待受理" in html and "建议加快科技项目跟踪服务台账建设。(第" in html
    assert PROBLEM_3 in html

    event = AuditEvent.objects.get(object_type="public.feedback", object_id=str(feedback.pk))
    assert event.action == "create" and event.actor_id is None
    assert event.unit_path == seed.unit.path and event.problem_id == seed.problem(3).pk
    assert "建议加快" not in str(event.changes) and event.changes["message_chars"] == [
        None,
        len(feedback.message),
    ]


def test_unit_page_feedback_names_no_notice_unless_a_problem_is_chosen(client, seed):
    url = reverse("public:unit_feedback", args=[seed.unit.pk])
    assert PROBLEM_3 in client.get(url).content.decode()
    assert submit(client, url).status_code == 302
    assert submit(client, url, problem=PROBLEM_3).status_code == 302
    plain, chosen = Feedback.objects.order_by("pk")
    assert plain.notice is None and plain.problem is None
    assert chosen.notice == seed.inspection.notices.get() and chosen.problem == seed.problem(3)


def test_a_problem_not_in_the_notice_is_refused(client, seed):
    response = submit(client, _feedback_url(seed), problem="（九）不存在的问题")
    assert response.status_code == 400 and not Feedback.objects.exists()


def test_csrf_is_enforced(seed):
    client = Client(enforce_csrf_checks=True)
    url = _feedback_url(seed)
    form = read_form(client.get(url).content.decode())
    data = {"message": "x", "challenge_token": form["token"], "challenge_answer": form["answer"]}
    assert client.post(url, data).status_code == 403
    assert client.post(url, data | {"csrfmiddlewaretoken": form["csrf"]}).status_code == 302


def test_the_eleventh_submission_in_a_minute_from_one_address_is_refused(seed):
    url = _feedback_url(seed)
    with time_machine.travel(START, tick=False):
        for i in range(10):  # ten different browsers behind one address
            assert submit(Client(), url, message=f"意见{i}", REMOTE_ADDR="203.0.113.7").status_code == 302
        refused = submit(Client(), url, message="第十一条", REMOTE_ADDR="203.0.113.7")
        assert refused.status_code == 429
        html = refused.content.decode()
        assert "提交过于频繁:同一网络地址每分钟最多提交10次" in html
        assert "第十一条" in html  # kept in the form, nothing typed is lost
        assert submit(Client(), url, message="别处", REMOTE_ADDR="198.51.100.2").status_code == 302
    assert Feedback.objects.count() == 11
    assert not Feedback.objects.filter(message="第十一条").exists()
    with time_machine.travel(START + dt.timedelta(seconds=60), tick=False):
        assert submit(Client(), url, message="一分钟后", REMOTE_ADDR="203.0.113.7").status_code == 302
    # no address is stored: the keys are keyed hashes
    assert not RateCounter.objects.filter(key__contains="203.0.113").exists()


def test_ipv6_addresses_count_per_64_block(seed, settings):
    settings.ZHENGGAI_PUBLIC_SUBMIT_PER_MINUTE = 2
    url = _feedback_url(seed)
    with time_machine.travel(START, tick=False):
        assert submit(Client(), url, REMOTE_ADDR="2001:db8:1:2::1").status_code == 302
        assert submit(Client(), url, REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 302
        assert submit(Client(), url, REMOTE_ADDR="2001:db8:1:2:abcd::9").status_code == 429
        assert submit(Client(), url, REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_proxy_header_is_used_only_when_configured(seed, settings):
    settings.ZHENGGAI_PUBLIC_SUBMIT_PER_MINUTE = 1
    url = _feedback_url(seed)
    with time_machine.travel(START, tick=False):
        # not configured: a forged X-Real-IP changes nothing
        assert submit(Client(), url, HTTP_X_REAL_IP="192.0.2.1").status_code == 302
        assert submit(Client(), url, HTTP_X_REAL_IP="192.0.2.2").status_code == 429
        settings.ZHENGGAI_PUBLIC_CLIENT_IP_HEADER = "X-Real-IP"
        # the header alone is not enough: the connection must come from a trusted proxy
        assert submit(Client(), url, HTTP_X_REAL_IP="192.0.2.3").status_code == 429
        settings.ZHENGGAI_PUBLIC_TRUSTED_PROXIES = "127.0.0.1"
        assert submit(Client(), url, HTTP_X_REAL_IP="192.0.2.4").status_code == 302


def test_forwarded_for_is_read_from_the_right_past_trusted_proxies(seed, settings):
    from django.test import RequestFactory

    from zhenggai.public.ratelimit import client_address

    settings.ZHENGGAI_PUBLIC_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.ZHENGGAI_PUBLIC_TRUSTED_PROXIES = "10.0.0.5, 10.1.0.0/24"

    def seen(remote, forwarded=None):
        extra = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
        return client_address(RequestFactory().get("/", **extra))

    # two proxies: the client's own (forged) entries on the left are ignored
    assert seen("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.1.0.7") == "203.0.113.9"
    assert seen("10.0.0.5", "203.0.113.9") == "203.0.113.9"
    # a direct connection (not from a proxy) is its own address, whatever it claims
    assert seen("198.51.100.1", "203.0.113.9") == "198.51.100.1"
    assert seen("10.0.0.5") == "10.0.0.5"  # no header: the proxy itself
    assert seen("::ffff:10.0.0.5", "2001:db8:1:2::7") == "2001:db8:1:2::/64"
    settings.ZHENGGAI_PUBLIC_TRUSTED_PROXIES = ""
    assert seen("10.0.0.5", "203.0.113.9") == "10.0.0.5"  # the default: no header is believed
    settings.ZHENGGAI_PUBLIC_TRUSTED_PROXIES = "not-an-address"
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        seen("10.0.0.5", "203.0.113.9")
    from zhenggai.public.apps import check_trusted_proxies

    assert [e.id for e in check_trusted_proxies()] == ["zhenggai.public.E001"]
    settings.ZHENGGAI_PUBLIC_TRUSTED_PROXIES = "10.0.0.5"
    assert check_trusted_proxies() == []


def test_the_same_text_again_is_refused_politely(seed):
    url = _feedback_url(seed)
    unit_url = reverse("public:unit_feedback", args=[seed.unit.pk])
    with time_machine.travel(START, tick=False):
        assert submit(Client(), url, message="食堂账目长期不公开,请督促整改。").status_code == 302
        # another browser, another address, another page; case, width, spaces and punctuation differ
        again = submit(
            Client(), unit_url, message="食堂账目长期不公开 请督促整改!!", REMOTE_ADDR="198.51.100.7"
        )
        html = again.content.decode()
        assert again.status_code == 400
        assert "相同内容的意见已在24小时内提交过,我们会一并处理,无需重复提交。" in html
        assert "食堂账目长期不公开 请督促整改!!" in html  # kept in the form
        assert (
            submit(Client(), url, message="食堂账目长期不公开,请督促整改。补充:三月的也没有。").status_code
            == 302
        )
    assert Feedback.objects.count() == 2
    with time_machine.travel(START + dt.timedelta(hours=24, seconds=1), tick=False):
        assert submit(Client(), url, message="食堂账目长期不公开,请督促整改。").status_code == 302


def test_one_notice_takes_a_bounded_number_an_hour_from_all_addresses(seed, settings):
    settings.ZHENGGAI_PUBLIC_SUBMIT_PER_TARGET_HOUR = 3
    url = _feedback_url(seed)
    unit_url = reverse("public:unit_feedback", args=[seed.unit.pk])
    with time_machine.travel(START, tick=False):
        for i in range(3):
            assert submit(Client(), url, REMOTE_ADDR=f"203.0.113.{i + 1}").status_code == 302
        refused = submit(Client(), url, message="第四条", REMOTE_ADDR="203.0.113.50")
        html = refused.content.decode()
        assert refused.status_code == 429
        assert "本页一小时内收到的意见已超过3条,为防止自动程序刷屏,暂停接收。" in html
        assert "第四条" in html
        # refused attempts (a wrong answer here) do not use up the notice's allowance for others
        assert submit(Client(), unit_url, answer=-1, REMOTE_ADDR="203.0.113.60").status_code == 400
        assert submit(Client(), unit_url, REMOTE_ADDR="203.0.113.61").status_code == 302
    assert Feedback.objects.count() == 4
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        assert submit(Client(), url, REMOTE_ADDR="203.0.113.70").status_code == 302


def test_one_browser_session_is_limited_per_hour(client, seed, settings):
    settings.ZHENGGAI_PUBLIC_SUBMIT_PER_SESSION_HOUR = 3
    url = _feedback_url(seed)
    with time_machine.travel(START, tick=False):
        for i in range(3):
            assert submit(client, url, REMOTE_ADDR=f"198.51.100.{i + 10}").status_code == 302
        refused = submit(client, url, REMOTE_ADDR="198.51.100.99")
    assert refused.status_code == 429
    assert "同一浏览器每小时最多提交3次" in refused.content.decode()


def test_honeypot(client, seed):
    response = submit(client, _feedback_url(seed), website="http://spam.example")
    assert response.status_code == 400
    assert "隐藏栏目被填写了" in response.content.decode()
    assert not Feedback.objects.exists()


def test_wrong_answer_is_refused_and_the_text_kept(client, seed):
    url = _feedback_url(seed)
    form = read_form(client.get(url).content.decode())
    response = client.post(
        url,
        {"message": "我的意见原文", "challenge_token": form["token"], "challenge_answer": form["answer"] + 1},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "验证题答案不正确" in html and "我的意见原文" in html
    assert read_form(html)["token"] != form["token"]  # a fresh question
    assert not Feedback.objects.exists()


def test_expired_and_forged_challenges(client, seed):
    url = _feedback_url(seed)
    with time_machine.travel(START, tick=False):
        form = read_form(client.get(url).content.decode())
    with time_machine.travel(START + dt.timedelta(minutes=31), tick=False):
        data = {"message": "过期", "challenge_token": form["token"], "challenge_answer": form["answer"]}
        expired = client.post(url, data)
        assert expired.status_code == 400 and "验证题已过期(超过30分钟)" in expired.content.decode()
        forged = client.post(url, data | {"challenge_token": form["token"][:-2] + "xx"})
        assert forged.status_code == 400 and "验证信息无效" in forged.content.decode()
        missing = client.post(url, {"message": "无验证", "challenge_answer": "3"})
        assert missing.status_code == 400 and "验证信息无效" in missing.content.decode()
    assert not Feedback.objects.exists()


def test_a_form_posted_within_three_seconds_is_refused(client, seed, settings):
    settings.ZHENGGAI_PUBLIC_CHALLENGE_MIN_SECONDS = 3
    url = _feedback_url(seed)
    with time_machine.travel(START, tick=False):
        form = read_form(client.get(url).content.decode())
        data = {"message": "很快", "challenge_token": form["token"], "challenge_answer": form["answer"]}
        fast = client.post(url, data)
    assert fast.status_code == 400 and "提交过快" in fast.content.decode()
    with time_machine.travel(START + dt.timedelta(seconds=4), tick=False):
        assert client.post(url, data).status_code == 302


def test_a_solved_challenge_is_accepted_once(client, seed):
    url = _feedback_url(seed)
    form = read_form(client.get(url).content.decode())
    data = {"message": "同一份", "challenge_token": form["token"], "challenge_answer": form["answer"]}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400 and "已经提交过" in again.content.decode()
    assert Feedback.objects.count() == 1


def test_message_size_limit(client, seed):
    url = _feedback_url(seed)
    too_long = submit(client, url, message="字" * 2001)
    assert too_long.status_code == 400
    assert "意见内容共2001字,超过了2000字的上限" in too_long.content.decode()
    assert submit(client, url, message="字" * 2000).status_code == 302
    assert submit(client, url, message="   ").status_code == 400


def test_anonymous_keeps_no_contact(client, seed):
    url = _feedback_url(seed)
    clash = submit(client, url, anonymous="on", contact_phone="13800000000")
    assert clash.status_code == 400 and "您选择了匿名提交" in clash.content.decode()
    assert submit(client, url, anonymous="on").status_code == 302
    assert submit(client, url, contact_name="王某", contact_email="not-an-email").status_code == 400
    assert submit(client, url, contact_name="王某", contact_phone="13800000000").status_code == 302
    anonymous, named = Feedback.objects.order_by("pk")
    assert anonymous.anonymous and not (anonymous.contact_name or anonymous.contact_phone)
    assert named.contact_name == "王某" and named.contact_phone == "13800000000"


XSS = "<script>alert(1)</script>"


def test_script_comes_back_escaped_on_the_lookup_and_staff_pages(client, seed, login):
    assert submit(client, _feedback_url(seed), message=XSS, contact_name=XSS).status_code == 302
    code = code_from(client)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    lookup = _track(Client(), code).content.decode()
    assert escaped in lookup and XSS not in lookup
    feedback = Feedback.objects.get()
    staff = login(seed.liaison)
    for url in (reverse("public:inbox"), reverse("public:inbox_detail", args=[feedback.pk])):
        html = staff.get(url).content.decode()
        assert "&lt;script&gt;alert(1)" in html and XSS not in html, url


def test_a_forged_or_unknown_code_reveals_nothing(client, seed):
    assert submit(client, _feedback_url(seed)).status_code == 302
    real = code_from(client)
    body = codes.normalize(real)
    flipped = body[:3] + ("0" if body[3] != "0" else "1") + body[4:]  # one symbol changed
    unknown = codes.new_code()  # well formed, valid check symbol, never issued
    answers = []
    for attempt in (flipped, unknown, "AAAA-BBBB-CCCC-DDDD", "'; DROP TABLE x; --", "x" * 60):
        response = _track(Client(), attempt)
        assert response.status_code == 200
        html = response.content.decode()
        assert "未找到与该查询码对应的意见建议" in html
        assert "建议加快" not in html and "办理情况</h2>" not in html
        answers.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|value="[^"]*"', "", html))
    assert len(set(answers)) == 1  # the same page, whatever was wrong with the code
    assert "建议加快" in _track(Client(), real).content.decode()


def test_lookups_are_rate_limited(seed, settings):
    settings.ZHENGGAI_PUBLIC_LOOKUP_PER_MINUTE = 3
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            assert _track(Client(), codes.new_code()).status_code == 200
        refused = _track(Client(), codes.new_code())
    assert refused.status_code == 429 and "查询过于频繁" in refused.content.decode()


def test_tracking_codes_catch_typing_mistakes():
    code = codes.new_code()
    assert codes.is_well_formed(code) and len(code) == 16
    assert codes.is_well_formed(codes.normalize(codes.display(code).lower()))
    for i in range(15):  # every single substitution is caught by the check symbol
        for symbol in codes.ALPHABET:
            if symbol != code[i]:
                assert not codes.is_well_formed(code[:i] + symbol + code[i + 1 :])
    assert codes.normalize("abco-ilxx") == "ABC011XX"


@pytest.mark.parametrize(
    "raw, value",
    [
        ("8", 8),
        ("８", 8),
        (" 12 ", 12),
        ("八", 8),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("八十一", 81),
        ("两", 2),
    ],
)
def test_answers_in_digits_or_words(raw, value):
    assert parse_answer(raw) == value


@pytest.mark.parametrize("raw", ["", "abc", "1e3", "十十", "一百", "-3", "8.0"])
def test_nonsense_answers(raw):
    assert parse_answer(raw) is None
