"""Progress entries: read, correct (and add evidence), delete; evidence download."""

import hashlib

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from zhenggai.api import serializers as s
from zhenggai.api.views.base import ApiView, UploadView, errors, no_content, require, stale_version
from zhenggai.core.errors import ConcurrentEdit
from zhenggai.ledger.models import Evidence, ProgressEntry
from zhenggai.ledger.permissions import can_report_progress, get_progress_for_user, visible_progress
from zhenggai.ledger.services import progress_delete, progress_update

TAG = ["进展"]


def progress_rows(qs):
    return (
        qs.select_related("measure", "reporter")
        .prefetch_related("figures", "evidence")
        .order_by("happened_on", "pk")
    )


def submission_key_for(user, key: str) -> str:
    """The client's idempotency key, made the user's own.

    ``progress_create`` looks keys up across all entries; two clients choosing the same key (say
    "1") would otherwise get each other's entry back. A digest keeps the stored key 64 characters.
    """
    if not key:
        return ""
    return "api-" + hashlib.sha256(f"{user.pk}:{key}".encode()).hexdigest()[:60]


class ProgressDetail(UploadView):
    @extend_schema(
        tags=TAG,
        summary="进展详情",
        responses={200: s.ProgressSerializer, **errors(404)},
    )
    def get(self, request, pk):
        entry = get_progress_for_user(request.user, pk)
        return Response(
            s.ProgressSerializer(progress_rows(visible_progress(request.user)).get(pk=entry.pk)).data
        )

    @extend_schema(
        tags=TAG,
        summary="修改进展",
        description="更正日期、日期精度或文字,或追加佐证材料(已有的佐证材料不会删除)。只需提交要改的字段和读取时的 version;"
        "若他人在此期间已保存,返回 409。措施已申请销号或已销号时进展已冻结(409)。",
        request={
            "application/json": s.ProgressJsonUpdateSerializer,
            "multipart/form-data": s.ProgressUpdateSerializer,
        },
        responses={200: s.ProgressSerializer, **errors(400, 403, 404, 409, 413, 415)},
    )
    def patch(self, request, pk):
        entry = get_progress_for_user(request.user, pk)
        require(can_report_progress(request.user, entry.measure))
        data = self.parse(s.ProgressUpdateSerializer)
        try:
            progress_update(
                entry=entry,
                expected_version=data["version"],
                happened_on=data.get("happened_on", entry.happened_on),
                precision=data.get("precision", entry.date_precision),
                text=data.get("text", entry.text),
                files=data["files"],
                actor=request.user,
            )
        except ConcurrentEdit:
            raise stale_version(ProgressEntry, entry.pk, "progress") from None
        return Response(
            s.ProgressSerializer(progress_rows(visible_progress(request.user)).get(pk=entry.pk)).data
        )

    @extend_schema(
        tags=TAG,
        summary="删除进展",
        description="软删除;已用于销号的进展(措施已申请销号或之后,且带佐证材料)不能删除(409)。",
        responses={204: None, **errors(403, 404, 409)},
    )
    def delete(self, request, pk):
        entry = get_progress_for_user(request.user, pk)
        require(can_report_progress(request.user, entry.measure))
        progress_delete(entry=entry, actor=request.user)
        return no_content()


class AnyAcceptNegotiation(DefaultContentNegotiation):
    """A download answers with the file whatever the client accepts; errors stay JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return JSONRenderer(), JSONRenderer.media_type


class EvidenceDownload(ApiView):
    content_negotiation_class = AnyAcceptNegotiation

    @extend_schema(
        tags=TAG,
        summary="下载佐证材料",
        description="原文件,以附件形式下载;文件名为上传时的文件名。",
        responses={
            # the type follows the file's extension (ZHENGGAI_EVIDENCE_EXTENSIONS is the operator's)
            (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="文件内容,类型按文件扩展名"),
            **errors(404),
        },
    )
    def get(self, request, pk):
        try:
            evidence = Evidence.objects.get(pk=pk, entry__in=visible_progress(request.user))
        except Evidence.DoesNotExist:
            raise Http404 from None
        return FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )
