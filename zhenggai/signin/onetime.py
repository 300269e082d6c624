"""One-time passwords: what a new account (or one whose password was reset by an administrator)
starts with. Shown once to whoever set it, never stored in clear; the account must set its own at
its first sign-in (``AccountState.must_change_password``, enforced by the sign-in middleware)."""

import secrets

from django.db import transaction

from zhenggai.signin.models import AccountState

# No 0/O, 1/l/I: read aloud over the phone or copied from a slip of paper.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
ONE_TIME_LENGTH = 14


def new_one_time_password() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(ONE_TIME_LENGTH))


@transaction.atomic
def issue_one_time_password(user) -> str:  # type: ignore[no-untyped-def]
    """Give ``user`` a fresh random password that must be changed at the next sign-in; returns it
    (the only time it exists in clear)."""
    password = new_one_time_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    AccountState.objects.update_or_create(user=user, defaults={"must_change_password": True})
    return password


def must_change_password(user) -> bool:  # type: ignore[no-untyped-def]
    if not getattr(user, "is_authenticated", False):
        return False
    return AccountState.objects.filter(user=user, must_change_password=True).exists()
