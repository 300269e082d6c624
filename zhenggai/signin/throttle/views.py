"""/account/logins/: the sign-in records (successes and failures, newest first), the accounts and
addresses locked now, and unlocking, for who may read them (``services.reader``); 404 for others."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhenggai.core.errors import ServiceError
from zhenggai.signin.devices import device_summary
from zhenggai.signin.throttle import services
from zhenggai.signin.throttle.handler import account_limit, address_limit, cool_off

PER_PAGE = 50


def _reader(request):  # type: ignore[no-untyped-def]
    who = services.reader(request.user)
    if who is None:
        raise Http404
    return who


@never_cache
@login_required
def logins_page(request):  # type: ignore[no-untyped-def]
    who = _reader(request)
    username = request.GET.get("username", "").strip()[:150]
    page = Paginator(services.sign_in_records(who, username), PER_PAGE).get_page(request.GET.get("page"))
    records = [{**r, "device": device_summary(r["user_agent"])} for r in page.object_list]
    context = {
        "page": page,
        "records": records,
        "username": username,
        "accounts": services.locked_accounts(who),
        "addresses": services.locked_addresses(),
        "unlocks_addresses": who.everything,
        "account_limit": account_limit(),
        "address_limit": address_limit(),
        "cool_off_minutes": int(cool_off().total_seconds() // 60),
    }
    return render(request, "signin/logins.html", context)


@never_cache
@login_required
@require_POST
def logins_unlock(request):  # type: ignore[no-untyped-def]
    _reader(request)
    username = request.POST.get("username", "").strip()
    address = request.POST.get("address", "").strip()
    try:
        if username:
            services.unlock_account(actor=request.user, username=username)
            messages.success(request, _("已解除账号“%(name)s”的登录锁定。") % {"name": username})
        elif address:
            services.unlock_address(actor=request.user, address=address)
            messages.success(request, _("已解除地址 %(address)s 的登录锁定。") % {"address": address})
        else:
            messages.error(request, _("请指定要解除锁定的账号或地址。"))
    except ServiceError as error:
        if error.code == "not_found":
            raise Http404 from None
        messages.error(request, " ".join(error.messages))
    return redirect("signin:logins")
