"""Inspections: the list with counts, one inspection with its plan, its offices, problems, export."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from zhenggai.accounts.models import ContactChannel
from zhenggai.accounts.policy import policy_for
from zhenggai.api import serializers as s
from zhenggai.api.serializers import setup as setup_s
from zhenggai.api.views.base import ApiView, errors, require
from zhenggai.api.views.problems import problem_detail_data
from zhenggai.api.views.setup import create_inspection, update_inspection
from zhenggai.audit.downloads import LEDGER, download_record
from zhenggai.core.errors import ServiceError
from zhenggai.core.query import query_choice, query_id, refuse_blank
from zhenggai.ledger.export import inspection_export
from zhenggai.ledger.filters import LedgerFilterForm, offices_of
from zhenggai.ledger.lights import LIGHTS, LightDates
from zhenggai.ledger.models import ProblemStatus
from zhenggai.ledger.permissions import (
    can_edit_plan,
    get_inspection_for_user,
    visible_inspections,
    visible_measures,
    visible_problems,
)
from zhenggai.ledger.response_cache import cached
from zhenggai.ledger.selectors import ProblemCounts, ledger_problems, problem_counts
from zhenggai.ledger.services import problem_create
from zhenggai.notices.permissions import (
    can_compose_documents,
    visible_notices,
)

TAG = ["巡察"]
EMPTY_COUNTS = ProblemCounts(total=0, completed=0, long_term=0, in_progress=0, open=0)


def counts_data(counts: ProblemCounts) -> dict:
    return {
        "total": counts.total,
        "completed": counts.completed,
        "long_term": counts.long_term,
        "in_progress": counts.in_progress,
        "open": counts.open,
        "not_completed": counts.not_completed,
    }


def counts_by_inspection(user, inspection_ids) -> dict[int, ProblemCounts]:
    """``problem_counts`` for many inspections in one grouped query (the user's visible problems)."""
    rows = (
        visible_problems(user)
        .filter(inspection_id__in=inspection_ids)
        .order_by()
        .values("inspection_id")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status=ProblemStatus.COMPLETED)),
            long_term=Count("pk", filter=Q(status=ProblemStatus.LONG_TERM)),
            in_progress=Count("pk", filter=Q(status=ProblemStatus.IN_PROGRESS)),
            open=Count("pk", filter=Q(status=ProblemStatus.OPEN)),
        )
    )
    return {row.pop("inspection_id"): ProblemCounts(**row) for row in rows}


class InspectionList(ApiView):
    @extend_schema(
        tags=TAG,
        summary="巡察列表",
        description="您可见的巡察(被巡察单位、轮次、巡察组),每项附您可见的反馈问题计数,"
        "如“反馈问题5项,已整改完成2项,需长期坚持3项”。",
        responses={200: s.InspectionSerializer(many=True), **errors()},
    )
    def get(self, request):
        def prepare(page):
            counts = counts_by_inspection(request.user, [i.pk for i in page])
            for inspection in page:
                inspection.api_counts = counts_data(counts.get(inspection.pk, EMPTY_COUNTS))

        qs = visible_inspections(request.user).order_by("-feedback_date", "pk")
        return self.paginated(qs, s.InspectionSerializer, prepare=prepare)

    @extend_schema(
        tags=TAG,
        summary="新建巡察",
        description="巡察办为本级的一轮巡察添加被巡察单位(巡察组、进驻时间、反馈日期)。",
        request=setup_s.InspectionInputSerializer,
        responses={201: setup_s.SetupInspectionSerializer, **errors(400, 403)},
    )
    def post(self, request):
        return create_inspection(request, self)


class InspectionDetail(ApiView):
    @extend_schema(
        tags=TAG,
        summary="巡察详情",
        description="整改方案、领导小组、会议、监督渠道、最近一次进展通报、问题计数,以及您的权限。",
        responses={200: s.InspectionDetailSerializer, **errors(404)},
    )
    def get(self, request, pk):
        user = request.user
        inspection = get_inspection_for_user(user, pk)
        plan = getattr(inspection, "plan", None)
        try:
            contact = inspection.unit.contact
        except ContactChannel.DoesNotExist:
            contact = None
        inspection.api_counts = counts_data(
            problem_counts(visible_problems(user).filter(inspection=inspection))
        )
        inspection.api_plan = plan
        inspection.api_leading_group = plan.leading_group.all() if plan else []
        inspection.api_meetings = inspection.meetings.all()
        inspection.api_contact = contact
        inspection.api_notice = (
            visible_notices(user).filter(inspection=inspection).order_by("-signed_on", "-pk").first()
        )
        inspection.api_permissions = {
            "can_edit_plan": can_edit_plan(user, inspection),
            "can_export": can_compose_documents(user, inspection),
        }
        return Response(s.InspectionDetailSerializer(inspection).data)

    @extend_schema(
        tags=TAG,
        summary="修改巡察",
        description="巡察办修改巡察组、被巡察单位(尚无反馈问题时)、进驻时间和反馈日期。",
        request=setup_s.InspectionUpdateSerializer,
        responses={200: setup_s.SetupInspectionSerializer, **errors(400, 403, 404)},
    )
    def patch(self, request, pk):
        return update_inspection(request, self, pk)


class InspectionOffices(ApiView):
    @extend_schema(
        tags=TAG,
        summary="被巡察单位的内设股室",
        description="可作为措施“责任股室”(responsible_office)和台账筛选(office)的股室。",
        responses={200: s.UnitBriefSerializer(many=True), **errors(404)},
    )
    def get(self, request, pk):
        inspection = get_inspection_for_user(request.user, pk)
        return self.paginated(offices_of(inspection.unit), s.UnitBriefSerializer)


class InspectionExport(ApiView):
    @extend_schema(
        tags=TAG,
        summary="导出整本台账(JSON)",
        description="与 `zhenggai ledger export --format json` 相同的数据(日期为 ISO 格式)。"
        "只包含当前用户能看到的问题和措施:股室经办人、班子成员得到各自负责的部分。",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="台账数据"),
            **errors(403, 404),
        },
    )
    def get(self, request, pk):
        inspection = get_inspection_for_user(request.user, pk)
        response = Response(inspection_export(inspection, request.user))
        download_record(
            actor=request.user,
            kind=LEDGER,
            fmt="json",
            obj=inspection,
            unit_path=inspection.unit.path,
            inspection_id=inspection.pk,
        )
        return response


LEDGER_FILTERS = [
    OpenApiParameter("status", str, enum=ProblemStatus.values, description="问题状态"),
    OpenApiParameter("kind", str, enum=["immediate", "deadline", "long_term"], description="措施的整改类型"),
    OpenApiParameter("office", int, description="责任股室 id(见 offices)"),
    OpenApiParameter("overdue", bool, description="只看有逾期措施的问题"),
    OpenApiParameter(
        "light", str, enum=list(LIGHTS), description="只看有该灯色措施的问题(红灯逾期、黄灯临期)"
    ),
]


class InspectionProblems(ApiView):
    @extend_schema(
        tags=["问题"],
        summary="台账:问题及其措施",
        description="与台账页面相同:您可见的问题,每个问题带您可见的措施、最近一次进展和红黄绿灯。"
        "可按问题状态、措施类型、责任股室、是否逾期、灯色筛选。",
        parameters=LEDGER_FILTERS,
        responses={200: s.LedgerProblemSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, pk):
        inspection = get_inspection_for_user(request.user, pk)
        return cached(request, inspection.pk, lambda: self._ledger(request, inspection), page=False)

    def _ledger(self, request, inspection):
        user = request.user
        params = request.query_params
        for name in ("status", "kind", "office", "light"):  # the schema has no empty value for these
            refuse_blank(params, name)
        query_choice(params, "overdue", ("true", "false"), blank_ok=False)  # the schema's boolean
        query_id(params, "office")  # 1 to 2**63-1, as the schema says (400); an id of no office here is 422
        form = LedgerFilterForm(request.query_params or None, unit=inspection.unit)
        if form.is_bound and not form.is_valid():
            refused = {k: list(v) for k, v in form.errors.items()}
            if set(refused) == {"office"}:  # a whole number, but no office of this unit: a rule, not a typo
                raise ServiceError(
                    {"office": [_("没有这个股室:请从本单位的股室(offices)中选择。")]}, code="other_unit"
                )
            raise serializers.ValidationError(refused)
        filters = form.cleaned_data if form.is_bound else {}
        rows = ledger_problems(
            visible_problems(user).filter(inspection=inspection),
            status=filters.get("status", ""),
            kind=filters.get("kind", ""),
            office_id=filters["office"].pk if filters.get("office") else None,
            overdue=filters.get("overdue", False),
            light=filters.get("light", ""),
            dates=LightDates.on(policy=policy_for(inspection.unit)),
            visible_measures=visible_measures(user),
        )
        return self.paginated(rows, s.LedgerProblemSerializer)

    @extend_schema(
        tags=["问题"],
        summary="添加反馈问题",
        description="整改联络员和第一责任人(单位主要领导)可添加;序号自动顺延。",
        request=s.ProblemInputSerializer,
        responses={201: s.ProblemDetailSerializer, **errors(400, 403, 404)},
    )
    def post(self, request, pk):
        inspection = get_inspection_for_user(request.user, pk)
        require(can_edit_plan(request.user, inspection))
        data = self.parse(s.ProblemInputSerializer)
        problem = problem_create(inspection=inspection, actor=request.user, **data)
        return Response(problem_detail_data(request, problem), status=status.HTTP_201_CREATED)
