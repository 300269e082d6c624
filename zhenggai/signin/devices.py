"""A short name for a browser from its User-Agent ("Edge · Windows"), for the sessions page."""

import re

from django.utils.translation import gettext as _

# First match wins: the specific names before the engines they are built on.
_BROWSERS = (
    ("MicroMessenger", "微信"),
    ("wxwork", "企业微信"),
    ("DingTalk", "钉钉"),
    ("QQBrowser", "QQ 浏览器"),
    ("360SE", "360 浏览器"),
    ("360EE", "360 浏览器"),
    ("QihooBrowser", "360 浏览器"),
    ("Edg", "Edge"),
    ("OPR", "Opera"),
    ("Firefox", "Firefox"),
    ("Chromium", "Chromium"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
    ("curl", "curl"),
    ("python-requests", "Python"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Mac OS X", "macOS"),
    ("UOS", "统信 UOS"),
    ("Kylin", "麒麟"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def _first(ua: str, table: tuple[tuple[str, str], ...]) -> str:
    for needle, name in table:
        if re.search(rf"\b{re.escape(needle)}", ua, flags=re.I):
            return name
    return ""


def device_summary(user_agent: str) -> str:
    ua = user_agent or ""
    parts = [p for p in (_first(ua, _BROWSERS), _first(ua, _SYSTEMS)) if p]
    return " · ".join(parts) if parts else _("未知设备")
