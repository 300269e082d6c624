"""A password someone else gave (a one-time password) is replaced before anything else is done.
Runs after the second-factor middleware; reads the session, not the database."""

from django.utils.translation import gettext as _

from zhenggai.signin.gate import gated_user, send_to_step
from zhenggai.signin.password.services import SESSION_KEY

_STEP_PAGES = ("/account/password/", "/account/2fa/")


class MustChangePasswordMiddleware:
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        user = gated_user(request, _STEP_PAGES)
        if user is None or not request.session.get(SESSION_KEY):
            return self.get_response(request)
        detail = _("请先设置您自己的密码（一次性密码只能用于首次登录）。")
        return send_to_step(request, "signin:password_change", detail)
