"""The body of the ledger table (整改台账), rendered in Python.

A unit's ledger runs to hundreds of measure rows of nine cells each; through template nodes that
costs about 0.1 ms a row (variable look-ups, filters, escaping, translations), which made the
template the largest part of the page's time. This writes the same markup with one escape per
value and the translations looked up once per page. The strings are the same msgids the
template used, so the translations are unchanged.
"""

import unicodedata
from html import escape

from django import template
from django.template.defaultfilters import filesizeformat, truncatechars
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from zhenggai.core.chinese import cn_date, cn_ordinal
from zhenggai.core.localized import en_date, ui_is_chinese
from zhenggai.ledger.lights import light_reason
from zhenggai.ledger.models import MeasureKind, MeasureStatus, ProblemStatus
from zhenggai.ledger.models import label as _label
from zhenggai.web.templatetags.lights import light_html

register = template.Library()


def _truncate(text: str, length: int) -> str:
    """``truncatechars``, with its character-by-character walk skipped when nothing is cut."""
    if len(text) <= length and unicodedata.is_normalized("NFC", text):
        return text
    return truncatechars(text, length)


def _problem_cells(p, url: str) -> str:
    return (
        f'<a href="{url}">{escape(p.title)}</a>'
        f' <span class="badge p-{escape(p.status)}">{escape(_label(ProblemStatus, p.status))}</span>'
    )


def _url_prefix(name: str) -> tuple[str, str]:
    """``reverse(name, args=[pk])`` around the pk, escaped: (before, after), once per page rather
    than a ``reverse`` per row."""
    url = reverse(name, args=[0])
    head, _zero, tail = url.rpartition("/0/")
    return escape(head + "/"), escape("/" + tail)


@register.simple_tag
def ledger_rows(problems, today=None) -> SafeString:
    """``problems`` from ``ledger_selectors.ledger_table`` (plain rows, each with its measures).

    Each problem is its own ``<tbody>`` and each cell says what it is (``data-label``): on a phone
    the stylesheet shows a problem as a card with its measures under it, from the same markup."""
    today = today or timezone.localdate()
    label = {
        key: escape(gettext(text))
        for key, text in (
            ("content", "整改措施"), ("kind", "类型"), ("office", "责任股室"), ("deadline", "时限"),
            ("light", "预警"), ("status", "状态"), ("latest", "最新进展"),
        )
    }  # fmt: skip
    chinese = ui_is_chinese()
    date_text = cn_date if chinese else en_date
    ordinal = cn_ordinal if chinese else str
    long_term = escape(gettext("长期"))
    problem_url = _url_prefix("problem")
    out: list[str] = []
    for p in problems:
        url = f"{problem_url[0]}{p.pk}{problem_url[1]}"
        number = escape(ordinal(int(p.number)))
        measures = p.measures
        if not measures:
            out.append(
                f'<tbody><tr class="first"><td class="num">{number}</td><td class="problem">{_problem_cells(p, url)}</td>'
                f'<td colspan="7" class="empty">{escape(gettext("尚未制定整改措施"))}</td></tr></tbody>\n'
            )
            continue
        out.append("<tbody>")
        for i, m in enumerate(measures):
            if i == 0:
                n = len(measures)
                head = (
                    f'<tr class="first"><td rowspan="{n}" class="num">{number}</td>'
                    f'<td rowspan="{n}" class="problem">{_problem_cells(p, url)}</td>'
                )
            else:
                head = '<tr class="">'
            reason = light_reason(
                m.light, kind=m.kind, deadline=m.deadline, last_report=m.light_last_report, today=today
            )
            if m.latest_progress_on:
                latest = (
                    f'<span class="date">{escape(date_text(m.latest_progress_on, m.latest_progress_precision or "day"))}'
                    f"</span> {escape(_truncate(m.latest_progress_text, 60))}"
                )
            else:
                latest = "—"
            out.append(
                f'{head}<td class="content">{escape(_truncate(m.content, 80))}</td>'
                f'<td class="nowrap" data-label="{label["kind"]}">{escape(_label(MeasureKind, m.kind))}</td>'
                f'<td class="nowrap" data-label="{label["office"]}">{escape(m.office) if m.office else "—"}</td>'
                f'<td class="nowrap" data-label="{label["deadline"]}">{escape(date_text(m.deadline)) if m.deadline else long_term}</td>'
                f'<td data-label="{label["light"]}">{light_html(m.light, reason)}</td>'
                f'<td data-label="{label["status"]}"><span class="badge m-{escape(m.status)}">{escape(_label(MeasureStatus, m.status))}</span></td>'
                f'<td class="latest" data-label="{label["latest"]}">{latest}</td></tr>\n'
            )
        out.append("</tbody>\n")
    if not out:
        out.append(
            f'<tbody><tr><td colspan="9" class="empty">{escape(gettext("没有符合条件的问题。"))}</td></tr></tbody>'
        )
    return SafeString("".join(out))


@register.simple_tag(takes_context=True)
def progress_timeline(context, entries, reportable) -> SafeString:
    """The items of a problem's dated progress (``ledger_selectors.timeline_rows``), written in
    Python like the ledger rows: a problem's ten entries a measure each carry their figures,
    evidence and forms."""
    chinese = ui_is_chinese()
    date_text = cn_date if chinese else en_date
    ordinal = cn_ordinal if chinese else str
    token = escape(str(context.get("csrf_token", "")))
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">' if token else ""
    edit, delete = escape(gettext("修改")), escape(gettext("删除"))
    confirm = escape(gettext("确定删除该进展?"))
    measure_tag = gettext("措施%(n)s")
    evidence_url, edit_url, delete_url = (
        _url_prefix(n) for n in ("evidence", "progress_edit", "progress_delete")
    )
    out: list[str] = []
    for e in entries:
        tag = escape(measure_tag % {"n": ordinal(int(e.measure_number))})
        parts = [
            f'<li id="progress-{e.pk}">\n      <div class="when">{escape(date_text(e.happened_on, e.date_precision or "day"))}</div>\n'
            f'      <div class="what">\n        <p><span class="tag">{tag}</span> {escape(e.text)}</p>\n        '
        ]
        if e.figures:
            items = "".join(
                f"<li>{escape(label)} <strong>{escape(value)}</strong>{escape(unit)}</li>"
                for label, value, unit in e.figures
            )
            parts.append(f'<ul class="figures">{items}</ul>')
        parts.append("\n        ")
        if e.evidence:
            items = "".join(
                f'<li><a href="{evidence_url[0]}{pk}{evidence_url[1]}">{escape(name)}</a>'
                f" <small>{escape(filesizeformat(size))} · SHA-256 {escape(truncatechars(sha256, 13))}</small></li>"
                for pk, name, size, sha256 in e.evidence
            )
            parts.append(f'<ul class="evidence">{items}</ul>')
        parts.append(f'\n        <small class="meta">{escape(e.reporter)}\n          ')
        if e.measure_id in reportable:
            parts.append(
                f' · <a href="{edit_url[0]}{e.pk}{edit_url[1]}">{edit}</a>\n          '
                f'<form method="post" action="{delete_url[0]}{e.pk}{delete_url[1]}" class="inline"'
                f' data-confirm="{confirm}">{csrf}'
                f'<button class="link-dark">{delete}</button></form>'
            )
        parts.append("</small>\n      </div>\n    </li>\n")
        out.append("".join(parts))
    if not out:
        out.append(f'<li class="empty">{escape(gettext("尚无进展记录。"))}</li>')
    return SafeString("".join(out))
