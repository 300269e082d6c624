from html import escape
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

register = template.Library()


def _href(path: str, query, params: dict) -> str:
    merged = {**(query or {}), **{k: v for k, v in params.items() if v not in (None, "")}}
    return f"{path}?{urlencode(merged)}" if merged else path


@register.simple_tag
def dash_url(name, query=None, **params):
    """The URL of a list behind a number: the dashboard's filters plus this number's own."""
    return _href(reverse(name), query, params)


# The ranking table's cells after the unit's name: (list, figure, that list's own filters).
_UNIT_CELLS = (
    ("problem_list", "total", {}),
    ("problem_list", "completed", {"status": "completed"}),
    ("problem_list", "long_term", {"status": "long_term"}),
    ("problem_list", "in_progress", {"status": "in_progress"}),
    None,  # the completion rate
    ("measure_list", "measures", {}),
    ("measure_list", "red", {"light": "red"}),
    ("measure_list", "yellow", {"light": "yellow"}),
    ("measure_list", "report_overdue", {"light": "red", "kind": "long_term"}),
    ("review_list", "reviews_due", {"due": 1}),
)


@register.simple_tag
def unit_rows(page, query=None):
    """The rows of the dashboard's ranking table (a page of ``UnitRow``), written in Python: ten
    linked figures a row through ``{% dash_url %}`` cost more than the rest of the page."""
    paths = {name: reverse(name) for name in ("problem_list", "measure_list", "review_list")}
    out = []
    for rank, row in enumerate(page, page.start_index()):
        cells = []
        for cell in _UNIT_CELLS:
            if cell is None:
                cells.append(f"<td>{row.completion_rate}%</td>")
                continue
            name, figure, params = cell
            value = row.figures.get(figure, 0)
            href = escape(_href(paths[name], query, {"unit": row.unit_id, **params}))
            hot = f' class="{"hot" if value else ""}"' if figure == "red" else ""
            cells.append(f'<td><a href="{href}"{hot}>{value}</a></td>')
        out.append(
            f'<tr data-unit="{row.unit_id}"><td>{rank}</td><td>{escape(row.name)}</td>{"".join(cells)}</tr>\n'
        )
    return SafeString("".join(out))


@register.simple_tag
def group_options(groups, selected=None):
    """The ``<option>``s of the inspection-group filter (a province has hundreds of groups)."""
    return SafeString(
        "".join(
            f'<option value="{g.pk}"{" selected" if g.pk == selected else ""}>'
            f"{escape(g.round_name)} · {escape(g.name)}</option>"
            for g in groups
        )
    )


@register.filter
def get(mapping, key):
    return mapping.get(key, 0)


@register.simple_tag
def unit_options(units, selected=None):
    """The ``<option>``s of the unit filter, written in Python: a province lists thousands of units,
    which through template nodes cost tens of milliseconds a page."""
    return SafeString(
        "".join(
            f'<option value="{u.pk}"{" selected" if u.pk == selected else ""}>{escape(u.name)}</option>'
            for u in units
        )
    )
