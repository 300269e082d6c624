"""/account/: one's own account — what it is and where to change each part of its sign-in."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from zhenggai.accounts.scope import memberships_of
from zhenggai.signin.models import AccountState
from zhenggai.signin.password.services import is_directory_account
from zhenggai.signin.throttle.services import reader
from zhenggai.signin.totp import services as totp


@never_cache
@login_required
def account_home(request):  # type: ignore[no-untyped-def]
    user = request.user
    context = {
        "memberships": memberships_of(user),
        "directory_account": is_directory_account(user),
        "second_factor": totp.has_device(user),
        "state": AccountState.objects.filter(user=user).first(),
        "reads_logins": reader(user) is not None,
    }
    return render(request, "signin/account.html", context)
