"""Shared helpers for the intake tests: corpus paths and realistic HTML/DOCX wrappings of a notice."""

from __future__ import annotations

import html
import json
import os
import re
from functools import cache
from pathlib import Path

from zhenggai.intake.sources import strip_corpus_header

CORPUS_DIR = Path(
    os.environ.get("ZHENGGAI_NOTICE_CORPUS", Path(__file__).resolve().parents[1] / "corpus" / "notices")
)
SEED_FILE = CORPUS_DIR / "000_seed_zhanhua_kejiju.txt"
# notices kept back from the rule-writers: they measure, they are never tuned to
HOLDOUT_DIR = Path(__file__).resolve().parents[1] / "corpus" / "notices-holdout"

_HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)关于)")


@cache
def ground_truth() -> dict[str, dict]:
    return {
        gt["file"]: gt for gt in json.loads((CORPUS_DIR / "ground_truth.json").read_text(encoding="utf-8"))
    }


def corpus_text(name: str) -> str:
    return strip_corpus_header((CORPUS_DIR / name).read_text(encoding="utf-8"))


def seed_text() -> str:
    return corpus_text(SEED_FILE.name)


def as_government_page(notice: str) -> str:
    """The notice inside a typical county government page: nav, breadcrumb, meta line, footer."""
    lines = notice.split("\n")
    title = html.escape(lines[0])
    body = []
    for line in lines[1:]:
        if line.startswith("作者:"):
            continue  # the page renders its own metadata line
        esc = html.escape(line)
        if _HEADING_RE.match(line) and len(line) < 90:
            body.append(f'<p style="text-indent:2em"><strong>{esc}</strong></p>')
        else:
            body.append(f'<p style="text-indent:2em">{esc}</p>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_滨州市沾化区人民政府</title>
<script>var _hmt = _hmt || []; (function(){{ var hm = document.createElement("script"); }})();</script>
<style>.nav li{{float:left}}</style></head>
<body>
<div class="header"><img src="logo.png" alt="沾化区人民政府"><span>2023年4月2日 星期日</span></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/hdjl">互动交流</a></li><li><a href="/xxgk">信息公开</a></li></ul></div>
<div class="position">您当前的位置:<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 通知公告</div>
<div class="article">
<h1>{title}</h1>
<div class="info">作者: &nbsp;来源: &nbsp;发布时间:2023-04-02 14:05:48 &nbsp;点击量:<span id="hits">1024</span></div>
<div class="content" id="zoom">
{chr(10).join(body)}
</div>
<div class="share">分享到:微信 微博</div>
</div>
<div class="footer"><p>主办单位:滨州市沾化区人民政府办公室 &nbsp; 联系电话:0543-7321234</p>
<p>版权所有 &copy; 沾化区人民政府 &nbsp; 鲁ICP备05012345号 &nbsp; 网站标识码:3716250001</p></div>
</body></html>"""


def as_docx(notice: str, path: Path) -> Path:
    """The notice as a Word document: bold headings, the body in plain paragraphs."""
    import docx

    document = docx.Document()
    for line in notice.split("\n"):
        if line.startswith("作者:"):
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        if _HEADING_RE.match(line) and len(line) < 90:
            run.bold = True
    document.save(path)
    return path
