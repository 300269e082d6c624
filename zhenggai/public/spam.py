"""Signals that a feedback submission is a script's, besides the arithmetic question (challenge.py),
which a regular expression solves and so is only one signal among these:

* rate per client address and per browser session (ratelimit.submit_limits), counted on every
  attempt, and per notice (or unit, from a unit page) counted on submissions that passed every other
  check (so refused attempts cannot close a notice to others), so a flood
  aimed at one notice from many addresses stops too;
* a minimum fill time: the challenge's signed timestamp must be ``ZHENGGAI_PUBLIC_CHALLENGE_MIN_SECONDS``
  old (challenge.challenge_check);
* a honeypot field people never see (forms.HONEYPOT);
* the same text again within ``ZHENGGAI_PUBLIC_DUPLICATE_HOURS``, anywhere on the site, compared after
  case, width, spacing and punctuation are taken out (a copy pasted to every notice, or re-sent).

A submission judged spam is refused with a polite Chinese message and the form as typed; nothing is
stored (docs/public.md says why refusing rather than holding for review).
"""

import datetime as dt
import hashlib
import unicodedata

from django.conf import settings
from django.utils import timezone


def message_digest(text: str) -> str:
    """The same digest for texts that differ only in case, full/half width, spacing or punctuation."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    kept = "".join(c for c in folded if not unicodedata.category(c).startswith(("P", "Z", "C", "S")))
    return hashlib.sha256(kept.encode()).hexdigest()


def duplicate_window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=settings.ZHENGGAI_PUBLIC_DUPLICATE_HOURS)
