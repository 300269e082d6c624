"""After the password, before anything else: a user with a device enters a code; a user whose role
requires a second factor and has none enrols first. Runs after django-otp's OTPMiddleware."""

from django.utils.translation import gettext as _

from zhenggai.signin.gate import gated_user, send_to_step
from zhenggai.signin.totp import services, signals  # noqa: F401  (signals: the sign-in receiver)

_STEP_PAGES = ("/account/2fa/",)


class SecondFactorMiddleware:
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        user = gated_user(request, _STEP_PAGES)
        if user is None:
            return self.get_response(request)
        if user.is_verified():
            return self.get_response(request)
        state = request.session.get(services.SESSION_KEY)
        if not isinstance(state, dict):  # a session from before this feature: ask once, keep it
            state = request.session[services.SESSION_KEY] = services.session_state(user)
        if state.get("enrolled"):
            step, detail = "signin:totp_verify", _("请先完成两步验证（输入动态验证码）。")
        elif state.get("required"):
            step, detail = "signin:totp_setup", _("您的角色要求启用两步验证，请先完成设置。")
        else:
            return self.get_response(request)
        return send_to_step(request, step, detail, keep_next=True)
