"""English on request: the pages' chrome is English, the ledger's own data stays as it was written.

Chinese is the default and Accept-Language never changes it (see zhenggai.core.middleware); English
is the user's explicit choice through the language selector. Official documents (notices, reports,
spreadsheets) are Chinese whatever the choice.
"""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import translation

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Where a page's own words are: navigation, headings, table and list headers, form furniture.
CHROME_TAGS = {"nav", "h1", "h2", "h3", "th", "dt", "label", "button", "legend", "summary"}
CHROME_ATTRS = {"aria-label", "placeholder"}
LANGUAGE_NAMES = {"简体中文"}  # the selector names each language in itself


class _Chrome(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "select", "option"):
            self.skip += 1
        self.open.append(tag)
        self.parts += [v for k, v in attrs if k in CHROME_ATTRS and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "select", "option"):
            self.skip -= 1
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data):
        if not self.skip and CHROME_TAGS & set(self.open):
            self.parts.append(data)


def _data_strings() -> list[str]:
    """Every Chinese text the database holds (names, titles, contents …), longest first."""
    found: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("zhenggai."):
            continue
        names = [
            f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)
        ]
        if not names:
            continue
        for row in model._base_manager.values_list(*names):
            found |= {v for v in row if isinstance(v, str) and CJK.search(v)}
    user_model = apps.get_model("auth", "User")
    found |= {v for v in user_model.objects.values_list("first_name", flat=True) if v}
    return sorted(found, key=len, reverse=True)


def chinese_chrome(html: str) -> list[str]:
    """The Chinese left in a page's navigation, headings and form labels once the data is taken out."""
    parser = _Chrome()
    parser.feed(html)
    data = _data_strings()
    leftovers = []
    for part in parser.parts:
        text = " ".join(part.split())
        for value in data:
            if value in text:
                text = text.replace(value, " ")
        for name in LANGUAGE_NAMES:
            text = text.replace(name, " ")
        if CJK.search(text):
            leftovers.append(text.strip())
    return leftovers


@pytest.fixture
def english(client):
    """A signed-in client that chose English with the selector, as a person would."""

    def _english(user):
        client.force_login(user)
        response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
        assert response.status_code == 302
        return client

    return _english


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Language"] == "en", url
    return response.content.decode()


def test_the_ledger_page_in_english(english, seed):
    page = _page(english(seed.liaison), reverse("inspection", args=[seed.inspection.pk]))
    for words in (
        "Workbench",
        "Supervision dashboard",
        "Rectification ledger: 二届区委第二轮巡察",
        "Inspection overview",
        "Organisation and implementation",
        "Publication and supervision",
        "Responsible office",
        "Latest progress",
        'lang="en"',
    ):
        assert words in page
    assert chinese_chrome(page) == []
    # the data stays as written; dates and numbers are written the English way
    assert "关于工作作风不够扎实，指导服务科技项目用力不足方面问题" in page
    assert "28 Jun 2022 to 22 Aug 2022" in page and "2022年6月28日" not in page
    assert "The inspection raised 5 findings." in page


def test_a_problem_page_in_english(english, seed):
    page = _page(english(seed.liaison), reverse("problem", args=[seed.problem(4).pk]))
    for words in ("Rectification measures", "Rectification progress (by date)", "Activity log", "Finding 4"):
        assert words in page
    assert "1. 优化科技服务模式" in page  # 一是 → 1.
    assert chinese_chrome(page) == []


def test_the_dashboards_in_english_with_english_chart_labels(english, seed):
    client = english(seed.xunchaban)
    page = _page(client, reverse("dashboard"))
    for words in ("Rectification supervision dashboard", "Completion rate by unit", "Red (overdue)"):
        assert words in page
    assert 'data-label-long_term="Interim results"' in page
    assert chinese_chrome(page) == []
    unit_board = _page(client, reverse("inspection_dashboard", args=[seed.inspection.pk]))
    assert 'data-label-closed="Closed out"' in unit_board and "Measures closed out per week" in unit_board
    assert chinese_chrome(unit_board) == []
    # the spreadsheet exported from the dashboard keeps its Chinese title
    assert 'name="title" value="整改台账"' in page


def test_the_intake_upload_page_in_english(english, seed):
    page = _page(english(seed.liaison), reverse("intake_ui:upload"))
    for words in ("Import a rectification progress notice", "Paste the notice text", "My drafts"):
        assert words in page
    assert chinese_chrome(page) == []


def test_the_public_site_stays_chinese_even_for_an_english_visitor(english, seed):
    """Public pages are cached and shared (docs/public.md): one Chinese copy for everybody."""
    response = english(seed.liaison).get(reverse("public:index"))
    assert response["Content-Language"] == "zh-Hans"
    page = response.content.decode()
    assert "巡察整改进展情况公开" in page and "Published inspection rectification progress" not in page


@pytest.mark.parametrize(
    ("name", "chinese"),
    [
        ("inspection", "整改事项完成情况"),
        ("problem", "整改进展(按时间)"),
        ("dashboard", "整改监督看板"),
        ("intake_ui:upload", "导入整改进展通报"),
    ],
)
def test_an_english_browser_without_the_cookie_still_gets_chinese(login, seed, name, chinese):
    args = {"inspection": [seed.inspection.pk], "problem": [seed.problem(4).pk]}.get(name, [])
    client = login(seed.xunchaban if name == "dashboard" else seed.liaison)
    response = client.get(reverse(name, args=args), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    page = response.content.decode()
    assert chinese in page and 'lang="zh-CN"' in page
    assert "Rectification" not in page and "Workbench" not in page
    assert chinese_chrome(page)  # (and the check the English pages pass does see Chinese chrome)


def test_official_documents_stay_chinese_when_the_ui_is_english(seed):
    from zhenggai.ledger.models import Measure
    from zhenggai.notices.compose import report_compose
    from zhenggai.notices.ledger_xlsx import ledger_rows

    with translation.override("en"):
        rows = list(ledger_rows(Measure.objects.filter(problem__inspection=seed.inspection)))
        day = dt.date(2023, 3, 29)
        report = report_compose(seed.inspection, cutoff=day, signed_on=day)
        assert translation.get_language() == "en"  # and the UI language is back afterwards
    assert {row.status for row in rows} <= {"未启动", "整改中", "申请销号", "单位已审核", "已销号"}
    assert "已销号" in {row.status for row in rows}
    cells = {cell for block in report.blocks if hasattr(block, "rows") for row in block.rows for cell in row}
    assert "已销号" in cells and not cells & {"Closed out", "In progress", "Long-term"}


def test_dates_and_ordinals_follow_the_language():
    from zhenggai.core.localized import ui_date, ui_ordinal

    day = dt.date(2023, 3, 29)
    with translation.override("zh-hans"):
        assert (ui_date(day), ui_date(day, "month"), ui_date(day, "as_of"), ui_ordinal(12)) == (
            "2023年3月29日",
            "2023年3月",
            "截至2023年3月29日",
            "十二",
        )
    with translation.override("en"):
        assert (ui_date(day), ui_date(day, "month"), ui_date(day, "as_of"), ui_ordinal(12)) == (
            "29 Mar 2023",
            "Mar 2023",
            "as of 29 Mar 2023",
            "12",
        )
