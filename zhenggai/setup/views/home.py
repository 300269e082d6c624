"""/setup/: what the user may set up, in one page."""

from django.db.models import Count
from django.shortcuts import render

from zhenggai.setup import permissions
from zhenggai.setup.views._common import setup_view


@setup_view()
def setup_home(request):
    user = request.user
    rounds = (
        permissions.administered_rounds(user)
        .annotate(n_groups=Count("groups", distinct=True), n_inspections=Count("inspections", distinct=True))
        .order_by("-year", "-pk")[:50]
        if permissions.may_set_up_cycle(user)
        else []
    )
    return render(
        request,
        "setup/home.html",
        {
            "rounds": rounds,
            "may_set_up_cycle": permissions.may_set_up_cycle(user),
            "committees": permissions.administered_committees(user),
        },
    )
