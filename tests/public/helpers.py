"""Helpers for the public tests: read the challenge off the page the way a person would, post."""

import itertools
import re
from html import unescape

from django.urls import reverse

DIGITS = "零一二三四五六七八九"


def chinese_number(text: str) -> int:
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (DIGITS.index(tens) if tens else 1) * 10 + (DIGITS.index(ones) if ones else 0)
    return DIGITS.index(text)


def solve(question: str) -> int:
    """“七加五等于多少?” → 12 (an independent reading of the question, not the app's code)."""
    match = re.match(r"(.+?)(加|减|乘以)(.+?)等于多少", question)
    a, op, b = chinese_number(match[1]), match[2], chinese_number(match[3])
    return {"加": a + b, "减": a - b, "乘以": a * b}[op]


def read_form(html: str) -> dict:
    question = unescape(re.search(r'id="challenge-question">([^<]+)<', html)[1])
    token = re.search(r'name="challenge_token" value="([^"]+)"', html)[1]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return {"question": question, "token": token, "answer": solve(question), "csrf": csrf and csrf[1]}


def notice_url(seed, name="public:notice"):
    return reverse(name, args=[seed.inspection.notices.get().pk])


_SENT = itertools.count(1)


def submit(client, url, *, message=None, answer=None, **extra):
    """GET the form, answer its question, POST. Returns the POST response.

    Without ``message`` each call sends a different text (the same text twice is refused as a
    duplicate, public.spam)."""
    if message is None:
        message = f"建议加快科技项目跟踪服务台账建设。(第{next(_SENT)}条)"
    remote = extra.pop("REMOTE_ADDR", "127.0.0.1")
    headers = {k: extra.pop(k) for k in list(extra) if k.startswith("HTTP_")}
    form = read_form(client.get(url, REMOTE_ADDR=remote).content.decode())
    data = {
        "message": message,
        "challenge_token": form["token"],
        "challenge_answer": str(form["answer"] if answer is None else answer),
        "website": "",
        "problem": "",
    }
    data.update(extra)
    return client.post(url, data, REMOTE_ADDR=remote, **headers)


def code_from(client) -> str:
    html = client.get(reverse("public:feedback_done")).content.decode()
    return re.search(r'id="tracking-code"[^>]*>([^<]+)<', html)[1]
