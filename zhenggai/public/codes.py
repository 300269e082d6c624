"""Tracking codes (查询码): 15 random Crockford base32 symbols (75 bits) and one Luhn mod 32 check.

Shown once as ``ABCD-EFGH-JKMN-PQRS``. The database keeps only a SHA-256 digest: a code cannot be
read back, and guessing one means guessing 75 random bits. Typing is forgiving: case, spaces,
hyphens, full-width characters and the look-alikes O→0, I/L→1 are normalised first; the check
symbol catches every single mistyped symbol and most swapped neighbours before the database is
asked anything meaningful.
"""

import hashlib
import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
RANDOM_LENGTH = 15
LENGTH = RANDOM_LENGTH + 1
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_DIGEST_PREFIX = "zhenggai.public.feedback-code:"


def _check_symbol(body: str) -> str:
    """Luhn mod N (N = 32) over the symbols, rightmost doubled first."""
    n = len(ALPHABET)
    total = 0
    factor = 2
    for char in reversed(body):
        addend = factor * _INDEX[char]
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + _check_symbol(body)


def normalize(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "").upper().translate(_LOOKALIKES)
    return "".join(c for c in text if c.isalnum())[:64]


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(c in _INDEX for c in code) and _check_symbol(code[:-1]) == code[-1]


def digest(code: str) -> str:
    return hashlib.sha256((_DIGEST_PREFIX + code).encode()).hexdigest()


def display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
