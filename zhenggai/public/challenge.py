"""An offline, server-side challenge: a small sum in Chinese words, signed with the secret key.

The form carries a signed token holding a nonce, the question, the time it was issued and a keyed
hash of the answer (never the answer). On submission the token must be genuine, at least
``ZHENGGAI_PUBLIC_CHALLENGE_MIN_SECONDS`` old (a person reads and writes; a script posts at once)
and at most ``ZHENGGAI_PUBLIC_CHALLENGE_MAX_AGE`` old, and the answer must match. A solved token
is accepted once: its nonce is stored with the feedback (unique), so it cannot be replayed.
No outside service, no image, nothing that needs the internet.
"""

import secrets
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

_SALT = "zhenggai.public.challenge"
_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Challenge:
    token: str
    question: str


@dataclass(frozen=True)
class Solved:
    nonce: str


class ChallengeError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _words(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else _DIGITS[tens]}十{_DIGITS[ones] if ones else ''}"


def _mac(nonce: str, answer: int) -> str:
    return salted_hmac(_SALT, f"{nonce}:{answer}").hexdigest()[:24]


def challenge_issue() -> Challenge:
    a = secrets.randbelow(9) + 1
    b = secrets.randbelow(9) + 1
    kind = secrets.randbelow(3)
    if kind == 0:
        question, answer = f"{_words(a)}加{_words(b)}等于多少?", a + b
    elif kind == 1:
        a, b = max(a, b) + 1, min(a, b)
        question, answer = f"{_words(a)}减{_words(b)}等于多少?", a - b
    else:
        question, answer = f"{_words(a)}乘以{_words(b)}等于多少?", a * b
    nonce = secrets.token_hex(12)
    payload = {"n": nonce, "q": question, "t": int(time.time()), "h": _mac(nonce, answer)}
    return Challenge(token=signing.dumps(payload, salt=_SALT), question=question)


def parse_answer(raw: str) -> int | None:
    """``8``, ``８``, ``八``, ``十二``, ``二十七`` → the number; anything else → None."""
    text = unicodedata.normalize("NFKC", raw or "").strip().replace("两", "二")
    if text.isdigit() and len(text) <= 3:
        return int(text)
    if not text or any(c not in _DIGITS + "十" for c in text):
        return None
    if "十" not in text:
        return int("".join(str(_DIGITS.index(c)) for c in text)) if len(text) <= 2 else None
    tens, _sep, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(ones) if ones else 0)


def question_of(token: str) -> str | None:
    """The question of a genuine token (to show the same one again), else None."""
    try:
        return signing.loads(token, salt=_SALT)["q"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


def challenge_check(token: str, raw_answer: str) -> Solved:
    try:
        payload = signing.loads(token or "", salt=_SALT)
        nonce, issued, expected = str(payload["n"]), int(payload["t"]), str(payload["h"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ChallengeError("invalid", _("验证信息无效,请重新作答验证题后再提交。")) from None
    age = time.time() - issued
    max_age = settings.ZHENGGAI_PUBLIC_CHALLENGE_MAX_AGE
    if age > max_age:
        raise ChallengeError(
            "expired",
            _("验证题已过期(超过%(minutes)d分钟),请重新作答后再提交。您填写的内容已保留。")
            % {"minutes": max_age // 60},
        )
    if age < settings.ZHENGGAI_PUBLIC_CHALLENGE_MIN_SECONDS:
        raise ChallengeError(
            "too_fast",
            _("提交过快(距打开页面不足%(seconds)d秒)。请核对内容后再次提交。")
            % {"seconds": settings.ZHENGGAI_PUBLIC_CHALLENGE_MIN_SECONDS},
        )
    answer = parse_answer(raw_answer)
    if answer is None or not constant_time_compare(_mac(nonce, answer), expected):
        raise ChallengeError("wrong", _("验证题答案不正确,请重新计算后填写(填写数字即可)。"))
    return Solved(nonce=nonce)
