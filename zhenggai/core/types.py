"""Types the strictly checked modules share (mypy; docs/decisions/0009-layers.md).

``Viewer``: who asks, ``request.user`` behind ``login_required`` (every ``visible_*`` and ``can_*``
takes one; ``scope_for`` also answers, with nothing, for the anonymous user, which quacks alike). ``Actor``: who writes, recorded on the audit event (None: the system, a command).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Viewer: TypeAlias = "User"
Actor: TypeAlias = "User | None"
