"""The documents the pages offer as buttons, one operation per kind so that each names the formats
it really has: the progress notice (docx/pdf/html), the report and the 对账销号单 (docx/pdf), the
ledger (xlsx)."""

import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from zhenggai.api import serializers as s
from zhenggai.api.views.base import ApiView, errors
from zhenggai.audit.downloads import CLOSEOUT, LEDGER, NOTICE, REPORT, download_record
from zhenggai.core.query import query_choice, query_date
from zhenggai.ledger.permissions import get_inspection_for_user, visible_measures
from zhenggai.notices.ledger_xlsx import ledger_export
from zhenggai.notices.permissions import get_inspection_for_documents, get_notice_on_for_user
from zhenggai.notices.render import render_document
from zhenggai.notices.services import notice_document
from zhenggai.notices.unit_documents import unit_document

TAG = ["巡察"]
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES = {  # what each format answers in (HTML carries "; charset=utf-8")
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html",
    "xlsx": XLSX_MEDIA_TYPE,
}
DATE_PARAMETER = OpenApiParameter("date", OpenApiTypes.DATE, description="截至/成文日期,默认今天")
BUSY = OpenApiResponse(s.ErrorSerializer, description="PDF 生成繁忙,请按 Retry-After 稍后再试")


def _document_schema(*, summary: str, description: str, formats: tuple[str, ...]):
    return extend_schema(
        tags=TAG,
        summary=summary,
        description=description,
        parameters=[
            OpenApiParameter(
                "output",
                str,
                enum=list(formats),
                description=f"输出格式:{'、'.join(formats)},默认 {formats[0]}",
            ),
            DATE_PARAMETER,
        ],
        responses={
            **{
                (200, MEDIA_TYPES[fmt]): OpenApiResponse(OpenApiTypes.BINARY, description="文件")
                for fmt in formats
            },
            **errors(400, 404),
            **({503: BUSY} if "pdf" in formats else {}),
        },
    )


class _Document(ApiView):
    kind: str
    formats: tuple[str, ...]
    trail_kind: str

    def get(self, request, pk):
        fmt = query_choice(request.query_params, "output", self.formats, blank_ok=False) or self.formats[0]
        day = query_date(request.query_params, blank_ok=False) or timezone.localdate()
        inspection = self.inspection(request.user, pk)
        stem = f"{inspection.unit.short_name or inspection.unit.name}-{self.kind}-{day}"
        content, content_type = self.content(request.user, inspection, day, fmt, stem)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stem)}.{fmt}"
        download_record(
            actor=request.user,
            kind=self.trail_kind,
            fmt=fmt,
            obj=inspection,
            unit_path=inspection.unit.path,
            inspection_id=inspection.pk,
        )
        return response

    def inspection(self, user, pk):
        return get_inspection_for_user(user, pk)

    def content(self, user, inspection, day, fmt, stem) -> tuple[bytes, str]:
        raise NotImplementedError


class NoticeDocument(_Document):
    kind, formats, trail_kind = "notice", ("docx", "pdf", "html"), NOTICE

    @_document_schema(
        summary="生成整改进展情况通报",
        description="date 为截至日期(默认今天);已公开的同日通报按公开时的文本输出,任何能看到该巡察的用户都可下载。"
        "未公开的通报反映全单位的整改情况,只有能看到整本台账的用户(permissions.can_export)可以生成;"
        "股室经办人、班子成员得到 404。PDF 同时生成的份数有上限,繁忙时返回 503 并带 Retry-After。",
        formats=("docx", "pdf", "html"),
    )
    def get(self, request, pk):
        return super().get(request, pk)

    def content(self, user, inspection, day, fmt, stem):
        rendered = render_document(
            notice_document(get_notice_on_for_user(user, inspection, day)), fmt, stem=stem
        )
        return rendered.content, rendered.content_type


class _UnitDocument(_Document):
    """A document of the whole unit's ledger: only for who sees the whole ledger (decision 0005)."""

    def inspection(self, user, pk):
        return get_inspection_for_documents(user, pk)

    def content(self, user, inspection, day, fmt, stem):
        rendered = render_document(unit_document(self.trail_kind, inspection, day), fmt, stem=stem)
        return rendered.content, rendered.content_type


class ReportDocument(_UnitDocument):
    kind, formats, trail_kind = "report", ("docx", "pdf"), REPORT

    @_document_schema(
        summary="生成整改情况报告",
        description="date 为成文日期(默认今天)。报告反映全单位的整改情况,只有能看到整本台账的用户"
        "(permissions.can_export)可以生成;股室经办人、班子成员得到 404。"
        "PDF 同时生成的份数有上限,繁忙时返回 503 并带 Retry-After。",
        formats=("docx", "pdf"),
    )
    def get(self, request, pk):
        return super().get(request, pk)


class CloseoutDocument(_UnitDocument):
    kind, formats, trail_kind = "closeout", ("docx", "pdf"), CLOSEOUT

    @_document_schema(
        summary="生成整改对账销号单",
        description="date 为对账日期(默认今天)。逐项列出反馈问题及其措施在该日的整改状态、销号日期、"
        "单位审核人和销号审核人。反映全单位的整改情况,只有能看到整本台账的用户(permissions.can_export)"
        "可以生成;股室经办人、班子成员得到 404。PDF 同时生成的份数有上限,繁忙时返回 503 并带 Retry-After。",
        formats=("docx", "pdf"),
    )
    def get(self, request, pk):
        return super().get(request, pk)


class LedgerDocument(_Document):
    kind, formats, trail_kind = "ledger", ("xlsx",), LEDGER

    @_document_schema(
        summary="导出整改台账 Excel",
        description="只包含当前用户能看到的措施(股室经办人只有本股室的,班子成员只有其分管的)。",
        formats=("xlsx",),
    )
    def get(self, request, pk):
        return super().get(request, pk)

    def content(self, user, inspection, day, fmt, stem):
        buffer = io.BytesIO()
        ledger_export(visible_measures(user).filter(problem__inspection=inspection), buffer, title=stem)
        return buffer.getvalue(), XLSX_MEDIA_TYPE
