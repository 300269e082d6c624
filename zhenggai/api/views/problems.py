"""Problems: read, edit, delete; their measures, timeline and look-back reviews."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from zhenggai.api import serializers as s
from zhenggai.api.views.base import ApiView, MeasureLabels, errors, no_content, require, stale_version
from zhenggai.core.errors import ConcurrentEdit
from zhenggai.ledger.filters import measure_choices
from zhenggai.ledger.models import Problem
from zhenggai.ledger.permissions import can_edit_plan, can_review, get_problem_for_user, visible_measures
from zhenggai.ledger.response_cache import cached
from zhenggai.ledger.selectors import problem_timeline
from zhenggai.ledger.services import measure_create, problem_delete, problem_update

TAG = ["问题"]


def problem_measures(user, problem):
    return (
        visible_measures(user)
        .filter(problem=problem)
        .select_related("problem__inspection__unit", "responsible_office")
        .order_by("number")
    )


def problem_detail_data(request, problem) -> dict:
    user = request.user
    problem.api_measures = MeasureLabels()(list(problem_measures(user, problem)))
    problem.api_permissions = {
        "can_edit_plan": can_edit_plan(user, problem.inspection),
        "can_review": can_review(user, problem),
    }
    return s.ProblemDetailSerializer(problem, context={"request": request}).data


class ProblemDetail(ApiView):
    @extend_schema(
        tags=TAG,
        summary="问题详情",
        description="问题及您可见的措施(含“阶段性成效/逾期未报”标注)和您的权限。",
        responses={200: s.ProblemDetailSerializer, **errors(404)},
    )
    def get(self, request, pk):
        return Response(problem_detail_data(request, get_problem_for_user(request.user, pk)))

    @extend_schema(
        tags=TAG,
        summary="修改问题",
        description="可改标题、具体表现、问题类别、牵头领导;只需提交要改的字段和读取时的 version。"
        "若他人在此期间已保存,返回 409,请重新读取后再改。",
        request=s.ProblemUpdateSerializer,
        responses={200: s.ProblemDetailSerializer, **errors(400, 403, 404, 409)},
    )
    def patch(self, request, pk):
        problem = get_problem_for_user(request.user, pk)
        require(can_edit_plan(request.user, problem.inspection))
        data = dict(self.parse(s.ProblemUpdateSerializer))
        version = data.pop("version")
        try:
            problem_update(problem=problem, expected_version=version, actor=request.user, **data)
        except ConcurrentEdit:
            raise stale_version(Problem, problem.pk, "problem") from None
        return Response(problem_detail_data(request, problem))

    @extend_schema(
        tags=TAG,
        summary="删除问题",
        description="软删除问题及其措施;已有申请销号、已销号的措施或回头看记录的问题不能删除(409)。",
        responses={204: None, **errors(403, 404, 409)},
    )
    def delete(self, request, pk):
        problem = get_problem_for_user(request.user, pk)
        require(can_edit_plan(request.user, problem.inspection))
        problem_delete(problem=problem, actor=request.user)
        return no_content()


class ProblemMeasures(ApiView):
    @extend_schema(
        tags=["措施"],
        summary="问题的措施",
        description="该问题下您可见的措施,按序号。",
        responses={200: s.MeasureSerializer(many=True), **errors(404)},
    )
    def get(self, request, pk):
        problem = get_problem_for_user(request.user, pk)
        return cached(
            request,
            problem.inspection_id,
            lambda: self.paginated(
                problem_measures(request.user, problem), s.MeasureSerializer, prepare=MeasureLabels()
            ),
            page=False,
        )

    @extend_schema(
        tags=["措施"],
        summary="添加措施",
        description="限期整改、立行立改的措施须填整改时限,且不早于反馈日期;责任股室须为本单位内设股室。",
        request=s.MeasureInputSerializer,
        responses={201: s.MeasureDetailSerializer, **errors(400, 403, 404)},
    )
    def post(self, request, pk):
        from zhenggai.api.views.measures import measure_detail_data

        problem = get_problem_for_user(request.user, pk)
        require(can_edit_plan(request.user, problem.inspection))
        data = self.parse(s.MeasureInputSerializer, **measure_choices(problem.inspection.unit))
        measure = measure_create(problem=problem, actor=request.user, **data)
        return Response(measure_detail_data(request, measure), status=status.HTTP_201_CREATED)


class ProblemTimeline(ApiView):
    @extend_schema(
        tags=TAG,
        summary="问题的进展时间线",
        description="该问题下您可见措施的全部进展,按日期先后,含数据和佐证材料。",
        responses={200: s.ProgressSerializer(many=True), **errors(404)},
    )
    def get(self, request, pk):
        problem = get_problem_for_user(request.user, pk)
        return self.paginated(problem_timeline(problem, visible_measures(request.user)), s.ProgressSerializer)


class ProblemReviews(ApiView):
    @extend_schema(
        tags=["回头看"],
        summary="问题的回头看记录",
        description="问题整改完成后安排的回头看,及其结论(巩固/反弹)。",
        responses={200: s.ReviewSerializer(many=True), **errors(404)},
    )
    def get(self, request, pk):
        problem = get_problem_for_user(request.user, pk)
        reviews = problem.reviews.select_related("problem", "reviewer").order_by("due_on", "pk")
        return self.paginated(reviews, s.ReviewSerializer)
