"""/account/2fa/…: enrol a TOTP app, enter a code after the password, renew recovery codes."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from zhenggai.signin.totp import services


def _next(request) -> str:  # type: ignore[no-untyped-def]
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


def _codes_page(request, codes):  # type: ignore[no-untyped-def]
    return render(request, "signin/totp_codes.html", {"codes": codes, "next": _next(request)})


@never_cache
@login_required
def totp_setup(request):  # type: ignore[no-untyped-def]
    """Enrolment (QR code, secret, confirm with a code), or, once enrolled, the status page."""
    user = request.user
    if services.has_device(user):
        if not user.is_verified():
            return redirect("signin:totp_verify")
        context = {"enrolled": True, "codes_left": services.recovery_codes_left(user)}
        return render(request, "signin/totp_setup.html", context)
    device = services.pending_totp(user)
    error = None
    if request.method == "POST":
        try:
            confirmed = services.confirm_totp(device, request.POST.get("code", ""))
        except services.Throttled:
            confirmed, error = False, _("错误次数过多，请稍等片刻再试。")
        if confirmed:
            otp_login(request, device)
            request.session[services.SESSION_KEY] = services.session_state(user)
            return _codes_page(request, services.new_recovery_codes(user))
        error = error or _("验证码不正确，请核对手机上当前显示的 6 位数字后重试（注意手机时间须准确）。")
    context = {
        "enrolled": False,
        "secret": services.secret_base32(device),
        "required": services.is_required(user),
        "error": error,
        "next": _next(request),
    }
    return render(request, "signin/totp_setup.html", context)


@never_cache
@login_required
def totp_qr(request):  # type: ignore[no-untyped-def]
    """The QR code of the device being enrolled (never of a confirmed one)."""
    if services.has_device(request.user):
        raise Http404
    svg = services.qr_svg(services.pending_totp(request.user))
    return HttpResponse(svg, content_type="image/svg+xml")


@never_cache
@login_required
def totp_verify(request):  # type: ignore[no-untyped-def]
    """After the password: a code from the app, or one recovery code."""
    user = request.user
    if not services.has_device(user):
        return redirect("signin:totp_setup")
    if user.is_verified():
        return redirect(_next(request))
    error = None
    if request.method == "POST":
        try:
            device = services.verify_code(user, request.POST.get("code", ""))
        except services.Throttled:
            device = None
            error = _("错误次数过多，请稍等片刻再试。")
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        if error is None:
            error = _("验证码不正确，请输入手机上的 6 位动态码，或一个未用过的恢复码。")
    return render(request, "signin/totp_verify.html", {"error": error, "next": _next(request)})


@never_cache
@login_required
@require_POST
def totp_recovery(request):  # type: ignore[no-untyped-def]
    """New recovery codes (the old ones stop working): only for a verified, enrolled user."""
    user = request.user
    if not services.has_device(user):
        return redirect("signin:totp_setup")
    if not user.is_verified():
        return redirect("signin:totp_verify")
    return _codes_page(request, services.new_recovery_codes(user))
