"""Single-task close-out notices: a 销号公示 or a 督察整改任务 acceptance 公示 reports one task (or a few
listed by label), done; the genre says so even where no count sentence does.

The genre is read from the title (the first lines): 销号 / 验收 / 办结 / 整改完成 beside 公示. The task's
words come after a label (整改任务:…, 督察问题:…, 反馈问题:…) or, in running text, in the quotes of the
sentence that says it was rectified (…指出的“专项资金未按规定用途使用”问题已整改到位…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_GENRE_RE = re.compile(
    r"(?:销号|验收|办结|整改完成|完成整改|整改到位)[^\n]{0,16}公示|公示[^\n]{0,8}(?:销号|验收|办结)"
)
_LABEL_RE = re.compile(
    r"(?:整改任务|督察(?:反馈)?问题|反馈问题|交办问题|问题(?:名称|描述)?|任务(?:名称|内容)?)\s*[::]\s*"
    r"(?P<t>[^\n。]{4,160})"
)
_HEADING_LABEL_RE = re.compile(
    r"(?:^|\n)(?:[一二三四五六七八九十]{1,3}、)?\s*(?:整改问题|反馈问题|督察问题|整改任务|问题描述)\s*[::]?\s*\n(?P<t>[^\n]{4,400})"
)
_NEXT_LABEL_RE = re.compile(r"[,;]\s*[\u4e00-\u9fff]{2,6}[::]")
_QUOTED_RE = re.compile(r"“(?P<t>[^“”\n]{4,120})”")
_DONE_RE = re.compile(r"已?(?:整改到位|整改完成|完成整改|达到销号(?:条件|标准)|销号|办结|通过验收)")


@dataclass
class SingleTasks:
    titles: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    labelled: bool = False  # read after a label or under a 整改任务 heading, not from quotes


def is_close_out_notice(text: str, lines: list[tuple[int, int]]) -> bool:
    """The title says so, or, with no title, the opening: …验收销号…进行公示."""
    head = "\n".join(text[s:e] for s, e in lines[:4])
    opening = text[:300]
    return bool(_GENRE_RE.search(head)) or bool(
        re.search(r"销号|验收|已完成整改|整改完成|完成整改", opening)
        and re.search(r"(?:进行|予以|现予)公示|公示如下", opening)
    )


def find_single_tasks(text: str, lines: list[tuple[int, int]], body_start: int) -> SingleTasks:
    """The tasks a close-out 公示 reports (empty when the text is not one)."""
    out = SingleTasks()
    if not is_close_out_notice(text, lines):
        return out
    for m in _LABEL_RE.finditer(text, max(body_start, 0)):
        title = m.group("t")
        nxt = _NEXT_LABEL_RE.search(title)  # fields run together: 反馈问题:…,责任单位:…
        title = (title[: nxt.start()] if nxt else title).rstrip(" ,;:")
        out.titles.append((title, (m.start("t"), m.start("t") + len(title))))
    if out.titles:
        out.labelled = True
        return out
    for m in _HEADING_LABEL_RE.finditer(text):  # 一、整改问题 / the task below it (a line of its own)
        title = m.group("t").rstrip("。 ")
        out.titles.append((title, (m.start("t"), m.start("t") + len(title))))
        out.labelled = True
        return out
    for m in _QUOTED_RE.finditer(text, max(body_start, 0)):
        tail = text[m.end("t") + 1 : m.end("t") + 28]
        if _DONE_RE.search(tail) or re.match(r"(?:的?问题)?的?(?:整改)?任务", tail):
            out.titles.append((m.group("t"), m.span("t")))
            break
    return out
