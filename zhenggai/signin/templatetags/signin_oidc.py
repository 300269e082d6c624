"""``{% oidc_login_link next %}``: the 统一身份认证 link on the log-in page, when OIDC is configured."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from zhenggai.signin.oidc import config

register = template.Library()


@register.inclusion_tag("signin/oidc_login_link.html")
def oidc_login_link(next_url: str = "") -> dict[str, object]:
    if not config.configured():
        return {"shown": False}
    url = reverse("signin:oidc_authenticate")
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return {"shown": True, "url": url, "label": config.button_label()}
