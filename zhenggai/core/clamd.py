"""A small client for clamd (ClamAV's daemon): its INSTREAM command over a UNIX or TCP socket.

The operator switches scanning on with ZHENGGAI_CLAMD (``unix:///run/clamav/clamd.ctl`` or
``tcp://127.0.0.1:3310``). The protocol: send ``zINSTREAM\\0``, then the file as chunks each
preceded by its length (4 bytes, network order), then a zero length; clamd answers
``stream: OK`` or ``stream: <signature> FOUND`` (or ``... ERROR``), NUL-terminated.
No dependency beyond the socket module.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from urllib.parse import urlsplit

CHUNK = 64 * 1024
_MAX_REPLY = 4096


class ScannerUnavailable(Exception):
    """clamd could not be reached or did not give a verdict; the upload must be refused."""


def _connect(address: str, timeout: float) -> socket.socket:
    parts = urlsplit(address)
    if parts.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        target: object = parts.path
    elif parts.scheme == "tcp":
        if not parts.hostname or not parts.port:
            raise ScannerUnavailable(f"bad clamd address {address!r}: tcp://HOST:PORT")
        sock = socket.socket(socket.AF_INET6 if ":" in parts.hostname else socket.AF_INET, socket.SOCK_STREAM)
        target = (parts.hostname, parts.port)
    else:
        raise ScannerUnavailable(f"bad clamd address {address!r}: unix:///PATH or tcp://HOST:PORT")
    sock.settimeout(timeout)
    try:
        sock.connect(target)
    except OSError as exc:
        sock.close()
        raise ScannerUnavailable(f"clamd at {address} unreachable: {exc}") from exc
    return sock


def _reply(sock: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\0") and len(data) < _MAX_REPLY:
        piece = sock.recv(1024)
        if not piece:
            break
        data += piece
    return data.rstrip(b"\0").decode("utf-8", "replace").strip()


def clamd_instream(chunks: Iterable[bytes], *, address: str, timeout: float) -> str | None:
    """Stream the bytes to clamd; None when clean, else the signature it found.

    Raises :class:`ScannerUnavailable` when clamd is down, times out or answers with an error
    (e.g. past its StreamMaxLength): the caller fails closed.
    """
    sock = _connect(address, timeout)
    try:
        sock.sendall(b"zINSTREAM\0")
        for chunk in chunks:
            for start in range(0, len(chunk), CHUNK):
                piece = chunk[start : start + CHUNK]
                sock.sendall(struct.pack("!L", len(piece)) + piece)
        sock.sendall(struct.pack("!L", 0))
        answer = _reply(sock)
    except OSError as exc:  # includes socket.timeout; clamd may also close early past its limit
        raise ScannerUnavailable(f"clamd at {address} failed: {exc}") from exc
    finally:
        sock.close()
    verdict = answer.removeprefix("stream:").strip()
    if verdict == "OK":
        return None
    if verdict.endswith("FOUND"):
        return verdict.removesuffix("FOUND").strip() or "unknown"
    raise ScannerUnavailable(f"clamd at {address} answered {answer!r}")


def clamd_ping(*, address: str, timeout: float) -> bool:
    try:
        sock = _connect(address, timeout)
    except ScannerUnavailable:
        return False
    try:
        sock.sendall(b"zPING\0")
        return _reply(sock) == "PONG"
    except OSError:
        return False
    finally:
        sock.close()
