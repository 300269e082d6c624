"""Parse untrusted files in a child process bounded in time and memory.

Every file the product opens (a notice's DOCX, HTML or text, a ledger XLSX) is read by code whose
cost depends on what is inside: a 220 KB DOCX can unpack to 60 MB of XML and 1.8 M paragraphs.
The checks before parsing (``zhenggai.core.archives``) catch the known bombs cheaply; this module
is the bound on everything else. ``run_bounded`` forks a child, caps its address space with
``RLIMIT_AS`` (the parent's size plus ``ZHENGGAI_PARSE_MEMORY_MB``), waits at most
``ZHENGGAI_PARSE_TIMEOUT`` seconds, and kills it past that. The parent gets the result, the
parser's own refusal (re-raised as it was), or a :class:`FileRefused` that says in Chinese what
happened. Fork costs a few milliseconds for a normal notice (docs/security/files.md).

Nothing here needs a database: the child only parses, and it never touches a connection the
parent holds (it leaves with ``os._exit``, so no atexit handler or connection close runs there).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from zhenggai.core.env import env_int

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_TIMEOUT_SECONDS = 30
DEFAULT_MEMORY_MB = 512


def _(message: str) -> str:
    """gettext when Django is set up (pages, jobs, commands); the Chinese itself in the bare CLI."""
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext

    return gettext(message)


class FileRefused(Exception):
    """The file was not read; ``message`` says why, in Chinese, for the person who sent it."""

    def __init__(self, message: str, code: str = "refused"):
        super().__init__(message, code)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


def parse_limits() -> tuple[float, int]:
    """(timeout seconds, memory MB) from the settings, or from the environment outside Django."""
    from django.conf import settings

    if settings.configured:
        return (
            float(getattr(settings, "ZHENGGAI_PARSE_TIMEOUT", DEFAULT_TIMEOUT_SECONDS)),
            int(getattr(settings, "ZHENGGAI_PARSE_MEMORY_MB", DEFAULT_MEMORY_MB)),
        )
    return (
        env_int("ZHENGGAI_PARSE_TIMEOUT", DEFAULT_TIMEOUT_SECONDS),
        env_int("ZHENGGAI_PARSE_MEMORY_MB", DEFAULT_MEMORY_MB),
    )


def timeout_message(seconds: float) -> str:
    return _("文件内容过于复杂,%(seconds)s秒内未能读完,已停止读取,未保存任何内容。请删去无关内容后再试。") % {
        "seconds": f"{seconds:g}"
    }


def memory_message(megabytes: int) -> str:
    return _(
        "读取该文件需要的内存超过上限(%(mb)s MB),已停止读取,未保存任何内容。请拆分或精简文件后再试。"
    ) % {"mb": megabytes}


def crash_message() -> str:
    return _("文件内容已损坏或格式无法识别,无法读取,未保存任何内容。请用原软件打开后另存再试。")


def _address_space() -> int:
    """This process's current virtual size in bytes (the child starts as a copy of the parent)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(conn, func, args, kwargs, memory_bytes: int, refusals: tuple[type[BaseException], ...]):
    try:
        limit = _address_space() + memory_bytes
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        try:
            outcome: tuple[str, Any] = ("ok", func(*args, **kwargs))
        except refusals as exc:
            outcome = ("refused", exc)
        except MemoryError:
            outcome = ("memory", None)
        except BaseException:  # noqa: BLE001 - reported to the parent, which refuses the file
            outcome = ("crash", traceback.format_exc(limit=20))
        try:
            conn.send(outcome)
        except MemoryError:
            conn.send(("memory", None))
        except Exception:  # noqa: BLE001 - an unpicklable result: say so rather than hang
            conn.send(("crash", traceback.format_exc(limit=5)))
    finally:
        conn.close()
        os._exit(0)


def run_bounded(
    func: Callable[..., T],
    /,
    *args: Any,
    refusals: tuple[type[BaseException], ...] = (FileRefused,),
    timeout: float | None = None,
    memory_mb: int | None = None,
    **kwargs: Any,
) -> T:
    """``func(*args, **kwargs)`` in a forked child with bounded time and memory.

    ``refusals``: the parser's own clean errors; the child sends them back and they are re-raised
    here unchanged. Anything else that goes wrong in the child (a crash, memory, time) is a
    :class:`FileRefused` with a Chinese message. A timeout or memory of 0 runs in this process,
    unbounded (for debugging; never in production).
    """
    default_timeout, default_memory = parse_limits()
    timeout = default_timeout if timeout is None else timeout
    memory_mb = default_memory if memory_mb is None else memory_mb
    if not timeout or not memory_mb:
        return func(*args, **kwargs)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(sender, func, args, kwargs, memory_mb * 1024 * 1024, refusals), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise FileRefused(timeout_message(timeout), code="timeout")
        try:
            kind, value = receiver.recv()
        except (EOFError, OSError):  # the child died without a word: killed for its memory
            process.join(1)
            log.warning("bounded parse: child exited with %s and no result", process.exitcode)
            raise FileRefused(memory_message(memory_mb), code="memory") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if kind == "ok":
        return value
    if kind == "refused":
        raise value
    if kind == "memory":
        raise FileRefused(memory_message(memory_mb), code="memory")
    log.warning("bounded parse of %s crashed in the child:\n%s", getattr(func, "__name__", func), value)
    raise FileRefused(crash_message(), code="crash")
