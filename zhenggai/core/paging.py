"""A page of a list and its total in one query.

Django's ``Paginator`` counts first (``SELECT COUNT(*) …``) and then reads the page. Where every row
costs a correlated subquery in the filter (a problem's light, its measures' worst) the count
evaluates it for every row a second time; ``COUNT(*) OVER ()`` beside the page's rows gives the
total from the same pass. A page past the end (or below 1) falls back to the usual count and the
last page, as ``Paginator.get_page`` gives.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

TOTAL = "_paging_total"
MAX_OFFSET = 2**63 - 1


class OnePassPaginator(Paginator):
    def get_page(self, number) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if number < 1:
            return super().get_page(number)  # Django's answer: the last page
        start = (number - 1) * self.per_page
        if start + self.per_page > MAX_OFFSET:  # past any list there can be, and past what OFFSET takes
            return super().get_page(number)
        rows = list(self.object_list.annotate(**{TOTAL: Window(Count("*"))})[start : start + self.per_page])
        if not rows and number > 1:
            return super().get_page(number)
        self.__dict__["count"] = getattr(rows[0], TOTAL) if rows else 0  # Paginator.count is cached
        return self._get_page(rows, number, self)
