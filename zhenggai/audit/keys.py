"""The secret that keys the audit chain, and the keyed hashes it makes (docs/security/audit-trail.md).

Each event's hash is an HMAC of its canonical form under a key kept *outside* the database, so
someone who can rewrite the tables cannot recompute a chain that verifies. Two algorithms:

- ``hmac-sha256`` (default);
- ``hmac-sm3`` for deployments under 密评/国密 rules: HMAC (RFC 2104) over SM3 (GB/T 32905-2016).
  OpenSSL's SM3 is used when the Python build offers it (fast); otherwise the pure-Python SM3 of
  ``gmssl`` with our own RFC 2104 construction (64-byte block), which is tested against OpenSSL
  and the standard's test vectors.

The key comes from ``ZHENGGAI_AUDIT_KEY`` (the text itself) or ``ZHENGGAI_AUDIT_KEY_FILE`` (a file
holding it). Without either, development, test and demo installs generate one into
``var/audit.key``; production does not (``ZHENGGAI_AUDIT_KEY_GENERATE`` is off there) and the system
check ``audit.E001`` stops ``migrate``, ``runserver`` and ``check``; ``audit_record`` refuses to
write. Every event and the chain head record the algorithm and the key's id (an HMAC of a fixed
text under the key: it names the key without revealing it), so ``verify`` can tell "wrong key"
from "altered row".
"""

import functools
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ALGORITHMS = ("hmac-sha256", "hmac-sm3")
LEGACY_ALGORITHM = "sha256"  # the unkeyed chain written before canonical version 2
MIN_KEY_BYTES = 32
_BLOCK = 64  # SHA-256 and SM3 both take 64-byte blocks


# SM3 ------------------------------------------------------------------------------------------


def _openssl_sm3() -> bool:
    try:
        hashlib.new("sm3", b"")
    except ValueError:
        return False
    return True


def sm3_gmssl(data: bytes) -> bytes:
    """SM3 digest by gmssl (pure Python, slow: about 100 hashes a second of a few hundred bytes)."""
    from gmssl import sm3

    return bytes.fromhex(sm3.sm3_hash(list(data)))


def hmac_sm3_gmssl(key: bytes, message: bytes) -> bytes:
    """HMAC-SM3 per RFC 2104: H((K ^ opad) || H((K ^ ipad) || m)), K padded to SM3's 64-byte block
    (a longer key is hashed first)."""
    if len(key) > _BLOCK:
        key = sm3_gmssl(key)
    key = key.ljust(_BLOCK, b"\0")
    inner = sm3_gmssl(bytes(b ^ 0x36 for b in key) + message)
    return sm3_gmssl(bytes(b ^ 0x5C for b in key) + inner)


@functools.cache
def _sm3_backend():
    if _openssl_sm3():
        return lambda key, message: hmac.new(key, message, "sm3").digest()
    return hmac_sm3_gmssl


def keyed_digest(algorithm: str, key: bytes, message: bytes) -> str:
    """Hex HMAC of ``message`` under ``key`` with ``algorithm`` (one of ``ALGORITHMS``)."""
    if algorithm == "hmac-sha256":
        return hmac.new(key, message, hashlib.sha256).hexdigest()
    if algorithm == "hmac-sm3":
        return _sm3_backend()(key, message).hex()
    raise ValueError(f"unknown audit algorithm: {algorithm!r}")


# The key --------------------------------------------------------------------------------------


class AuditKeyMissing(ImproperlyConfigured):
    """No key is configured and this install may not generate one (production)."""


@dataclass(frozen=True)
class AuditKey:
    secret: bytes
    algorithm: str  # the algorithm new events are written with
    key_id: str
    source: str  # where it came from, for messages: a setting, a file path

    def digest(self, message: bytes, algorithm: str | None = None) -> str:
        return keyed_digest(algorithm or self.algorithm, self.secret, message)


def key_id_of(secret: bytes) -> str:
    """16 hex digits that name a key without revealing it."""
    return hmac.new(secret, b"zhenggai audit key id", hashlib.sha256).hexdigest()[:16]


def generated_key_path() -> Path:
    return Path(settings.VAR_DIR) / "audit.key"


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes().strip()
    except OSError as error:
        raise AuditKeyMissing(f"cannot read the audit key file {path}: {error.strerror}") from None


def _generate(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made by an earlier run, or by another process just now
        return _read_file(path)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return _read_file(path)


@functools.lru_cache(maxsize=8)
def _load(text: str, file: str, generate: bool, generated: str, algorithm: str) -> AuditKey:
    if algorithm not in ALGORITHMS:
        raise ImproperlyConfigured(
            f"ZHENGGAI_AUDIT_ALGORITHM must be one of {', '.join(ALGORITHMS)}, not {algorithm!r}"
        )
    if text:
        secret, source = text.encode("utf-8"), "ZHENGGAI_AUDIT_KEY"
    elif file:
        secret, source = _read_file(Path(file)), file
    elif generate:  # development, test, demo: var/audit.key, made on first use
        secret, source = _generate(Path(generated)), generated
    else:
        raise AuditKeyMissing("no audit key: set ZHENGGAI_AUDIT_KEY or ZHENGGAI_AUDIT_KEY_FILE")
    if len(secret) < MIN_KEY_BYTES:
        raise ImproperlyConfigured(f"the audit key ({source}) must be at least {MIN_KEY_BYTES} bytes long")
    return AuditKey(secret=secret, algorithm=algorithm, key_id=key_id_of(secret), source=source)


def audit_key() -> AuditKey:
    """The configured key (raises ``ImproperlyConfigured`` when there is none or it is unusable)."""
    return _load(
        settings.ZHENGGAI_AUDIT_KEY,
        settings.ZHENGGAI_AUDIT_KEY_FILE,
        settings.ZHENGGAI_AUDIT_KEY_GENERATE,
        str(generated_key_path()),
        settings.ZHENGGAI_AUDIT_ALGORITHM,
    )
