"""Content-Security-Policy (django-csp): a strict policy on every response, and no template that would
need it loosened (inline script, event-handler attribute, inline style, ``javascript:`` link)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from zhenggai.api.tokens import token_create
from zhenggai.notices.models import NoticeState

ROOT = Path(__file__).resolve().parents[2] / "zhenggai"
TEMPLATES = sorted(ROOT.glob("**/templates/**/*.html"))

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


def _assert_strict(response):
    policy = _policy(response)
    for directive, value in REQUIRED.items():
        assert policy.get(directive) == value, (directive, policy)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def _pages(seed) -> list[str]:
    problem = seed.problem(1)
    notice = seed.inspection.notices.get(state=NoticeState.PUBLISHED)
    return [
        reverse("home"),
        reverse("inspection", args=[seed.inspection.pk]),
        reverse("problem", args=[problem.pk]),
        reverse("measure_edit", args=[seed.measure(1, 1).pk]),
        reverse("dashboard"),
        reverse("inspection_dashboard", args=[seed.inspection.pk]),
        reverse("problem_list"),
        reverse("measure_list"),
        reverse("review_list"),
        reverse("notice_list", args=[seed.inspection.pk]),
        reverse("notice", args=[notice.pk]),
        reverse("api_tokens"),
        reverse("supervision_notifications"),
        reverse("intake_ui:upload"),
        reverse("public:inbox"),
        reverse("public:index"),
        reverse("public:notice", args=[notice.pk]),
        reverse("public:notice_feedback", args=[notice.pk]),
        reverse("public:track"),
        reverse("api:me"),
        "/no-such-page/",
    ]


@pytest.mark.parametrize("persona", ["xunchaban", "liaison"])
def test_every_main_page_has_the_strict_policy_and_nothing_it_would_block(login, seed, persona):
    """The header, and no inline handler or style in what the page actually sends (HTML built in
    Python, such as the timeline's rows, escapes the template scan below)."""
    client = login(getattr(seed, persona))
    for url in _pages(seed):
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        _assert_strict(response)
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            for pattern in (HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT, JS_URL):
                found = pattern.search(html)
                assert found is None, (url, found.group(0)[:120])


def test_anonymous_pages_and_the_token_api_have_it_too(client, seed):
    for url in (reverse("login"), reverse("public:index"), reverse("home")):
        _assert_strict(client.get(url))
    _token, secret = token_create(user=seed.liaison, name="脚本")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    _assert_strict(api.get(reverse("api:inspection-problems", args=[seed.inspection.pk])))


def test_the_scanner_finds_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert HANDLER.search('<form method="post"\n  onsubmit="return confirm(1)">')
    assert not HANDLER.search('<form data-confirm="确定?" class="inline">')
    assert STYLE_ATTRIBUTE.search('<h2 style="margin:0">')
    assert STYLE_ELEMENT.search("<style>p{}</style>")
    assert JS_URL.search('<a href="javascript:void(0)">')


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_needs_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")
    assert TEMPLATES, "no templates found"
    for name, pattern in [
        ("inline <script>", INLINE_SCRIPT),
        ("event-handler attribute", HANDLER),
        ("style attribute", STYLE_ATTRIBUTE),
        ("<style> element", STYLE_ELEMENT),
        ("javascript: URL", JS_URL),
    ]:
        found = pattern.search(text)
        assert found is None, f"{name} in {path.name}: {found.group(0)[:80]!r}"


def test_the_template_scan_covers_every_app():
    apps = {p.relative_to(ROOT).parts[0] for p in TEMPLATES}
    assert {"templates", "dashboards", "public", "intake_ui", "notices", "jobs", "supervision"} <= apps


def test_documents_inside_pages_carry_no_inline_style(login, seed):
    notice = seed.inspection.notices.get(state=NoticeState.PUBLISHED)
    for client, url in (
        (login(seed.xunchaban), reverse("notice", args=[notice.pk])),
        (login(seed.xunchaban), reverse("public:notice", args=[notice.pk])),
    ):
        html = client.get(url).content.decode()
        assert 'class="gw-doc"' in html
        assert STYLE_ATTRIBUTE.search(html) is None and INLINE_SCRIPT.search(html) is None, url
