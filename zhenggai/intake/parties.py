"""Who: the issuing body (and its short forms), the inspection round and the inspection group."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeGuard

_HAN = "\u4e00-\u9fff"
_NUM = "一二三四五六七八九十百零〇\\d"

PARTY_SUFFIX_RE = re.compile(
    r"(?:党组|党委|党总支|党支部|党工委|党组织|总支部委员会|支部委员会|^中共.{2,40}委员会)$"
)
ORG_SUFFIX_RE = re.compile(
    r"(?:党组|党委|党总支|党支部|党工委|纪委|监委|机关|人民政府|政府|委员会|办公室|局|厅|署|部|院|馆|中心|委|会|联"
    r"|所|校|站|集团|公司|大学|学院|医院|银行|社|办)(?:\((?:含|包括)[^()]{1,60}\))?$"
)
_ORGANS = f"[{_HAN}]{{1,6}}?(?:部|厅|总局|集团|公司)党组|[{_HAN}]{{1,6}}?(?:部|厅|总局|集团|公司)党委|党工委|中央|自治区党委|市直机关工委|省委|市委|区委|县委|州委|旗委|盟委|校党委|院党委|局党委|集团党委|公司党委|党委|党组"

_YEAR = r"(?:(?:19|20)\d{2}年度?)?"
_ENV = "(?:生态环境保护|环境保护|生态环保)"
ROUND_RE = re.compile(
    rf"{_YEAR}(?:第?[{_NUM}]{{1,4}}届)?(?:(?:(?<=届)|(?<![{_HAN}]))(?!根据|按照|依据|遵照|关于|经过|通过)[{_HAN}]{{2,4}}?(?=[省市县区州旗]委))?(?:{_ORGANS})?\s?{_YEAR}第[{_NUM}]{{1,3}}轮(?:第[{_NUM}]{{1,3}}批)?"
    r"(?:常规|专项|机动|提级|交叉|联动|提级交叉|上下联动)?(?:巡察|巡视)(?:联动巡察)?"
    # a round fused with its group: 一届坪山区委第九轮第二巡察组 (the round ends at 轮)
    rf"|(?:第?[{_NUM}]{{1,4}}届)?(?:[{_HAN}]{{2,4}}?(?=[省市县区州旗]委))?(?:{_ORGANS})第[{_NUM}]{{1,3}}轮"
    rf"(?=第[{_NUM}]{{1,3}}(?:巡察|巡视)组)"
    # environmental inspections: 第二轮中央生态环境保护督察, 中央第三轮生态环境保护督察
    rf"|第[{_NUM}]{{1,3}}轮(?:中央|省级|省|自治区)?{_ENV}督察|(?:中央|省级|省|自治区)第[{_NUM}]{{1,3}}轮{_ENV}督察"
)
_GROUP_KIND = "(?:提级交叉|交叉|提级|专项|机动|联动|常规)"
GROUP_RE = re.compile(
    rf"(?:{_ORGANS})?(?:第[{_NUM}]{{1,3}}{_GROUP_KIND}?(?:巡察|巡视)组|{_GROUP_KIND}?(?:巡察|巡视)第?[{_NUM}]{{1,3}}组)"
    # a short qualifier after the organ: 市委对村巡察第四组
    rf"|(?:{_ORGANS})(?:(?!第|轮|届)[{_HAN}]){{1,4}}?(?:巡察|巡视)第?[{_NUM}]{{1,3}}组"
    rf"|(?:中央|省委省政府|省|自治区)?第[{_NUM}]{{1,3}}{_ENV}?督察组"
)

# a group with no number: 县委巡察组, 市委提级巡察组 (only with the organ that sent it)
UNNUMBERED_GROUP_RE = re.compile(rf"(?:{_ORGANS}){_GROUP_KIND}?(?:巡察|巡视)组")
# a special inspection's group, named by its subject: 市委深化“最多跑一次”改革、优化营商环境专项巡察组,
# 获嘉县上下联动乡村振兴专项巡察组
SPECIAL_GROUP_RE = re.compile(
    rf"(?:(?<![{_HAN}])|(?<=[,。;:]))(?:{_ORGANS}|[{_HAN}]{{2,8}}?[省市县区旗](?=[{_HAN}]))"
    rf"(?:“[^”\n]{{1,16}}”|(?!关于|党组|党委)[^,。;:\n“”]){{2,30}}?(?:专项|机动)(?:巡察|巡视)组"
)

_OBJ = r"(?:[^,。;()\n“”《》]|\([^()\n]{0,60}\)){2,60}?"
INSPECTED_RE = re.compile(
    rf"对(?P<obj>{_OBJ})(?:开展了?|进行了?|实施了?)[^,。;\n]{{0,16}}?(?:巡察|巡视|督察)"
)
RECIPIENT_RE = re.compile(rf"向(?P<obj>{_OBJ})(?:反馈|通报|传达)")
_ALIAS_PAREN_RE = re.compile(r"\((?P<body>[^()]*?(?:以下简称|简称|下称|原)[^()]*)\)")
_ALIAS_IN_PAREN_RE = re.compile(r"(?:以下简称|简称|下称)[“\"]?(?P<alias>[^”\"(),,。]{2,20})[”\"]?")
_LINE_LABEL_RE = re.compile(r"^(?:核心提示|内容提要|摘要|提要|标题|导读)\s*[::]\s*")
TITLE_PRE_RE = re.compile(r"(?P<pre>[^,。;:“”《》\s]{2,60}?)关于")
_TOPIC_RE = re.compile(r"整改|巡察|巡视|审计|反馈|督察")
AUDIT_SPEAKER_RE = re.compile(
    rf"(?P<org>[省市县区州]?[{_HAN}]{{0,8}}?审计(?:局|厅|署|办公室))\s*(?:党组书记、)?(?:局长|厅长|审计长|主任|副局长|副厅长)"
)
PLACE_RE = re.compile(
    rf"(?:关于|在|向|我)(?P<place>[{_HAN}]{{2,6}}?[省市县区州])(?=\d|第|[一二三四五六七八九十]{{1,3}}届|人大|人民政府|本级)"
)
CLAUSE_ORG_RE = re.compile(
    rf"(?:^|(?<=[,。;:、\n]))(?P<org>[{_HAN}]{{0,8}}?(?:局|馆|院|委|部|中心|会|联|厅|办|室|所|集团|公司|机关|政府)(?:党组|党委))"
)
# the body that takes objections during a 公示 (如有异议,请联系某某市生态环境局…), or that owns its e-mail
_ORG_END = r"(?:人民政府|委员会|办公室|政府|管委会|局|委|办|中心|院|厅|部|公司|集团|镇|乡|街道|社区|村)"
OBJECTION_ORG_RE = re.compile(
    rf"(?:如有异议|如有意见|如对[^。,]{{0,20}}有异议)[^。]{{0,24}}?(?:联系|向|与|致电|反映至?)\s*"
    rf"(?P<org>[{_HAN}]{{2,24}}?{_ORG_END})(?=[,,。;:(\s]|联系|反映|电话|邮箱|提出)"
)
_SEND_TO_RE = re.compile(r"^.*(?:至|向|给|联系|发往|寄往|寄)")
MAIL_OWNER_RE = re.compile(rf"(?P<org>[{_HAN}]{{2,24}}?{_ORG_END})(?:的)?(?:电子)?(?:邮箱|邮件|信箱)")
SUBJECT_ORG_RE = re.compile(
    rf"(?:^|\n)(?P<org>[{_HAN}]{{3,16}}?(?:党工委|工委|党委|党组))(?=和|及|、|高度|坚持|严格|认真|把|将|始终|,)"
)
_OWN_OFFICE_RE = re.compile(r"(?<=[局委院厅部])办公室$")
# the page's own line: 来源:宿州马鞍山现代产业园区管委会 (the body that posted it)
SOURCE_RE = re.compile(
    rf"(?:信息来源|来源)\s*[::]\s*(?P<org>[{_HAN}()]{{2,30}}?{_ORG_END})(?=\s|编辑|作者|发布|浏览|阅读|点击|字号|$|\d)"
)
_AUDIT_REPORT_RE = re.compile(r"审计查出问题|审计工作报告|审计发现问题")
_LEAD_CUT_RE = re.compile(
    r"^.*(?:是|由|以|在|对|向|将|把|经|了|和|与|及|后|时|上|并|即|均|都|又|也|由于|随后|同时|立即|迅速|切实|坚持|认真)"
)
_NOT_ALIAS_RE = re.compile(r"巡察|巡视|召开|研究|会议|书记|成员|理论|中心组|主要|各|全体|同志|要求|按照|根据")


@dataclass
class Parties:
    issuer: str | None = None
    issuer_span: tuple[int, int] | None = None
    aliases: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    round: str | None = None
    round_span: tuple[int, int] | None = None
    group: str | None = None
    group_span: tuple[int, int] | None = None


def _clean_obj(obj: str, start: int) -> tuple[str, int, list[tuple[str, int]]]:
    """Drop (原…, 以下简称…) from an object phrase; returns the phrase, its start and the aliases."""
    aliases = []
    for m in _ALIAS_PAREN_RE.finditer(obj):
        for a in _ALIAS_IN_PAREN_RE.finditer(m.group("body")):
            aliases.append((a.group("alias"), start + m.start("body") + a.start("alias")))
    cleaned = _ALIAS_PAREN_RE.sub("", obj).strip()
    return cleaned, start, aliases


_MANY_UNITS_RE = re.compile(
    r"、|(?:等|及|和)\s*[\d一二三四五六七八九十]{1,3}\s*个|个(?:单位|部门|乡镇|党组织|社区|村|学校)"
)


# a body named by its kind alone (学校党委, 医院党委, 局党组): a short form, never the issuer's name
_GENERIC_RE = re.compile(
    r"^(?:学校|医院|学院|大学|机关|单位|公司|集团|中心|局|院|馆|委|镇|乡|街道|社区|村)(?:党委|党组|党总支|党支部|党工委|工委)$"
)


def _is_self_reference(name: str) -> bool:
    return name.startswith(("我", "本")) or bool(_GENERIC_RE.match(name))


def find_title_issuer(text: str, lines: list[tuple[int, int]], body_start: int) -> tuple[str, int] | None:
    """Issuer from a title line `<单位>关于…的通报/报告/函` (or `<单位>` alone above a `关于…` line)."""
    head = [(s, e) for s, e in lines[:10] if s < max(body_start, 1) or s == 0]
    for idx, (s, e) in enumerate(head):
        line = text[s:e]
        lead = _LINE_LABEL_RE.match(line)  # 核心提示:中共…关于…的通报
        if lead:
            line, s = line[lead.end() :], s + lead.end()
        m = TITLE_PRE_RE.match(line[:160])
        if m:
            pre = m.group("pre")
            offset = s
            parts = re.split(r"[-_|>»]", pre)
            if len(parts) > 1:
                offset += len(pre) - len(parts[-1])
                pre = parts[-1]
            if "中共" in pre:
                cut = pre.rindex("中共")
                pre, offset = pre[cut:], offset + cut
            rest = line[m.end() : m.end() + 150]
            nxt = text[lines[idx + 1][0] : lines[idx + 1][1]] if idx + 1 < len(lines) else ""
            if (
                ORG_SUFFIX_RE.search(pre)
                and 3 <= len(pre) <= 40
                and (_TOPIC_RE.search(rest) or _TOPIC_RE.search(nxt))
            ):
                return pre, offset
        if idx + 1 < len(lines) and 3 <= len(line) <= 40 and ORG_SUFFIX_RE.search(line):
            nxt = text[lines[idx + 1][0] : lines[idx + 1][1]]
            if nxt.startswith("关于") and _TOPIC_RE.search(nxt) and not re.search(r"[,。;:]", line):
                return line, s
    return None


def find_parties(
    text: str,
    lines: list[tuple[int, int]],
    body_start: int,
    *,
    plan_title: tuple[str, int] | None = None,
    signature_line: tuple[str, int] | None = None,
) -> Parties:
    out = Parties()
    candidates: list[tuple[str, int]] = []  # every naming of the unit we saw, for aliases
    alias_found: list[tuple[str, int]] = []

    title = find_title_issuer(text, lines, body_start)

    obj = None
    m = INSPECTED_RE.search(text)
    if m:
        name, start, als = _clean_obj(m.group("obj"), m.start("obj"))
        alias_found.extend(als)
        if not _MANY_UNITS_RE.search(name):  # a round's summary lists the inspected units: none issued it
            obj = (name, start)
    rec = None
    for m in RECIPIENT_RE.finditer(text):
        name, start, als = _clean_obj(m.group("obj"), m.start("obj"))
        alias_found.extend(als)
        if name and not re.search(r"巡察组|巡视组|办公室$|社会|群众", name):
            rec = (name, start)
            break

    plan_issuer = None
    if plan_title:
        pm = TITLE_PRE_RE.match(plan_title[0])
        if pm and PARTY_SUFFIX_RE.search(pm.group("pre")):
            plan_issuer = (pm.group("pre"), plan_title[1])

    speaker = None
    sm = AUDIT_SPEAKER_RE.search(text[:1500])
    if sm:
        org = sm.group("org")
        start = sm.start("org")
        if org[0] in "省市县区州":
            alias_found.append((org, start))
            for pmatch in PLACE_RE.finditer(text[:4000]):
                place = pmatch.group("place")
                if place.endswith(org[0]):
                    org = place + org[1:]
                    break
        speaker = (org, start)

    objection = None
    om = OBJECTION_ORG_RE.search(text)
    if om:
        objection = (om.group("org"), om.start("org"))
    else:
        for mm in MAIL_OWNER_RE.finditer(text):
            if re.search(r"异议|公示", text[max(0, mm.start() - 60) : mm.start()]):
                lead = _SEND_TO_RE.match(mm.group("org"))
                cut = lead.end() if lead else 0
                objection = (mm.group("org")[cut:], mm.start("org") + cut)
                break
    if objection and _OWN_OFFICE_RE.search(objection[0]):  # 区运管局办公室: the bureau's own office
        objection = (_OWN_OFFICE_RE.sub("", objection[0]), objection[1])
    sm_source = SOURCE_RE.search(text, 0, max(body_start, 0) + 200)
    source = (sm_source.group("org"), sm_source.start("org")) if sm_source else None

    def usable(c: tuple[str, int] | None, party: bool) -> TypeGuard[tuple[str, int]]:
        if not c or not c[0] or _is_self_reference(c[0]) or len(c[0]) < 2:
            return False
        return bool(PARTY_SUFFIX_RE.search(_strip_paren(c[0]))) if party else bool(ORG_SUFFIX_RE.search(c[0]))

    order = [
        (title, False),
        (obj, True),
        (rec, True),
        (plan_issuer, True),
        (signature_line, False),
        (obj, False),
        (speaker, False),
        (rec, False),
        (objection, False),
        (source, False),
    ]
    for cand, party in order:
        if usable(cand, party):
            if cand in (obj, rec) and usable(plan_issuer, True) and _fuller(plan_issuer[0], cand[0]):
                alias_found.append(cand)
                cand = plan_issuer  # 县科协党组 in the body, 中共青神县科学技术协会党组 on its plan
            out.issuer, start = cand
            out.issuer_span = (start, start + len(out.issuer))
            break
    # an audit rectification report the government sends (广东省人民政府关于…审计查出问题的整改情况报告)
    # is the audit office's: the corpus's issuer is the office whose head delivers it
    if out.issuer and out.issuer.endswith("政府") and _AUDIT_REPORT_RE.search(text[:600]):
        office = speaker or (source if source and "审计" in source[0] else None)
        if office:
            out.aliases.append((out.issuer + "(委托)", out.issuer_span or (0, 0)))
            out.issuer, start = office
            out.issuer_span = (start, start + len(out.issuer))
    if out.issuer is None:
        # nothing else names it: the body that acts as the subject of a paragraph
        # (杭州道街道工委和社区党组织严格按照…), its own name and not a kind (街道工委)
        for lm in SUBJECT_ORG_RE.finditer(text, max(body_start, 0)):
            if not _is_self_reference(lm.group("org")):
                out.issuer, start = lm.group("org"), lm.start("org")
                out.issuer_span = (start, start + len(out.issuer))
                break
    if out.issuer is None and obj and obj[0] and not _is_self_reference(obj[0]) and len(obj[0]) <= 40:
        out.issuer, start = obj
        out.issuer_span = (start, start + len(out.issuer))

    # aliases: other namings of the same unit
    for cand in (title, obj, rec, plan_issuer, signature_line, speaker):
        if cand and cand[0] and (ORG_SUFFIX_RE.search(cand[0]) or _is_self_reference(cand[0])):
            candidates.append(cand)
    candidates.extend(alias_found)
    if out.issuer:
        suffix = re.search(r"(党组|党委|党总支|党支部|党工委)$", out.issuer)
        if suffix:
            for cm in CLAUSE_ORG_RE.finditer(text):
                org = cm.group("org")
                lead = _LEAD_CUT_RE.match(org[: -len(suffix.group(1)) - 1])
                org_start = cm.start("org")
                if lead:
                    org, org_start = org[lead.end() :], org_start + lead.end()
                if (
                    org.endswith(suffix.group(1))
                    and len(org) > len(suffix.group(1))
                    and not _NOT_ALIAS_RE.search(org)
                ):
                    candidates.append((org, org_start))
    if out.issuer and out.issuer_span and re.search(r"\((?:含|包括)[^()]*\)$", out.issuer):
        candidates.append((_strip_paren(out.issuer), out.issuer_span[0]))
    seen = {out.issuer}
    for name, start in candidates:
        if name in seen or len(name) > 40 or len(name) < 2:
            continue
        seen.add(name)
        out.aliases.append((name, (start, start + len(name))))

    rm = ROUND_RE.search(text)
    if rm:
        out.round = re.sub(r"\s", "", rm.group(0))
        out.round_span = rm.span()
    numbered, special = GROUP_RE.search(text), SPECIAL_GROUP_RE.search(text)
    if special and numbered and numbered.start() < special.start():
        special = None  # the numbered group came first: the special one is another body's
    gm = special or numbered or UNNUMBERED_GROUP_RE.search(text)
    if gm:
        out.group = gm.group(0)
        out.group_span = gm.span()
    return out


def _fuller(full: str, short: str) -> bool:
    """Whether `full` is a longer name of the body `short` abbreviates (县科协党组 → 中共青神县科学技术
    协会党组): the same party suffix, the same level, and the short form's characters in order."""
    suffix = PARTY_SUFFIX_RE.search(short)
    if not suffix or not full.endswith(suffix.group(0)) or len(full) < len(short) + 4:
        return False
    core = short[: suffix.start()]
    it = iter(full[: -len(suffix.group(0))])
    return bool(core) and core[0] in "省市县区州旗" and all(c in it for c in core)


def _strip_paren(name: str) -> str:
    return re.sub(r"\([^()]*\)$", "", name)
