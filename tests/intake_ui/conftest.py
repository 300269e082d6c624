"""Fixtures of the intake pages: the seed notice as text, HTML and DOCX, a fresh unit to import into,
and a tiny form reader that posts back exactly what the review page rendered (like a browser)."""

import io
from html.parser import HTMLParser

import pytest

from tests.corpus import SEED_NOTICE
from zhenggai.accounts.models import Role, UnitKind
from zhenggai.accounts.services import membership_grant, unit_create


@pytest.fixture
def seed_text() -> str:
    return SEED_NOTICE.read_text(encoding="utf-8")


def notice_body(text: str) -> list[str]:
    """The notice's lines without the corpus header (source address, ---)."""
    lines = text.split("\n")
    if "---" in [line.strip() for line in lines[:5]]:
        lines = lines[[line.strip() for line in lines].index("---") + 1 :]
    return [line for line in lines if line.strip()]


def seed_html(text: str) -> str:
    """The notice as a saved government web page: navigation, metadata line, body, footer."""
    lines = notice_body(text)
    body = "\n".join(f"<p>{line}</p>" for line in lines[3:])
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{lines[0]}</title>
<script>var tracker = "<p>不应出现</p>";</script></head>
<body><div class="nav"><a href="/">首页</a> <a href="/xxgk/">信息公开</a></div>
<div class="breadcrumb">当前位置:首页 &gt; 通知公告</div>
<h1>{lines[0]}</h1><p class="meta">{lines[1]}</p>
<div class="content">{body}</div>
<div class="footer">版权所有:滨州市沾化区科学技术局 鲁ICP备00000000号</div></body></html>"""


def seed_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    lines = notice_body(text)
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def fresh_unit(seed):
    """A unit under the seed committee with no inspection yet; the seed liaison keeps its ledger too."""
    committee = seed.unit.parent
    unit = unit_create(
        name="滨州市沾化区测试导入局",
        short_name="区测试局",
        kind=UnitKind.UNIT,
        parent=committee,
        party_org_name="中共滨州市沾化区测试导入局党组",
    )
    membership_grant(user=seed.liaison, unit=unit, role=Role.UNIT_LIAISON, title="整改联络员")
    return unit


class _FormReader(HTMLParser):
    """Collects the successful controls of one <form id=…> as a browser would submit them."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: list[tuple[str, str]] = []
        self.textarea: str | None = None
        self.text_parts: list[str] = []
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.option: tuple[str, bool] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self.textarea, self.text_parts = name, []
        elif tag == "select" and name:
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self.textarea is not None:
            self.text_parts.append(data)

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "textarea" and self.textarea is not None:
            text = "".join(self.text_parts)
            self.data.append((self.textarea, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [v for v, s in self.options if s] or [v for v, _ in self.options[:1]]
            if chosen:
                self.data.append((self.select, chosen[0]))
            self.select = None
        elif tag == "form":
            self.inside = False


def form_fields(html: str, form_id: str = "intake-form") -> dict[str, str]:
    reader = _FormReader(form_id)
    reader.feed(html)
    return dict(reader.data)


def problem_index(data: dict, title_part: str) -> int:
    """The form index of the problem whose title contains ``title_part`` (fields p-<i>-…, p<i>m-<j>-…)."""
    for name, value in data.items():
        if name.startswith("p-") and name.endswith("-title") and title_part in value:
            return int(name.split("-")[1])
    raise KeyError(title_part)
