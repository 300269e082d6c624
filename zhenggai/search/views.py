"""The search page: the words from the header's box, the hits grouped by inspection."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from zhenggai.core.errors import ServiceError
from zhenggai.search.query import MAX_QUERY_CHARS, query_parse
from zhenggai.search.selectors import HIT_LIMIT, hits_grouped, search_keys, search_page

PAGE_SIZE = 20


@login_required
def search(request):
    raw = request.GET.get("q")
    context = {"search_q": (raw or "")[: MAX_QUERY_CHARS * 2], "max_chars": MAX_QUERY_CHARS}
    if raw is None:  # the page itself, before any search
        return render(request, "search/results.html", context)
    try:
        query = query_parse(raw)
    except ServiceError as error:
        context["error"] = error.message_dict["q"][0]
        return render(request, "search/results.html", context)
    keys = search_keys(request.user, query)
    page = Paginator(keys.keys, PAGE_SIZE).get_page(request.GET.get("page"))
    hits = search_page(request.user, query, list(page))
    context.update(
        query=query, page=page, groups=hits_grouped(hits), truncated=keys.truncated, hit_limit=HIT_LIMIT
    )
    return render(request, "search/results.html", context)
