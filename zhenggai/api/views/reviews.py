"""Look-back reviews (回头看): the list, one review, recording its outcome."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from zhenggai.api import serializers as s
from zhenggai.api.views.base import ApiView, errors, require
from zhenggai.ledger.permissions import can_review, get_review_for_user, visible_reviews
from zhenggai.ledger.reviews import review_record

TAG = ["回头看"]


def review_detail_data(request, review) -> dict:
    review.api_can_record = review.outcome == "pending" and can_review(request.user, review.problem)
    return s.ReviewDetailSerializer(review).data


class ReviewList(ApiView):
    @extend_schema(
        tags=TAG,
        summary="回头看列表",
        description="您可见问题的回头看,按应开展日期;可按巡察和结论(pending 待回头看)筛选。",
        parameters=[
            OpenApiParameter("inspection", int, description="巡察 id"),
            OpenApiParameter("outcome", str, enum=["pending", "holds", "relapsed"], description="结论"),
        ],
        responses={200: s.ReviewSerializer(many=True), **errors(400)},
    )
    def get(self, request):
        filters = self.parse(s.ReviewFilterSerializer, data=request.query_params)
        qs = visible_reviews(request.user).select_related("problem", "reviewer")
        if "inspection" in filters:
            qs = qs.filter(problem__inspection_id=filters["inspection"])
        if "outcome" in filters:
            qs = qs.filter(outcome=filters["outcome"])
        return self.paginated(qs.order_by("due_on", "pk"), s.ReviewSerializer)


class ReviewDetail(ApiView):
    @extend_schema(
        tags=TAG,
        summary="回头看详情",
        responses={200: s.ReviewDetailSerializer, **errors(404)},
    )
    def get(self, request, pk):
        return Response(review_detail_data(request, get_review_for_user(request.user, pk)))


class ReviewOutcome(ApiView):
    @extend_schema(
        tags=TAG,
        summary="记录回头看结论",
        description="巡察办或该巡察组记录:holds 巩固,或 relapsed 反弹(问题重新打开,须制定新的措施)。"
        "已记录过结论的回头看不能再记录(409)。",
        request=s.ReviewOutcomeInputSerializer,
        responses={200: s.ReviewDetailSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        review = get_review_for_user(request.user, pk)
        require(can_review(request.user, review.problem))
        data = self.parse(s.ReviewOutcomeInputSerializer)
        review_record(review=review, outcome=data["outcome"], notes=data["notes"], reviewer=request.user)
        return Response(review_detail_data(request, get_review_for_user(request.user, pk)))
