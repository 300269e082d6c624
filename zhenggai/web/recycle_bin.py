"""The recycle bin page (回收站) of an inspection, and its restore buttons. Thin: the rows come from
``ledger.recycle_bin`` (scoped in SQL by ``restorable_*``), a restore is its service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenggai.core.errors import ServiceError
from zhenggai.ledger.permissions import (
    can_use_recycle_bin,
    get_inspection_for_user,
    get_restorable_measure_for_user,
    get_restorable_problem_for_user,
    get_restorable_progress_for_user,
)
from zhenggai.ledger.recycle_bin import measure_restore, problem_restore, progress_restore, recycle_bin


@login_required
def recycle_bin_page(request, pk):
    inspection = get_inspection_for_user(request.user, pk)
    if not can_use_recycle_bin(request.user, inspection):
        raise PermissionDenied
    context = {"inspection": inspection, "bin": recycle_bin(request.user, inspection)}
    return render(request, "web/recycle_bin.html", context)


def _restore(request, obj, restore, inspection_id, done: str):
    try:
        restore(obj, request.user)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("recycle_bin", pk=inspection_id)


@login_required
@require_POST
def problem_restore_view(request, pk):
    problem = get_restorable_problem_for_user(request.user, pk)
    return _restore(
        request,
        problem,
        lambda obj, actor: problem_restore(problem=obj, actor=actor),
        problem.inspection_id,
        _("已恢复该问题(及与它一同删除的措施)。"),
    )


@login_required
@require_POST
def measure_restore_view(request, pk):
    measure = get_restorable_measure_for_user(request.user, pk)
    return _restore(
        request,
        measure,
        lambda obj, actor: measure_restore(measure=obj, actor=actor),
        measure.problem.inspection_id,
        _("已恢复该措施。"),
    )


@login_required
@require_POST
def progress_restore_view(request, pk):
    entry = get_restorable_progress_for_user(request.user, pk)
    return _restore(
        request,
        entry,
        lambda obj, actor: progress_restore(entry=obj, actor=actor),
        entry.measure.problem.inspection_id,
        _("已恢复该进展。"),
    )
