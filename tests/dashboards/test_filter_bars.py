"""The lists behind a dashboard's numbers show the filter they carry: every query-string filter of
every link a dashboard builds is selected (or checked) in the target list's filter bar, with a
“清除筛选” link."""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse


class _Page(HTMLParser):
    """The links of a page, and what its forms have selected, checked or filled in."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.clear_links: list[str] = []
        self.selected: dict[str, set[str]] = {}
        self.strong: list[str] = []
        self._select = None
        self._in_strong = False
        self._in_clear = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
            self._in_clear = "clear" in (a.get("class") or "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.selected.setdefault(self._select, set()).add(a.get("value", ""))
        elif tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.selected.setdefault(a["name"], set()).add(a.get("value", "on"))
            elif a.get("type") not in ("hidden", "submit"):
                self.selected.setdefault(a["name"], set()).add(a.get("value", ""))
        elif tag == "strong":
            self._in_strong = True

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "strong":
            self._in_strong = False
        elif tag == "a":
            self._in_clear = False

    def handle_data(self, data):
        if self._in_strong and data.strip():
            self.strong.append(data.strip())
        if self._in_clear and data.strip():
            self.clear_links.append(data.strip())


def _parse(response) -> _Page:
    assert response.status_code == 200, response
    page = _Page()
    page.feed(response.content.decode())
    return page


FILTER_LISTS = {reverse("problem_list"), reverse("measure_list"), reverse("review_list")}
# Lists whose bar is a row of links: the filter shows as the one not linked (<strong>).
LINK_BARS = {
    reverse("supervision_notices"): {"status": {"open": "待答复", "answered": "已答复"}},
    reverse("public:inbox"): {"state": {"open": "待办理", "overdue": "逾期未答复"}},
}


def _dashboard_links(page: _Page) -> list[tuple[str, dict]]:
    targets = FILTER_LISTS | set(LINK_BARS)
    out = []
    for href in page.links:
        parts = urlsplit(href)
        if parts.path in targets and parts.query:
            out.append((parts.path, dict(parse_qsl(parts.query))))
    return out


def _check_target(client, path, params):
    page = _parse(client.get(path, params))
    if path in LINK_BARS:
        for name, labels in LINK_BARS[path].items():
            if name in params:
                assert labels[params[name]] in page.strong, (path, params, page.strong)
    else:
        for name, value in params.items():
            if name == "page":
                continue
            assert str(value) in page.selected.get(name, set()), (path, params, name, page.selected)
    assert "清除筛选" in page.clear_links, (path, params)


@pytest.mark.parametrize("who", ["xunchaban", "liaison"])
def test_every_dashboard_link_lands_on_a_list_showing_its_filter(login, seed, who):
    client = login(getattr(seed, who))
    checked = 0
    dashboards = [reverse("dashboard"), reverse("inspection_dashboard", args=[seed.inspection.pk])]
    # the office dashboard scoped to a unit and a round, as its filter bar sets them
    dashboards.append(
        f"{reverse('dashboard')}?unit={seed.inspection.unit_id}&round={seed.inspection.round_id}"
    )
    for dashboard in dashboards:
        links = _dashboard_links(_parse(client.get(dashboard)))
        assert links, dashboard
        for path, params in links:
            _check_target(client, path, params)
            checked += 1
    assert checked >= 20


def test_every_filter_the_dashboards_use_is_in_the_bar(login, seed):
    """The lists' own filters as the cards and the ranking table use them (templatetags/dash.py)."""
    client = login(seed.xunchaban)
    for path, params in [
        (reverse("problem_list"), {"status": "open", "light": "red"}),
        (reverse("measure_list"), {"status": "closed", "light": "yellow", "kind": "long_term"}),
        (reverse("review_list"), {"due": "1"}),
    ]:
        _check_target(client, path, params)


def test_an_unfiltered_list_offers_no_clear_link(login, seed):
    client = login(seed.xunchaban)
    for name in ("problem_list", "measure_list", "review_list"):
        page = _parse(client.get(reverse(name)))
        assert "清除筛选" not in page.clear_links, name


def test_the_ledger_bar_reflects_its_query_and_clears(login, seed):
    client = login(seed.liaison)
    page = _parse(
        client.get(reverse("inspection", args=[seed.inspection.pk]), {"light": "red", "kind": "long_term"})
    )
    assert page.selected["light"] == {"red"} and page.selected["kind"] == {"long_term"}
    assert "清除筛选" in page.clear_links


def test_the_inbox_names_its_unit_filter(login, seed):
    page = login(seed.xunchaban).get(
        reverse("public:inbox"), {"unit": seed.inspection.unit_id, "state": "open"}
    )
    html = page.content.decode()
    assert 'data-filter="unit">单位:' + seed.inspection.unit.name in html
    assert "清除筛选" in html
