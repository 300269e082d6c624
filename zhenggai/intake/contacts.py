"""The supervision channel: phone, postal address, postcode and e-mail."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BLOCK_START_RE = re.compile(r"欢迎|监督|举报|意见建议|联系方式|反映|异议")
_CHANNEL_RE = re.compile(r"电话|邮箱|信箱|邮件|地址|邮编|热线|E-?mail", re.I)
_DASH = "-—–－―~〜‐‑"
_NUMBER = rf"\(?0\d{{2,3}}\)?\s*[{_DASH}]{{0,2}}\s*\d{{7,8}}(?!\d)|1[3-9]\d{{9}}(?!\d)|(?<!\d)\d{{7,8}}(?!\d)"
PHONE_RE = re.compile(rf"(?:电话|热线|手机|座机|Tel|TEL)[^0-9\n。;]{{0,8}}?(?P<phone>{_NUMBER})")
MORE_PHONE_RE = re.compile(rf"\s*(?:、|/|,|或|和)\s*(?P<phone>{_NUMBER})")
EMAIL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
ADDRESS_RE = re.compile(
    r"(?:邮寄地址|通信地址|通讯地址|联系地址|来信地址|信件地址|邮政信箱|来信请寄至?|地址)\s*[::]?\s*(?P<addr>[^;。,\n]{4,60}?)\s*(?=[;。,\n]|邮编|邮政编码|$)"
)
POSTCODE_RE = re.compile(r"(?:邮编|邮政编码)\s*[::]?\s*(?P<code>\d{6})(?!\d)")


@dataclass
class Contacts:
    phone: str | None = None
    phone_span: tuple[int, int] | None = None
    phones: list[str] = field(default_factory=list)
    email: str | None = None
    email_span: tuple[int, int] | None = None
    address: str | None = None
    address_span: tuple[int, int] | None = None
    postcode: str | None = None
    postcode_span: tuple[int, int] | None = None


# where an address run together with what follows it ends: a date (the signature) or page furniture,
# and then after its house number, the signing body's name
_ADDRESS_TAIL_RE = re.compile(r"(?:19|20)\d{2}\s*[年\-./]|关闭本页|打印本页|关闭窗口|【")
_AFTER_NUMBER_RE = re.compile(
    r"(?<=\d号)(?=[\u4e00-\u9fff]{2,30}(?:局|委|院|办|中心|政府|委员会|办公室|公司)$)"
)


def _address_only(addr: str) -> str:
    tail = _ADDRESS_TAIL_RE.search(addr)
    if not tail:  # 邮政信箱:…18号县市场监督管理局办公室 — the recipient belongs to a postal address
        return addr
    addr = addr[: tail.start()]
    cut = _AFTER_NUMBER_RE.search(addr)  # …37号炎陵县卫生健康局2023年6月12日: the signature ran on
    return (addr[: cut.start()] if cut else addr).strip()


def normalise_phone(raw: str) -> str:
    """0543—8192576 / (0543)8192576 / 0543 8192576 → 0543-8192576; mobiles and local numbers as digits."""
    digits = re.sub(r"\D", "", raw)
    m = re.match(r"\(?(0\d{2,3})\)?\s*[" + _DASH + r"]{0,2}\s*(\d{7,8})$", raw.strip())
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    return digits


def find_contacts(text: str, lines: list[tuple[int, int]]) -> Contacts:
    """Contacts from the supervision paragraph (the one inviting supervision) and the lines after it."""
    out = Contacts()
    block: tuple[int, int] | None = None
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        if not _BLOCK_START_RE.search(line):
            continue
        # the paragraph inviting supervision (如有异议,请…), and its channels on it or the lines below
        # (联系人 / 手机号码 / 固定电话 / 电子邮箱 one per line)
        near = [
            j for j in range(i, min(i + 4, len(lines))) if _CHANNEL_RE.search(text[lines[j][0] : lines[j][1]])
        ]
        if near:
            block = (s, lines[min(near[0] + 4, len(lines) - 1)][1])
            break
    if block is None:
        return out
    s, e = block
    seg = text[s:e]
    for m in PHONE_RE.finditer(seg):
        phone = normalise_phone(m.group("phone"))
        out.phones.append(phone)
        if out.phone is None:
            out.phone = phone
            out.phone_span = (s + m.start("phone"), s + m.end("phone"))
        more = MORE_PHONE_RE.match(seg, m.end())
        while more:
            out.phones.append(normalise_phone(more.group("phone")))
            more = MORE_PHONE_RE.match(seg, more.end())
    landlines = [p for p in out.phones if not re.fullmatch(r"1[3-9]\d{9}", p)]
    if out.phone and out.phone not in landlines and landlines:
        # a mobile (a person's) and the office's fixed line: the supervision phone is the office's
        out.phone = landlines[0]
        start = seg.find(out.phone) if out.phone in seg else -1
        out.phone_span = (s + start, s + start + len(out.phone)) if start >= 0 else out.phone_span
    em = EMAIL_RE.search(seg)
    if em:
        out.email = em.group(0).rstrip(".")
        out.email_span = (s + em.start(), s + em.start() + len(out.email))
    am = ADDRESS_RE.search(seg)
    if am:
        out.address = _address_only(am.group("addr").strip())
        out.address_span = (s + am.start("addr"), s + am.start("addr") + len(out.address))
    pm = POSTCODE_RE.search(seg)
    if pm:
        out.postcode = pm.group("code")
        out.postcode_span = (s + pm.start("code"), s + pm.end("code"))
    return out
