"""Checking the audit chain end to end: ``zhenggai verify``.

First the chain head: it must be signed under the configured key (``audit.keys``); a head signed
by another key says "wrong key", a head whose signature does not match says it was altered. Then
the events in ``seq`` order with a server-side cursor (memory stays flat whatever the size),
stopping at the first break:

- a keyed row (canonical form 2) made by another key → "…由另一把密钥签名…" (wrong key, not tampering);
- an unkeyed row (form 1) after the seq where the signed head says the unkeyed part ends: someone
  recomputed the chain with plain SHA-256;

- a missing ``seq`` (a deleted row) → "第 17 条之后缺少第 18 条:记录被删除。"
- a row whose recomputed hash differs (an edited row, or two rows swapped) → "…哈希不符。"
- a row whose ``prev_hash`` is not the previous row's hash (a row rewritten with a fresh hash)
- a chain head that does not end where the rows end (the last rows deleted, or rows added behind
  the service's back).

Then, unless ``ledger=False``, the ledger against the trail (``ledger.trail_check``, registered here by the ledger app: every row has
its creation event, every measure the status of its last recorded move, counts equal their rows),
and any anchors given (``audit.anchor``). Every disagreement is named in ``findings``.

On PostgreSQL everything runs in one REPEATABLE READ snapshot, so writers appending meanwhile
neither block it nor make it report a false break.
"""

import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils.translation import gettext as _

from zhenggai.audit.hashing import event_hash_of, head_message
from zhenggai.audit.keys import ALGORITHMS, AuditKey, audit_key
from zhenggai.audit.models import GENESIS_HASH, AuditEvent, ChainHead

_CHUNK = 2000


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int  # rows found intact (all rows when ok)
    first_broken_seq: int | None  # the first seq that is missing, altered or out of place
    message: str
    findings: tuple[str, ...] = field(default=())  # ledger rows and anchors that disagree, each named


def _gap_message(after_seq: int, first_missing: int, last_missing: int) -> str:
    values = {"after": after_seq, "first": first_missing, "last": last_missing}
    if after_seq == 0:
        if first_missing == last_missing:
            return _("审计链开头缺少第 %(first)s 条:记录被删除。") % values
        return _("审计链开头缺少第 %(first)s 至 %(last)s 条:记录被删除。") % values
    if first_missing == last_missing:
        return _("第 %(after)s 条之后缺少第 %(first)s 条:记录被删除。") % values
    return _("第 %(after)s 条之后缺少第 %(first)s 至 %(last)s 条:记录被删除。") % values


def _broken(checked: int, seq: int | None, message: str) -> VerifyResult:
    return VerifyResult(ok=False, checked=checked, first_broken_seq=seq, message=message)


def _recomputed(event: AuditEvent, key: AuditKey) -> str | None:
    try:
        return event_hash_of(event, key)
    except (TypeError, ValueError):  # a column altered into something the canonical form refuses
        return None


def _wrong_key(theirs: str, key: AuditKey) -> str:
    return _(
        "由另一把密钥(编号 %(theirs)s)签名,当前配置的密钥编号为 %(ours)s:"
        "请配置写入时所用的密钥(ZHENGGAI_AUDIT_KEY 或 ZHENGGAI_AUDIT_KEY_FILE)。"
    ) % {"theirs": theirs or "-", "ours": key.key_id}


def _head_broken(head: ChainHead | None, key: AuditKey) -> VerifyResult | None:
    """The head must be signed by the configured key; its signature covers where the chain ends
    and where its unkeyed part ends."""
    if head is None:
        return None  # an empty trail, or a lost head (reported after the walk, which counts the rows)
    if not head.mac:
        return _broken(
            0,
            head.last_seq,
            _("审计链头尚未用密钥签名:请配置审计密钥后运行“zhenggai audit seal”。"),
        )
    if head.key_id != key.key_id:
        return _broken(0, head.last_seq, _("审计链头") + _wrong_key(head.key_id, key))
    message = head_message(
        last_seq=head.last_seq, last_hash=head.last_hash, legacy_until=head.legacy_until, key_id=head.key_id
    )
    algorithm = head.algorithm if head.algorithm in ALGORITHMS else key.algorithm
    if not hmac.compare_digest(key.digest(message, algorithm), head.mac):
        return _broken(
            0,
            head.last_seq,
            _("审计链头的签名不符:链头被改动(例如审计记录被重新计算、删除后改写了链头)。"),
        )
    return None


def _row_form_broken(event: AuditEvent, legacy_until: int, key: AuditKey, row: dict) -> str | None:
    """An unkeyed row where the signed head says the chain is keyed, or a row by another key."""
    values = {**row, "legacy": legacy_until}
    if event.canon == 1:
        if event.seq > legacy_until:
            return (
                _(
                    "第 %(seq)s 条审计记录(ID %(id)s)是未加密钥的旧格式,而链头记录的旧格式只到第 %(legacy)s 条:"
                    "审计记录被人用普通 SHA-256 重新计算过。"
                )
                % values
            )
        return None
    if event.seq <= legacy_until or event.canon != 2 or event.algorithm not in ALGORITHMS:
        return _("第 %(seq)s 条审计记录(ID %(id)s)的格式版本或算法被改动。") % values
    if event.key_id != key.key_id:
        return _("第 %(seq)s 条审计记录(ID %(id)s)") % values + _wrong_key(event.key_id, key)
    return None


def _walk(key: AuditKey) -> VerifyResult:
    head = ChainHead.objects.filter(pk=1).first()
    broken_head = _head_broken(head, key)
    if broken_head is not None:
        return broken_head
    legacy_until = head.legacy_until if head is not None else 0
    prev_seq, prev_hash, prev_id, checked = 0, GENESIS_HASH, None, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=_CHUNK):
        row = {"seq": event.seq, "id": event.pk, "prev": prev_seq}
        expected = prev_seq + 1
        if event.seq > expected:
            return _broken(checked, expected, _gap_message(prev_seq, expected, event.seq - 1))
        if event.seq != expected:
            return _broken(checked, event.seq, _("第 %(seq)s 条审计记录(ID %(id)s)的序号无效。") % row)
        form = _row_form_broken(event, legacy_until, key, row)
        if form is not None:
            return _broken(checked, event.seq, form)
        if _recomputed(event, key) != event.hash:
            return _broken(
                checked, event.seq, _("第 %(seq)s 条审计记录(ID %(id)s)的内容被改动:哈希不符。") % row
            )
        if event.prev_hash != prev_hash:
            return _broken(
                checked,
                event.seq,
                _(
                    "第 %(seq)s 条审计记录(ID %(id)s)与第 %(prev)s 条衔接不上:"
                    "第 %(prev)s 条或更早的记录被改写。"
                )
                % row,
            )
        prev_seq, prev_hash, prev_id = event.seq, event.hash, event.pk
        checked += 1

    head_seq = head.last_seq if head is not None else 0
    if head is None and prev_seq > 0:
        return _broken(
            checked,
            prev_seq,
            _("审计链头记录丢失:无法确认第 %(seq)s 条之后没有记录被删除。") % {"seq": prev_seq},
        )
    if head_seq > prev_seq:
        message = _gap_message(prev_seq, prev_seq + 1, head_seq)
        message += _("(链头记录的最后一条是第 %(head)s 条。)") % {"head": head_seq}
        return _broken(checked, prev_seq + 1, message)
    if head_seq < prev_seq:
        return _broken(
            head_seq,
            head_seq + 1,
            _("第 %(seq)s 条及之后的审计记录不在链头记录之内:有记录绕过审计服务写入,或链头被改动。")
            % {"seq": head_seq + 1},
        )
    if head is not None and head.last_hash != prev_hash:
        return _broken(
            checked - 1 if checked else 0,
            prev_seq,
            _("链头哈希与第 %(seq)s 条审计记录(ID %(id)s)不符:最后一条记录被改写,或链头被改动。")
            % {"seq": prev_seq, "id": prev_id},
        )
    return VerifyResult(
        ok=True,
        checked=checked,
        first_broken_seq=None,
        message=_("审计链完整:共 %(n)s 条记录。") % {"n": checked},
    )


def _with_findings(result: VerifyResult, findings: list[str]) -> VerifyResult:
    if not findings:
        return result
    message = (
        result.message
        + _("但有 %(n)s 处不符:") % {"n": len(findings)}
        + " "
        + findings[0]
        + (_("(其余见下。)") if len(findings) > 1 else "")
    )
    return VerifyResult(
        ok=False,
        checked=result.checked,
        first_broken_seq=result.first_broken_seq,
        message=message,
        findings=tuple(findings),
    )


# The checks of rows against the trail (``ledger=True``): each returns its findings, in Chinese.
# The apps above the trail register theirs at start-up (``LedgerConfig.ready``: ``ledger.trail_check``).
ROW_CHECKS: list[Callable[[], list[str]]] = []


def row_check(check: Callable[[], list[str]]) -> Callable[[], list[str]]:
    if check not in ROW_CHECKS:
        ROW_CHECKS.append(check)
    return check


def audit_verify(*, ledger: bool = True, anchors: Iterable[str | Path] = ()) -> VerifyResult:
    """Check the chain (keyed hashes, links, signed head), then the ledger against the trail and
    any anchor files. Report the first break of the chain and every ledger row or anchor that
    disagrees, in Chinese, naming the row.

    ``ledger=False`` checks the chain alone (synthetic benchmark data is written without a trail).
    """
    from zhenggai.audit.anchor import anchor_findings

    try:
        key = audit_key()
    except ImproperlyConfigured as error:
        return _broken(0, None, _("无法检查审计链:没有可用的审计密钥(%(error)s)。") % {"error": error})
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        result = _walk(key)
        findings = []
        for path in anchors:
            findings.extend(anchor_findings(Path(path), key))
        if ledger:
            for check in ROW_CHECKS:
                findings.extend(check())
    return _with_findings(result, findings)
