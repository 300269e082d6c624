from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination

from zhenggai.core.query import MAX_ID, query_id, query_page


class Pagination(PageNumberPagination):
    """``?page=2&page_size=100``: 50 rows a page by default, at most 200 (a larger size gives 200).

    A ``page`` or ``page_size`` that is not a whole number from 1 up (``abc``, ``0``, past 64 bits)
    is a 400 naming the parameter; a page past the last is a 404 (there is no such page).
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()

    def get_page_size(self, request):
        size = query_id(request.query_params, self.page_size_query_param)
        return min(size, self.max_page_size) if size else self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        query_page(request.query_params, self.page_query_param)  # a malformed page number: 400
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = _("每页条数,默认 50;超过 200 按 200")
            else:
                parameter["description"] = _("页码,从 1 开始;超过末页返回 404")
        return parameters

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "description": "总条数"},
                "next": {**link, "description": "下一页的地址;最后一页为 null"},
                "previous": {**link, "description": "上一页的地址;第一页为 null"},
                "results": schema,
            },
        }
