"""Measures: list, read (with the moves the user may make), edit with a version, delete, move."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from zhenggai.api import serializers as s
from zhenggai.api.views.base import (
    ApiView,
    MeasureLabels,
    UploadView,
    errors,
    no_content,
    require,
    stale_version,
)
from zhenggai.api.views.progress import progress_rows, submission_key_for
from zhenggai.core.errors import ConcurrentEdit, ServiceError
from zhenggai.ledger.filters import measure_choices
from zhenggai.ledger.flow import flow_of
from zhenggai.ledger.models import Measure, MeasureStatus, ProgressEntry
from zhenggai.ledger.permissions import (
    can_edit_plan,
    can_report_progress,
    get_measure_for_user,
    visible_measures,
    visible_progress,
)
from zhenggai.ledger.selectors import measure_overdue_q
from zhenggai.ledger.services import FigureInput, measure_delete, measure_update, progress_create
from zhenggai.ledger.transitions import allowed_moves, measure_transition, roles_for_measure
from zhenggai.ledger.workflow import MOVES, measure_is_frozen

TAG = ["措施"]
MOVE_ROLES = frozenset().union(*(move.roles for move in MOVES))


def measure_detail_data(request, measure) -> dict:
    user = request.user
    MeasureLabels()([measure])
    measure.api_flow = flow_of(measure)  # first: it tells allowed_moves who applied
    measure.api_moves = allowed_moves(user, measure)
    measure.api_frozen = measure_is_frozen(measure)
    measure.api_permissions = {
        "can_edit": can_edit_plan(user, measure.problem.inspection) and not measure.api_frozen,
        "can_report": can_report_progress(user, measure) and not measure.api_frozen,
    }
    return s.MeasureDetailSerializer(measure, context={"request": request}).data


class MeasureList(ApiView):
    @extend_schema(
        tags=TAG,
        summary="措施列表",
        description="您可见的全部措施(股室经办人:本股室的措施),可按巡察、问题、状态、类型、股室、逾期筛选。",
        parameters=[
            OpenApiParameter("inspection", int, description="巡察 id"),
            OpenApiParameter("problem", int, description="问题 id"),
            OpenApiParameter("status", str, enum=MeasureStatus.values, description="措施状态"),
            OpenApiParameter(
                "kind", str, enum=["immediate", "deadline", "long_term"], description="整改类型"
            ),
            OpenApiParameter("office", int, description="责任股室 id"),
            OpenApiParameter("overdue", bool, description="只看逾期(过整改时限未销号)"),
        ],
        responses={200: s.MeasureSerializer(many=True), **errors(400)},
    )
    def get(self, request):
        filters = self.parse(s.MeasureFilterSerializer, data=request.query_params)
        qs = visible_measures(request.user).select_related("problem__inspection__unit", "responsible_office")
        if "inspection" in filters:
            qs = qs.filter(problem__inspection_id=filters["inspection"])
        if "problem" in filters:
            qs = qs.filter(problem_id=filters["problem"])
        if "status" in filters:
            qs = qs.filter(status=filters["status"])
        if "kind" in filters:
            qs = qs.filter(kind=filters["kind"])
        if "office" in filters:
            qs = qs.filter(responsible_office_id=filters["office"])
        if filters.get("overdue"):
            qs = qs.filter(measure_overdue_q())
        qs = qs.order_by("problem__inspection_id", "problem__number", "number", "pk")
        return self.paginated(qs, s.MeasureSerializer, prepare=MeasureLabels())


class MeasureDetail(ApiView):
    @extend_schema(
        tags=TAG,
        summary="措施详情",
        description="含 version(修改时须回传)、您现在可办理的状态操作(allowed_moves)和您的权限。",
        responses={200: s.MeasureDetailSerializer, **errors(404)},
    )
    def get(self, request, pk):
        return Response(measure_detail_data(request, get_measure_for_user(request.user, pk)))

    @extend_schema(
        tags=TAG,
        summary="修改措施",
        description="只需提交要改的字段和读取时的 version。若他人在此期间已保存,返回 409,请重新读取后再改。"
        "已申请销号或已销号的措施已冻结(409),须先退回或由巡察办重新打开。",
        request=s.MeasureUpdateSerializer,
        responses={200: s.MeasureDetailSerializer, **errors(400, 403, 404, 409)},
    )
    def patch(self, request, pk):
        measure = get_measure_for_user(request.user, pk)
        require(can_edit_plan(request.user, measure.problem.inspection))
        data = dict(self.parse(s.MeasureUpdateSerializer, **measure_choices(measure.problem.inspection.unit)))
        version = data.pop("version")
        try:
            measure_update(measure=measure, expected_version=version, actor=request.user, **data)
        except ConcurrentEdit:
            raise stale_version(Measure, measure.pk, "measure") from None
        return Response(measure_detail_data(request, get_measure_for_user(request.user, pk)))

    @extend_schema(
        tags=TAG,
        summary="删除措施",
        description="软删除;申请销号、单位已审核、已销号的措施不能删除(409),须先退回。",
        responses={204: None, **errors(403, 404, 409)},
    )
    def delete(self, request, pk):
        measure = get_measure_for_user(request.user, pk)
        require(can_edit_plan(request.user, measure.problem.inspection))
        measure_delete(measure=measure, actor=request.user)
        return no_content()


class MeasureMoves(ApiView):
    @extend_schema(
        tags=TAG,
        summary="状态操作:可办理的和已办理的",
        description="allowed:您现在可办理的操作;history:全部状态变更记录(谁、何时、从何到何、说明)。",
        responses={200: s.MeasureMovesSerializer, **errors(404)},
    )
    def get(self, request, pk):
        measure = get_measure_for_user(request.user, pk)
        data = {
            "status": measure.status,
            "status_display": measure.get_status_display(),
            "version": measure.version,
            "allowed": allowed_moves(request.user, measure),
            "history": measure.transitions.select_related("actor").order_by("at", "pk"),
        }
        return Response(s.MeasureMovesSerializer(data).data)

    @extend_schema(
        tags=TAG,
        summary="办理状态操作",
        description='如 {"move": "submit", "reason": "已按整改方案完成。"}。reason 是完成情况说明、审批意见或退回理由。'
        "操作:start 启动整改、submit 申请销号(须有佐证材料和说明)、confirm 单位领导审核通过、"
        "return_by_leader 退回、approve 巡察办批准销号、return_by_office 退回、reopen 巡察办重新打开已销号的措施(撤销销号)。"
        "当前状态不允许该操作时返回 409;您的角色不能办理时返回 403。"
        "申请人不能审核或审批自己的销号申请(403)。"
        "申请销号后措施及其进展、佐证材料冻结,退回或重新打开后才能修改。",
        request=s.MoveInputSerializer,
        responses={201: s.MoveResultSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        measure = get_measure_for_user(request.user, pk)
        if not roles_for_measure(request.user, measure) & MOVE_ROLES:
            raise PermissionDenied  # sees the measure (巡察组) but may make no move on it at all
        data = self.parse(s.MoveInputSerializer)
        transition = measure_transition(
            measure=measure, move_name=data["move"], actor=request.user, reason=data["reason"]
        )
        transition.api_measure = measure
        return Response(s.MoveResultSerializer(transition).data, status=status.HTTP_201_CREATED)


class MeasureProgress(UploadView):
    @extend_schema(
        tags=["进展"],
        summary="措施的进展",
        description="该措施的全部进展,按日期先后,含数据和佐证材料。",
        responses={200: s.ProgressSerializer(many=True), **errors(404)},
    )
    def get(self, request, pk):
        measure = get_measure_for_user(request.user, pk)
        qs = progress_rows(visible_progress(request.user).filter(measure=measure))
        return self.paginated(qs, s.ProgressSerializer)

    @extend_schema(
        tags=["进展"],
        summary="填报进展",
        description="JSON,或带佐证材料时用 multipart/form-data(files 可多个;figures 为 JSON 文本)。"
        "日期不能晚于今天,也不能早于巡察进驻日期。未启动的措施填报后自动转为“整改中”。"
        "同一 submission_key 重复提交只保存一次。",
        request={
            "application/json": s.ProgressJsonInputSerializer,
            "multipart/form-data": s.ProgressInputSerializer,
        },
        responses={
            201: s.ProgressSerializer,
            200: s.ProgressSerializer,
            **errors(400, 403, 404, 409, 413, 415),
        },
    )
    def post(self, request, pk):
        measure = get_measure_for_user(request.user, pk)
        require(can_report_progress(request.user, measure))
        data = self.parse(s.ProgressInputSerializer)
        key = submission_key_for(request.user, data["submission_key"])
        replay = bool(key) and ProgressEntry.objects.filter(submission_key=key).exists()
        entry = progress_create(
            measure=measure,
            happened_on=data["happened_on"],
            precision=data["precision"],
            text=data["text"],
            figures=[FigureInput(f["label"], f["value"], f.get("unit", "")) for f in data["figures"]],
            files=data["files"],
            reporter=request.user,
            submission_key=key,
        )
        if entry.measure_id != measure.pk:
            raise ServiceError(_("该 submission_key 已用于其他措施的进展。"), code="submission_reused")
        entry = progress_rows(ProgressEntry.objects.filter(pk=entry.pk)).get()
        return Response(
            s.ProgressSerializer(entry).data, status=status.HTTP_200_OK if replay else status.HTTP_201_CREATED
        )
