"""Notice, report and ledger-spreadsheet pages. Thin: compose/render/services do the work."""

import io
import uuid
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenggai.audit.downloads import CLOSEOUT, LEDGER, NOTICE, REPORT, download_record
from zhenggai.core.errors import ServiceError
from zhenggai.core.forms import form_add_service_error
from zhenggai.core.query import query_date
from zhenggai.core.uploads import REFUSED_KEY
from zhenggai.documents.layout.html import render_article
from zhenggai.documents.xlsx import LedgerImportError, ledger_filename, read_ledger_xlsx_bounded
from zhenggai.jobs.runner import job_start
from zhenggai.ledger.filters import Scope
from zhenggai.ledger.people import unmatched_message
from zhenggai.ledger.permissions import can_edit_plan, get_inspection_for_user, visible_measures
from zhenggai.notices.forms import OUTLOOK_ROWS, LedgerImportForm, NoticeEditForm, NoticeNewForm
from zhenggai.notices.import_previews import expired_message, import_path, import_preview_available
from zhenggai.notices.ledger_xlsx import ledger_export, ledger_import_people
from zhenggai.notices.models import NoticeState
from zhenggai.notices.permissions import (
    can_compose_documents,
    get_inspection_for_documents,
    get_notice_for_user,
    visible_notices,
)
from zhenggai.notices.render import FORMATS, render_document
from zhenggai.notices.services import (
    NOTICE_EDITABLE_FIELDS,
    can_publish,
    notice_create,
    notice_document,
    notice_publish,
    notice_update,
)
from zhenggai.notices.unit_documents import unit_document


def _attachment(rendered, *, inline=False) -> HttpResponse:
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quote(rendered.filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
def notice_list(request, inspection_pk):
    inspection = get_inspection_for_user(request.user, inspection_pk)
    may_edit = can_edit_plan(request.user, inspection)
    form = NoticeNewForm(
        request.POST or None, initial={"cutoff_date": timezone.localdate(), "signed_on": timezone.localdate()}
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                notice = notice_create(inspection=inspection, actor=request.user, **form.cleaned_data)
            except ServiceError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("已生成通报草稿,请核对文字后下载或公开。"))
                return redirect("notice", pk=notice.pk)
    context = {
        "inspection": inspection,
        "notices": visible_notices(request.user).filter(inspection=inspection).order_by("-signed_on", "-pk"),
        "form": form,
        "can_edit": may_edit,
        "can_compose": may_edit or can_compose_documents(request.user, inspection),
    }
    return render(request, "notices/notice_list.html", context)


@login_required
def notice_detail(request, pk):
    notice = get_notice_for_user(request.user, pk)
    may_edit = can_edit_plan(request.user, notice.inspection) and notice.state == NoticeState.DRAFT
    items = list(notice.outlook_items.all())
    initial = {
        "cutoff_date": notice.cutoff_date,
        "signed_on": notice.signed_on,
        "effectiveness": notice.effectiveness,
        "outlook_intro": notice.outlook_intro,
        "closing": notice.closing,
        "version": notice.version,
    }
    for i, item in enumerate(items[:OUTLOOK_ROWS]):
        initial[f"outlook_{i}_heading"] = item.heading
        initial[f"outlook_{i}_body"] = item.body
    form = NoticeEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in NOTICE_EDITABLE_FIELDS}
            try:
                notice_update(
                    notice=notice,
                    outlook=form.outlook(),
                    expected_version=form.cleaned_data["version"] or 0,
                    actor=request.user,
                    **data,
                )
            except ServiceError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("已保存。"))
                return redirect("notice", pk=notice.pk)
    context = {
        "notice": notice,
        "inspection": notice.inspection,
        "form": form,
        "can_edit": may_edit,
        "can_publish": notice.state == NoticeState.DRAFT and can_publish(request.user, notice),
        "preview": render_article(notice_document(notice), inline_styles=False),
        "formats": FORMATS,
    }
    return render(request, "notices/notice_detail.html", context)


@login_required
def notice_download(request, pk, fmt):
    notice = get_notice_for_user(request.user, pk)
    if fmt not in FORMATS:
        raise Http404
    stem = f"{notice.inspection.unit.short_name or notice.inspection.unit.name}整改进展情况通报-{notice.signed_on}"
    response = _attachment(render_document(notice_document(notice), fmt, stem=stem))
    download_record(
        actor=request.user,
        kind=NOTICE,
        fmt=fmt,
        obj=notice,
        unit_path=notice.inspection.unit.path,
        inspection_id=notice.inspection_id,
    )
    return response


@login_required
@require_POST
def notice_publish_view(request, pk):
    notice = get_notice_for_user(request.user, pk)
    try:
        notice_publish(notice=notice, actor=request.user)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("通报已公开。"))
    return redirect("notice", pk=notice.pk)


@login_required
def report_download(request, inspection_pk, fmt):
    return _unit_document(request, inspection_pk, fmt, REPORT, "整改情况报告")


@login_required
def closeout_download(request, inspection_pk, fmt):
    return _unit_document(request, inspection_pk, fmt, CLOSEOUT, "整改对账销号单")


def _unit_document(request, inspection_pk, fmt, kind, name):
    """A document of the whole unit's ledger on a date (?date=, default today), for those who see
    the whole ledger (decision 0005); one download event."""
    inspection = get_inspection_for_documents(request.user, inspection_pk)
    if fmt not in ("docx", "pdf"):
        raise Http404
    cutoff = query_date(request.GET) or timezone.localdate()
    stem = f"{inspection.unit.short_name or inspection.unit.name}{name}-{cutoff}"
    response = _attachment(render_document(unit_document(kind, inspection, cutoff), fmt, stem=stem))
    download_record(
        actor=request.user,
        kind=kind,
        fmt=fmt,
        obj=inspection,
        unit_path=inspection.unit.path,
        inspection_id=inspection.pk,
    )
    return response


@login_required
def ledger_xlsx_export(request, inspection_pk):
    inspection = get_inspection_for_user(request.user, inspection_pk)
    title = f"{inspection.unit.name}{inspection.round.name}整改台账"
    buffer = io.BytesIO()
    ledger_export(visible_measures(request.user).filter(problem__inspection=inspection), buffer, title=title)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(ledger_filename(title))}"
    download_record(
        actor=request.user,
        kind=LEDGER,
        fmt="xlsx",
        obj=inspection,
        unit_path=inspection.unit.path,
        inspection_id=inspection.pk,
    )
    return response


def _valid_token(token: str) -> str:
    if not token or not all(c in "0123456789abcdef" for c in token):
        raise Http404
    return token


def _import_path(token: str) -> Path:
    return import_path(_valid_token(token))


@login_required
@require_POST
def ledger_export_job(request):
    """A large ledger (a round, a unit's tree, the whole scope) is written in the background."""
    scope = Scope.from_query(request.POST)
    title = request.POST.get("title", "").strip()[:100] or "整改台账"
    job = job_start(
        kind="ledger_export",
        owner=request.user,
        params={
            "round_id": scope.round_id,
            "group_id": scope.group_id,
            "unit_id": scope.unit_id,
            "unit_name": scope.unit_name,
            "title": title,
        },
        return_url=reverse("dashboard"),
    )
    return redirect("job", pk=job.pk)


@login_required
def ledger_xlsx_import(request, inspection_pk):
    """Upload → preview (nothing written) → confirm (all or nothing)."""
    inspection = get_inspection_for_user(request.user, inspection_pk)
    if not can_edit_plan(request.user, inspection):
        raise PermissionDenied
    session_key = f"ledger_import_{inspection.pk}"
    posted = request.method == "POST"  # bound even when the only field was dropped for its size
    form = LedgerImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        refused_files=request.META.get(REFUSED_KEY, []),
    )
    preview = None
    token = request.session.get(session_key, "")
    if posted and request.POST.get("confirm"):
        posted_token = request.POST.get("token", "")
        if (
            not posted_token
            or posted_token != token
            or not import_preview_available(_valid_token(posted_token))
        ):
            request.session.pop(session_key, None)
            messages.error(request, expired_message())
            return redirect("ledger_import", inspection_pk=inspection.pk)
        request.session.pop(session_key, None)
        job = job_start(
            kind="ledger_import",
            owner=request.user,
            params={"inspection_id": inspection.pk, "token": posted_token},
            return_url=reverse("inspection", args=[inspection.pk]),
        )
        return redirect("job", pk=job.pk)
    if posted and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            preview = read_ledger_xlsx_bounded(data)
        except LedgerImportError as error:
            form.add_error("file", error.message)
        else:
            token = uuid.uuid4().hex
            path = _import_path(token)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            request.session[session_key] = token
    people = ""
    if preview is not None:
        members = ledger_import_people(inspection=inspection, preview=preview)
        people = unmatched_message(list(members.unmatched_leaders), list(members.unmatched_people))
    context = {"inspection": inspection, "form": form, "preview": preview, "token": token, "people": people}
    return render(request, "notices/ledger_import.html", context)
