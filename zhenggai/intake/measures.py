"""The measures under one problem, with the dates, quantities and organisations each mentions."""

from __future__ import annotations

import re

from .dates import DateRef
from .headings import LABEL_RE, MARKERS
from .model import Figure, Measure, MeasureDate, Organisation
from .numerals import cn_to_int
from .text import sentence_spans

_CN = "一二三四五六七八九十"
_SKIP_LINE_RE = re.compile(
    r"(?:问题表现|具体表现|存在问题|问题描述|主要表现|整改目标|整改时限|责任领导|责任单位|责任人)\s*[::]"
)
STATUS_SENTENCE_RE = re.compile(
    r"^(?:该问题|此问题|本问题|该项问题|目前|截至目前|现)?[,]?(?:已经|已)?(?:全部)?"
    r"(?P<w>完成整改|整改完成|整改到位|已整改|基本完成整改|基本完成|已取得阶段性成效|取得阶段性成效|长期坚持|持续整改|正在整改|整改中|立行立改)"
    r"[^。]{0,12}[。]?$"
)
_STATUS_OF = {
    "完成整改": "completed",
    "整改完成": "completed",
    "整改到位": "completed",
    "已整改": "completed",
    "立行立改": "completed",
    "基本完成整改": "phased_longterm",
    "基本完成": "phased_longterm",
    "已取得阶段性成效": "phased_longterm",
    "取得阶段性成效": "phased_longterm",
    "长期坚持": "phased_longterm",
    "持续整改": "phased_longterm",
    "正在整改": "in_progress",
    "整改中": "in_progress",
}
HEADING_STATUS_RE = re.compile(
    r"[((](?P<w>已完成|已整改|已完成整改|基本完成|长期坚持|持续整改|正在整改|整改中)[))]$"
)
LONGTERM_RE = re.compile(r"长期坚持|长期|持续|常态化|长效|久久为功|定期|每年|每季度|每月")

FIGURE_RE = re.compile(
    r"(?<![\d.第])(?P<v>\d+(?:\.\d+)?)(?P<approx>余|多)?\s*"
    r"(?P<unit>个百分点|万元|亿元|千元|万人次|人次|万人|个月|家|次|个|项|人|场|期|条|件|篇|份|名|户|所|批|类|台|套|座|处|笔|宗|天|小时|公里|千米|亩|吨|元|%|‰|倍|轮|万)"
    r"(?![\d])"
)
_ORG_SUFFIX_RE = re.compile(
    r"有限公司|有限责任公司|公司|集团|大学|学院|研究院|研究所|研究中心|医院|银行|协会|学会|委员会|管委会|局|厅|办公室"
    r"|中心(?!组)|服务站|工作站|馆|党组|党委|部门|法院|检察院|人民政府|政府|街道办事处|事务所|派出所|合作社|商会|学校"
)
_CUT_RE = re.compile(
    r"与|和|及|同|对|向|在|由|将|把|为|从|到|让|使|经|被|是|了|的|等|以|于|至|组织|引进|指导|支持|推动|联合|会同|协调|联系"
    r"|帮助|推荐|走访|深入|督促|配合|依托|通过|邀请|会|并|按照|根据|协同|召开|成立|建立|印发|制定|开展|加强|强化|落实|明确"
    r"|修订|覆盖|完善|健全|要求|组建|设立|选派|派驻|参加|参与|列席|赴|前往|下发|转发|报送|上报|提请|听取|约谈|签订|配备"
    r"|调整|新增|新建|入选|获批|评为|认定|申报|推广|培训|服务|帮扶|对接|衔接|汇报|请示|安排|部署|研究|学习|传达|贯彻"
)
_GENERIC = {
    "责任",
    "相关",
    "有关",
    "职能",
    "主管",
    "业务",
    "牵头",
    "行业",
    "监管",
    "执法",
    "科研院",
    "领导",
    "各级",
    "上级",
    "下属",
    "直属",
    "基层",
    "党政",
    "全体",
}
_NOT_ORG_RE = re.compile(r"(?:格局|布局|大局|全局|结局|当局|党组|党委)$")
_MARKER_RES = [rx for _, rx in MARKERS]


def _figures(text: str, s: int, e: int, dates: list[DateRef]) -> list[Figure]:
    out = []
    for m in FIGURE_RE.finditer(text, s, e):
        if any(d.span[0] <= m.start() < d.span[1] for d in dates):
            continue
        raw = m.group("v")
        value: int | float = float(raw) if "." in raw else int(raw)
        out.append(Figure(value=value, unit=m.group("unit"), text=m.group(0), span=m.span()))
    return out


def _organisations(text: str, s: int, e: int) -> list[Organisation]:
    out: list[Organisation] = []
    seen: set[str] = set()
    for m in _ORG_SUFFIX_RE.finditer(text, s, e):
        left = m.start()
        i = left
        while i > s and left - i < 14 and "\u4e00" <= text[i - 1] <= "\u9fff":
            i -= 1
        head = text[i:left]
        cut = None
        for cm in _CUT_RE.finditer(head):
            cut = cm.end()
        if cut is not None:
            head = head[cut:]
        name = head + m.group(0)
        if len(head) < 2 or head in _GENERIC or _NOT_ORG_RE.search(name) and len(head) < 2:
            continue
        if head in _GENERIC or any(head.startswith(g) for g in ("各", "全", "本", "我", "该", "其")):
            continue
        if name in seen:
            continue
        seen.add(name)
        start = m.end() - len(name)
        out.append(Organisation(name=name, span=(start, m.end())))
    return out


def make_measure(text: str, s: int, e: int, dates: list[DateRef]) -> Measure | None:
    while s < e and text[s] in " \n,;:":
        s += 1
    while e > s and text[e - 1] in " \n":
        e -= 1
    if e - s < 2:
        return None
    ds = [d for d in dates if s <= d.span[0] and d.span[1] <= e and d.value]
    body = text[s:e]
    return Measure(
        text=body,
        span=(s, e),
        # ds holds dated mentions only: the repeated test changes nothing but tells mypy value is a str
        dates=[MeasureDate(d.value, d.text, d.span, d.inferred) for d in ds if d.value],
        figures=_figures(text, s, e, ds),
        organisations=_organisations(text, s, e),
        longterm=bool(LONGTERM_RE.search(body)),
    )


_ENUM_STYLES = (
    re.compile(rf"(?:^|(?<=[。;:,!\n]))\s*(?P<mark>第?(?P<n>[{_CN}]{{1,3}})是)"),
    re.compile(r"(?:^|(?<=[。;:,!\n]))\s*(?P<mark>\(\s*(?P<n>\d{1,2})\s*\)[、.]?)"),
    re.compile(r"(?:^|(?<=[。;:,!\n]))\s*(?P<mark>(?P<n>\d{1,2})(?:、|\.(?!\d)|\)))"),
    re.compile(r"(?:^|(?<=[。;:,!\n]))\s*(?P<mark>(?P<n>[①-⑳]))"),
    re.compile(rf"(?:^|(?<=[。;:,!\n]))\s*(?P<mark>\(\s*(?P<n>[{_CN}]{{1,3}})\s*\))"),
)


def _ordinal(n: str) -> int | None:
    if "①" <= n <= "⑳":
        return ord(n) - ord("①") + 1
    if n.isdigit():
        return int(n)
    return cn_to_int(n)


def _enum_splits(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """(marker start, content start) of an enumeration 一是/二是…, (1)(2)…, 1.2.…, ①②… in order, or []."""
    for rx in _ENUM_STYLES:
        expected = 1
        out = []
        for m in rx.finditer(text, s, e):
            if _ordinal(m.group("n")) == expected:
                out.append((m.start("mark"), m.end("mark")))
                expected += 1
        if len(out) >= 2 or (out and rx is _ENUM_STYLES[0]):
            return out
    return []


def split_measures(
    text: str, start: int, end: int, dates: list[DateRef]
) -> tuple[list[Measure], str | None, tuple[int, int] | None]:
    """Measures in text[start:end], and the problem's status when a sentence states it (该问题已完成整改)."""
    measures: list[Measure] = []
    status: str | None = None
    status_span: tuple[int, int] | None = None
    pos = start
    for raw_line in text[start:end].split("\n"):
        ls, le = pos, pos + len(raw_line)
        pos = le + 1
        if not raw_line.strip():
            continue
        # drop labels such as 整改进展情况: / 整改措施:
        lm = LABEL_RE.match(text, ls, le)
        while lm:
            ls = lm.end()
            lm = LABEL_RE.match(text, ls, le)
        # a status sentence at the start of the line
        for ss, se in sentence_spans(text, ls, le):
            sentence = text[ss:se].strip()
            sm = STATUS_SENTENCE_RE.match(sentence)
            if sm and len(sentence) <= 24:
                if status is None:
                    status = _STATUS_OF.get(sm.group("w"))
                    status_span = (ss, se)
                ls = se
            else:
                break
        if ls >= le or _SKIP_LINE_RE.match(text, ls, le):
            continue
        splits = _enum_splits(text, ls, le)
        if len(splits) >= 2 or (splits and text[splits[0][0]] not in "(①0123456789"):
            pre = text[ls : splits[0][0]].strip()
            if len(pre) > 30:  # a framing sentence with substance of its own
                m = make_measure(text, ls, splits[0][0], dates)
                if m and (m.dates or m.figures):
                    measures.append(m)
            for k, (_, cs) in enumerate(splits):
                ce = splits[k + 1][0] if k + 1 < len(splits) else le
                m = make_measure(text, cs, ce, dates)
                if m:
                    measures.append(m)
            continue
        marker = next((rx.match(text, ls, le) for rx in _MARKER_RES if rx.match(text, ls, le)), None)
        if marker is not None:
            m = make_measure(text, marker.end(), le, dates)
            if m:
                measures.append(m)
            continue
        for ss, se in sentence_spans(text, ls, le):
            sentence = text[ss:se].strip()
            sm = STATUS_SENTENCE_RE.match(sentence)
            if sm and len(sentence) <= 24:
                if status is None:
                    status = _STATUS_OF.get(sm.group("w"))
                    status_span = (ss, se)
                continue
            m = make_measure(text, ss, se, dates)
            if m:
                measures.append(m)
    return measures, status, status_span


_HEADING_STATUS_OF = {
    "已完成": "completed",
    "已整改": "completed",
    "已完成整改": "completed",
    "基本完成": "phased_longterm",
    "长期坚持": "phased_longterm",
    "持续整改": "phased_longterm",
    "正在整改": "in_progress",
    "整改中": "in_progress",
}


def heading_status(title: str) -> str | None:
    """Status written after a heading: …问题(已完成)."""
    m = HEADING_STATUS_RE.search(title)
    return _HEADING_STATUS_OF.get(m.group("w")) if m else None
