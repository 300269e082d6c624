"""Intake pages: upload a notice, review and correct the draft beside its source, import it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenggai.core.errors import ServiceError
from zhenggai.core.uploads import REFUSED_KEY
from zhenggai.intake_ui.access import get_draft_for_user, may_import, visible_drafts
from zhenggai.intake_ui.forms import DraftEditor, UploadForm
from zhenggai.intake_ui.markup import draft_spans, marked_source
from zhenggai.intake_ui.services import (
    CONCENTRATED_MONTHS,
    ImportChoices,
    ImportRefused,
    draft_create,
    draft_delete,
    draft_import,
    draft_save,
    import_preview,
)
from zhenggai.intake_ui.uploads import MAX_UPLOAD_BYTES

_ADD_VALUES = ("problem",)


def _require_importer(user) -> None:
    if not may_import(user):
        raise PermissionDenied


@login_required
def upload(request):
    _require_importer(request.user)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, refused_files=request.META.get(REFUSED_KEY, []))
        if form.is_valid() and form.notice is not None:
            draft = draft_create(
                user=request.user,
                source_name=form.source_name,
                source_kind=form.source_kind,
                parsed=form.notice,
            )
            messages.success(request, _("已读取通报,请对照原文核对识别结果。"))
            return redirect("intake_ui:review", pk=draft.pk)
    else:
        form = UploadForm()
    drafts = (
        visible_drafts(request.user)
        .filter(created_by=request.user)
        .select_related("imported_inspection")[:20]
    )
    return render(
        request,
        "intake_ui/upload.html",
        {"form": form, "drafts": drafts, "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )


def _review_page(request, draft, editor, status=200):
    context = {
        "draft": draft,
        "editor": editor,
        "form": editor.form,
        "source_html": marked_source(draft.text, draft_spans(draft.parsed or {})),
        "findings": draft.findings or [],
        "notes": (draft.parsed or {}).get("notes") or [],
        "months": CONCENTRATED_MONTHS,
        "imported": draft.imported_inspection,
    }
    return render(request, "intake_ui/review.html", context, status=status)


def _add_param(request) -> str | None:
    value = request.POST.get("add") or request.GET.get("add") or ""
    if value in _ADD_VALUES or (value.startswith("m") and value[1:].isdigit()):
        return value
    return None


@login_required
def review(request, pk):
    draft = get_draft_for_user(request.user, pk)
    if request.method == "POST":
        if draft.imported_inspection_id:
            messages.error(request, _("该通报草稿已导入,不能再修改。"))
            return redirect("intake_ui:review", pk=draft.pk)
        editor = DraftEditor(draft, request.user, data=request.POST)
        if editor.is_valid():
            data, unit = editor.cleaned()
            draft_save(draft, data=data, unit=unit)
            add = _add_param(request)
            if add:
                return redirect(
                    f"{reverse('intake_ui:review', args=[draft.pk])}?add={add}#{'new-problem' if add == 'problem' else 'add-' + add}"
                )
            messages.success(request, _("已保存更正。"))
            return redirect("intake_ui:review", pk=draft.pk)
        return _review_page(request, draft, editor)
    return _review_page(request, draft, DraftEditor(draft, request.user, add=_add_param(request)))


@login_required
@require_POST
def import_draft(request, pk):
    """Without ``confirm``: validate and save the corrections, try the import and roll it back, then
    ask for confirmation. With ``confirm``: import the saved draft for real."""
    draft = get_draft_for_user(request.user, pk)
    if draft.imported_inspection_id:
        messages.error(request, _("该通报草稿已导入,不能重复导入。"))
        return redirect("intake_ui:review", pk=draft.pk)
    if request.POST.get("confirm"):
        try:
            choices = ImportChoices(
                other_issuer=bool(request.POST.get("other_issuer")),
                replace_contact=bool(request.POST.get("replace_contact")),
            )
            inspection = draft_import(draft, request.user, choices)
        except ImportRefused as refused:
            for issue in refused.issues:
                messages.error(request, issue.message)
            return redirect("intake_ui:review", pk=draft.pk)
        messages.success(request, _("已导入整改台账。"))
        return redirect("inspection", pk=inspection.pk)

    editor = DraftEditor(draft, request.user, data=request.POST)
    if not editor.is_valid():
        return _review_page(request, draft, editor)
    data, unit = editor.cleaned()
    draft_save(draft, data=data, unit=unit)
    try:
        summary = import_preview(draft, request.user)
    except ImportRefused as refused:
        editor.add_issues(refused.issues)
        return _review_page(request, draft, editor)
    return render(request, "intake_ui/confirm.html", {"draft": draft, "summary": summary})


@login_required
@require_POST
def delete_draft(request, pk):
    draft = get_draft_for_user(request.user, pk)
    try:
        draft_delete(draft=draft, user=request.user)
    except ServiceError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("intake_ui:review", pk=draft.pk)
    messages.success(request, _("已删除该草稿。"))
    return redirect("intake_ui:upload")
