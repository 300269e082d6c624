"""The recycle bin (回收站) of an inspection: what the user could delete and has been deleted; restore."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from zhenggai.api import serializers as s
from zhenggai.api.views.base import ApiView, errors, require
from zhenggai.api.views.progress import progress_rows
from zhenggai.ledger.models import ProgressEntry
from zhenggai.ledger.permissions import (
    can_use_recycle_bin,
    get_inspection_for_user,
    get_restorable_measure_for_user,
    get_restorable_problem_for_user,
    get_restorable_progress_for_user,
)
from zhenggai.ledger.recycle_bin import measure_restore, problem_restore, progress_restore, recycle_bin

TAG = ["回收站"]


class DeletedProblemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    deleted_at = serializers.DateTimeField()


class DeletedMeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    problem = serializers.IntegerField(source="problem_id")
    number = serializers.IntegerField()
    content = serializers.CharField()
    deleted_at = serializers.DateTimeField()
    parent_deleted = serializers.BooleanField(help_text=_("所属问题也已删除:须先恢复问题"))


class DeletedProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    measure = serializers.IntegerField(source="measure_id")
    happened_on = serializers.DateField()
    text = serializers.CharField()
    deleted_at = serializers.DateTimeField()
    parent_deleted = serializers.BooleanField(help_text=_("所属措施(或问题)也已删除:须先恢复措施"))
    measure_frozen = serializers.BooleanField(help_text=_("所属措施已申请销号或已销号:冻结,不能恢复"))


class RecycleBinSerializer(serializers.Serializer):
    problems = DeletedProblemSerializer(many=True)
    measures = DeletedMeasureSerializer(many=True)
    progress = DeletedProgressSerializer(many=True)


class InspectionRecycleBin(ApiView):
    @extend_schema(
        tags=TAG,
        summary="回收站",
        description="该巡察中已删除、且您有权删除(因而可恢复)的问题、措施和进展,按删除时间倒序。"
        "巡察办、巡察组不删除台账内容,返回 403。",
        responses={200: RecycleBinSerializer, **errors(403, 404)},
    )
    def get(self, request, pk):
        inspection = get_inspection_for_user(request.user, pk)
        require(can_use_recycle_bin(request.user, inspection))
        return Response(RecycleBinSerializer(recycle_bin(request.user, inspection)).data)


RESTORE_TEXT = "记入审计日志(恢复)。对象不在回收站或不是您可恢复的,返回 404;"


class ProblemRestore(ApiView):
    @extend_schema(
        tags=TAG,
        summary="恢复问题",
        description=RESTORE_TEXT + "与问题一同删除的措施随之恢复;序号已被占用时改用下一个序号。",
        request=None,
        responses={200: s.ProblemSerializer, **errors(404, 409)},
    )
    def post(self, request, pk):
        problem = problem_restore(
            problem=get_restorable_problem_for_user(request.user, pk), actor=request.user
        )
        return Response(s.ProblemSerializer(problem).data)


class MeasureRestore(ApiView):
    @extend_schema(
        tags=TAG,
        summary="恢复措施",
        description=RESTORE_TEXT + "所属问题仍在回收站时返回 409(请先恢复问题)。",
        request=None,
        responses={200: s.MeasureBaseSerializer, **errors(404, 409)},
    )
    def post(self, request, pk):
        measure = measure_restore(
            measure=get_restorable_measure_for_user(request.user, pk), actor=request.user
        )
        return Response(s.MeasureBaseSerializer(measure).data)


class ProgressRestore(ApiView):
    @extend_schema(
        tags=TAG,
        summary="恢复进展",
        description=RESTORE_TEXT + "所属措施仍在回收站,或措施已申请销号、已销号(冻结)时返回 409。",
        request=None,
        responses={200: s.ProgressSerializer, **errors(404, 409)},
    )
    def post(self, request, pk):
        entry = progress_restore(entry=get_restorable_progress_for_user(request.user, pk), actor=request.user)
        return Response(
            s.ProgressSerializer(progress_rows(ProgressEntry.objects.filter(pk=entry.pk)).get()).data
        )
