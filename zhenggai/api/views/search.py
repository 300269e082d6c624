"""Keyword search: the same hits as the search page (zhenggai.search), a page at a time."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from zhenggai.api.pagination import Pagination
from zhenggai.api.views.base import ApiView, errors
from zhenggai.core.query import BadQuery
from zhenggai.search.query import MAX_QUERY_CHARS, MAX_WORDS, MIN_WORD_CHARS, query_parse
from zhenggai.search.selectors import HIT_LIMIT, KINDS, search_keys, search_page

TAG = ["搜索"]


class ExcerptSerializer(serializers.Serializer):
    text = serializers.CharField(help_text=_("原文片段(过长时截取首个匹配附近,以“…”标出截断)"))
    highlights = serializers.ListField(
        source="spans",
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        help_text=_("各匹配在 text 中的位置 [起, 止)(按字符计)"),
    )


class SearchInspectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField(source="unit.name")
    round = serializers.CharField(source="round.name")


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=KINDS, help_text=_("命中的记录:问题、措施、进展或佐证材料(文件名)")
    )
    id = serializers.IntegerField(source="pk", help_text=_("该记录的 id"))
    inspection = SearchInspectionSerializer()
    problem_id = serializers.IntegerField(source="problem.pk")
    problem_number = serializers.IntegerField(source="problem.number")
    problem_title = ExcerptSerializer(source="title", help_text=_("问题标题,标出匹配"))
    measure_id = serializers.IntegerField(source="measure.pk", allow_null=True, default=None)
    measure_number = serializers.IntegerField(source="measure.number", allow_null=True, default=None)
    progress_id = serializers.SerializerMethodField(help_text=_("进展或佐证材料所属进展的 id;其他为 null"))
    happened_on = serializers.DateField(allow_null=True, help_text=_("进展的日期;其他为 null"))
    excerpt = ExcerptSerializer(help_text=_("命中的文字,标出匹配"))
    url = serializers.CharField(help_text=_("网页地址(问题页,定位到措施)"))

    def get_progress_id(self, hit) -> int | None:
        return hit.pk if hit.kind == "progress" else hit.entry_id


class SearchPagination(Pagination):
    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["truncated"] = self.truncated
        return response

    def get_paginated_response_schema(self, schema):
        body = super().get_paginated_response_schema(schema)
        body["required"] = [*body["required"], "truncated"]
        body["properties"]["truncated"] = {
            "type": "boolean",
            "description": f"匹配的记录过多:每类只列出最新的 {HIT_LIMIT} 条,请增加关键词缩小范围",
        }
        return body


# q must hold something besides spaces (the pattern), else 400; its words' own rules are 422.
QUERY = OpenApiParameter("q", str, required=True, description="关键词,以空格分隔", pattern=r"\S")


class Search(ApiView):
    pagination_class = SearchPagination

    @extend_schema(
        tags=TAG,
        summary="关键词搜索",
        description=(
            "在您可见的反馈问题(标题、具体表现)、措施、进展和佐证材料文件名中查找,与网页的搜索结果相同:"
            "按巡察(新的在前)、问题、措施排列。多个关键词以空格分隔,须同时出现在同一条记录中;"
            f"每个关键词至少 {MIN_WORD_CHARS} 个字,最多 {MAX_WORDS} 个关键词、共 {MAX_QUERY_CHARS} 个字;"
            "% 和 _ 按字面匹配。没有关键词时返回 400;关键词不合上述要求时返回 422,errors.q 说明原因。"
        ),
        parameters=[QUERY],
        responses={200: SearchHitSerializer(many=True), **errors(400)},
    )
    def get(self, request):
        if not (request.query_params.get("q") or "").strip():  # the schema's own rule (pattern): 400
            raise BadQuery("q", _("请输入要搜索的关键词。"))
        query = query_parse(request.query_params.get("q"))  # the search's rules: 422
        keys = search_keys(request.user, query)
        self.paginator.truncated = keys.truncated
        page = self.paginate_queryset(keys.keys)
        hits = search_page(request.user, query, page)
        data = SearchHitSerializer(hits, many=True, context={"request": request}).data
        return self.get_paginated_response(data)
