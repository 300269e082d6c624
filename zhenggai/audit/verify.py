"""Checking the audit chain end to end: ``zhenggai verify``.

Walks the events in ``seq`` order with a server-side cursor (memory stays flat whatever the size)
and stops at the first break:

- a missing ``seq`` (a deleted row) → "第 17 条之后缺少第 18 条:记录被删除。"
- a row whose recomputed hash differs (an edited row, or two rows swapped) → "…哈希不符。"
- a row whose ``prev_hash`` is not the previous row's hash (a row rewritten with a fresh hash)
- a chain head that does not end where the rows end (the last rows deleted, or rows added behind
  the service's back).

On PostgreSQL the walk runs in one REPEATABLE READ snapshot, so writers appending meanwhile
neither block it nor make it report a false break.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext as _

from zhenggai.audit.hashing import event_hash_of
from zhenggai.audit.models import GENESIS_HASH, AuditEvent, ChainHead

_CHUNK = 2000


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int  # rows found intact (all rows when ok)
    first_broken_seq: int | None  # the first seq that is missing, altered or out of place
    message: str


def _gap_message(after_seq: int, first_missing: int, last_missing: int) -> str:
    values = {"after": after_seq, "first": first_missing, "last": last_missing}
    if after_seq == 0:
        if first_missing == last_missing:
            return _("审计链开头缺少第 %(first)s 条:记录被删除。") % values
        return _("审计链开头缺少第 %(first)s 至 %(last)s 条:记录被删除。") % values
    if first_missing == last_missing:
        return _("第 %(after)s 条之后缺少第 %(first)s 条:记录被删除。") % values
    return _("第 %(after)s 条之后缺少第 %(first)s 至 %(last)s 条:记录被删除。") % values


def _broken(checked: int, seq: int, message: str) -> VerifyResult:
    return VerifyResult(ok=False, checked=checked, first_broken_seq=seq, message=message)


def _recomputed(event: AuditEvent) -> str | None:
    try:
        return event_hash_of(event)
    except (TypeError, ValueError):  # a column altered into something the canonical form refuses
        return None


def _walk() -> VerifyResult:
    head = ChainHead.objects.filter(pk=1).first()
    prev_seq, prev_hash, prev_id, checked = 0, GENESIS_HASH, None, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=_CHUNK):
        row = {"seq": event.seq, "id": event.pk, "prev": prev_seq}
        expected = prev_seq + 1
        if event.seq > expected:
            return _broken(checked, expected, _gap_message(prev_seq, expected, event.seq - 1))
        if event.seq != expected:
            return _broken(checked, event.seq, _("第 %(seq)s 条审计记录(ID %(id)s)的序号无效。") % row)
        if _recomputed(event) != event.hash:
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


def audit_verify() -> VerifyResult:
    """Recompute every hash and link; report the first break in Chinese, naming the row."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _walk()
