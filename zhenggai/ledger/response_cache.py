"""Whole responses of the busiest reads, kept under the revisions the database keeps for each
inspection (``zhenggai.ledger.revisions``): an inspection's ledger, a problem's page, the API's
lists of an inspection's problems and of a problem's measures.

A view checks access first, as always (``get_problem_for_user`` …: a forged id is a 404 before any
cache is looked at), then hands ``cached`` the inspection and a function that renders the response.
The key holds everything a response depends on besides the inspection's rows:

* the inspection's revision and the revision of what every page shows (names, units, policies),
  read from the database on every request, so a committed change retires the old entries at once;
* who asks (user, roles and units: what they may see and do), the CSRF cookie the page's forms
  carry, the language, today's date (the lights turn at midnight), the unread notifications in the
  header, the full path with its query, and the release: code, templates, catalogues, static
  manifest and settings (a new release or configuration renders anew).

Nothing is cached inside a transaction (a deferred revision is not visible there yet), for a page
with messages waiting to be shown or asked for without a CSRF cookie (rendering it sets one), or
when ``ZHENGGAI_RESPONSE_CACHE`` is off. Only 200 responses are kept; entries expire after
``ZHENGGAI_RESPONSE_CACHE_SECONDS`` to free space, never to be correct. Responses carry
``X-Zhenggai-Cache: hit`` or ``miss`` (``bypass`` when not cached).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone, translation

from zhenggai.accounts.scope import memberships_of
from zhenggai.ledger.revisions import revision_of_everything, revisions

T = TypeVar("T")

HEADER = "X-Zhenggai-Cache"
# What a page's header shows of the user's own (the unread notifications, the open tasks): the apps
# above the ledger that draw it register a function of the user at start-up (``SupervisionConfig``,
# ``WorkbenchConfig``), so the key holds it without the ledger importing them.
HEADER_COUNTS: list[Callable[..., str]] = []


def header_count(count: Callable[..., str]) -> Callable[..., str]:
    """Register ``count(user) -> str`` as part of every page's key (once per function)."""
    if count not in HEADER_COUNTS:
        HEADER_COUNTS.append(count)
    return count


ALIAS = "responses"


def cached(
    request: HttpRequest, inspection_id: int, render: Callable[[], HttpResponse], *, page: bool
) -> HttpResponse:
    """The response ``render`` would give, from the cache when the inspection has not changed since.

    ``page``: an HTML page (its header shows the unread notifications and any messages), else an API
    answer (cached only as JSON)."""
    key = _key(request, inspection_id, page=page)
    if key is None:
        response = render()
        response[HEADER] = "bypass"
        return response
    store = caches[ALIAS]
    hit = store.get(key)
    if hit is not None:
        content, content_type = hit
        response = HttpResponse(content, content_type=content_type)
        response[HEADER] = "hit"
        return response
    response = render()
    response[HEADER] = "miss"
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.add_post_render_callback(lambda rendered: _keep(store, key, rendered))
    else:
        _keep(store, key, response)
    return response


def _keep(store, key: str, response: HttpResponse) -> None:
    if response.status_code == 200 and not response.streaming and not response.cookies:
        store.set(key, (response.content, response["Content-Type"]))


def _usable() -> bool:
    """Switched on, and outside a transaction (where a deferred revision is not visible yet)."""
    return settings.ZHENGGAI_RESPONSE_CACHE and not connection.in_atomic_block


def _key(request: HttpRequest, inspection_id: int, *, page: bool) -> str | None:
    if not _usable() or request.method != "GET":
        return None
    if page and (
        len(messages.get_messages(request))  # counting does not mark them as shown
        or not request.COOKIES.get(settings.CSRF_COOKIE_NAME)  # the page's forms would set it
    ):
        return None
    if not page and getattr(getattr(request, "accepted_renderer", None), "format", None) != "json":
        return None  # the browsable API: rendered each time
    parts = [
        _release(),
        request.get_full_path(),
        viewer(request.user),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        str(revisions(connection, inspection_id)),
    ]
    if page:
        parts += [
            request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
            *(count(request.user) for count in HEADER_COUNTS),  # unread notifications, open tasks
        ]
    return _digest("r", parts)


def cached_value(name: str, user, parts: list[str], compute: Callable[[], T]) -> T:
    """``compute()``, kept while what every page shows (names, units, rounds, groups, which
    inspections there are and where) is unchanged: for values read from those alone, for the user
    as their roles and units see them (the lists' filter choices). Computed afresh inside a
    transaction or with ``ZHENGGAI_RESPONSE_CACHE`` off."""
    if not _usable():
        return compute()
    key = _digest(name, [_release(), viewer(user), *parts, str(revision_of_everything(connection))])
    store = caches[ALIAS]
    value = store.get(key)
    if value is None:
        value = compute()
        store.set(key, value)
    return value


def viewer(user) -> str:
    """Who asks, as far as what they may see and do goes: the user and their roles and units."""
    memberships = sorted(
        (m.pk, m.role, m.unit_id, m.unit.path, m.is_first_responsible) for m in memberships_of(user)
    )
    return str((user.pk, user.is_superuser, user.is_staff, memberships))


def _digest(name: str, parts: list[str]) -> str:
    return f"{name}:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@lru_cache(maxsize=1)
def _release() -> str:
    """The code, templates, translations, static manifest and settings this process renders with:
    a new release (or a changed template or setting) does not serve pages rendered by the old one."""
    try:
        release = version("zhenggai")
    except PackageNotFoundError:  # pragma: no cover - run from a checkout without installing
        release = "0"
    package = Path(__file__).resolve().parent.parent
    newest = 0.0
    for folder, _dirs, files in os.walk(package):
        for name in files:
            if name.endswith((".py", ".html", ".mo", ".txt", ".json")):
                newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime)
    manifest = Path(settings.STATIC_ROOT or ".") / "staticfiles.json"
    if manifest.is_file():
        newest = max(newest, manifest.stat().st_mtime)
    # and the settings pages are drawn with (escalation days, limits, time zone…): a restart with new
    # ones does not serve pages drawn with the old
    configured = sorted(
        (name, repr(getattr(settings, name)))
        for name in dir(settings)
        if name.startswith(("ZHENGGAI_", "EVIDENCE_")) or name in ("TIME_ZONE", "LANGUAGE_CODE", "STATIC_URL")
    )
    digest = hashlib.sha256(repr(configured).encode()).hexdigest()[:16]
    return f"{release}:{newest:.0f}:{digest}"
