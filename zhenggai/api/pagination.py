from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """``?page=2&page_size=100``: 50 rows a page by default, at most 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

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
