"""/account/sessions/: one's signed-in sessions (the current one marked), ending one or all the
others, and one's latest sign-ins and failed attempts."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhenggai.signin.devices import device_summary
from zhenggai.signin.models import UserSession
from zhenggai.signin.sessions import services
from zhenggai.signin.throttle.services import own_sign_ins, reader


@never_cache
@login_required
def sessions_page(request):  # type: ignore[no-untyped-def]
    current = request.session.session_key
    rows = [
        {"row": row, "device": device_summary(row.user_agent), "current": row.session_key == current}
        for row in services.live_sessions(request.user)
    ]
    records = [{**r, "device": device_summary(r["user_agent"])} for r in own_sign_ins(request.user)]
    context = {
        "sessions": rows,
        "others": sum(1 for r in rows if not r["current"]),
        "records": records,
        "reads_logins": reader(request.user) is not None,
        "idle_minutes": services.idle_seconds() // 60,
        "max_hours": services.max_seconds() // 3600,
    }
    return render(request, "signin/sessions.html", context)


@never_cache
@login_required
@require_POST
def session_end(request, pk: int):  # type: ignore[no-untyped-def]
    row = get_object_or_404(UserSession, pk=pk, user=request.user)
    if row.session_key == request.session.session_key:
        logout(request)
        return redirect("login")
    services.end_session(row)
    messages.success(request, _("已结束该会话，那台设备需要重新登录。"))
    return redirect("signin:sessions")


@never_cache
@login_required
@require_POST
def sessions_end_others(request):  # type: ignore[no-untyped-def]
    ended = services.end_sessions_of(request.user, keep=request.session.session_key)
    if ended:
        messages.success(request, _("已结束其他 %(n)s 个会话。") % {"n": ended})
    else:
        messages.info(request, _("没有其他登录中的会话。"))
    return redirect("signin:sessions")
