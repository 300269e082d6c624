"""The audit trail in the reader's words, at display time only.

Events store what was written: field names (``kind``, ``responsible_office_id``), raw values
(``immediate``), ids. The stored events stay so (they are hashed, ADR 0002); this module turns
them, for the pages, into the models' labels (整改类型), choice labels (立行立改), names of offices
and people, and the actor's display name, in the active language.

``trail_rows(events)`` reads the names of every id on the page with one query per related model,
whatever the number of events.
"""

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

# Keys some events carry that are no model field.
EXTRA_LABELS = {
    "refused_file": _("被拒绝的文件"),
    "virus": _("病毒特征"),
    "export": _("导出内容"),
    "message_chars": _("留言字数"),
    "problem_label": _("所涉问题"),
}

EMPTY = "—"


@dataclass(frozen=True)
class ChangeRow:
    name: str  # the stored key, for the page's markup and tests
    label: str
    before: str
    after: str


@dataclass
class TrailRow:
    event: Any
    actor: str
    changes: list[ChangeRow] = field(default_factory=list)

    def __getattr__(self, name):  # the template reads the event's own fields through the row
        if name == "event":
            raise AttributeError(name)
        return getattr(self.event, name)


def user_display(user) -> str:
    return (user.first_name or user.username) if user is not None else ""


def _model_of(event) -> type[models.Model] | None:
    try:
        return apps.get_model(event.object_type) if event.object_type else None
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        f = model._meta.get_field(name)  # also finds a foreign key by its ``_id`` name
    except FieldDoesNotExist:
        return None
    return f if getattr(f, "concrete", False) else None  # not a reverse relation of the same name


def _name_of(obj) -> str:
    if obj is None:
        return ""
    if isinstance(obj, get_user_model()):
        return user_display(obj)
    return str(obj)


def _related_names(events, fields_of) -> dict[type[models.Model], dict[str, str]]:
    """{related model: {str(id): name}} for every foreign-key value on the page."""
    wanted: dict[type[models.Model], set] = {}
    for event in events:
        for key, pair in (event.changes or {}).items():
            f = fields_of(event, key)
            if isinstance(f, models.ForeignKey) and isinstance(pair, list | tuple):
                for value in pair:
                    if value not in (None, ""):
                        wanted.setdefault(f.related_model, set()).add(value)
    names = {}
    for model, ids in wanted.items():
        manager = getattr(model, "all_objects", None) or model._default_manager
        names[model] = {str(obj.pk): _name_of(obj) for obj in manager.filter(pk__in=list(ids))}
    return names


def _value(f, value, names) -> str:
    if value is None or value == "":
        return EMPTY
    if f is not None and f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        return names.get(f.related_model, {}).get(str(value)) or f"#{value}"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(f, models.DateTimeField) and isinstance(value, str):
        return value[:16].replace("T", " ")
    return str(value)


def _label(f, key: str) -> str:
    if f is not None:
        return str(f.verbose_name)
    return str(EXTRA_LABELS.get(key, key))


def trail_rows(events) -> list[TrailRow]:
    """The events as the page shows them (the events' actors selected with them)."""
    events = list(events)
    cache: dict[tuple[str, str], Any] = {}

    def fields_of(event, key):
        index = (event.object_type, key)
        if index not in cache:
            cache[index] = _field(_model_of(event), key)
        return cache[index]

    names = _related_names(events, fields_of)
    rows = []
    for event in events:
        row = TrailRow(event=event, actor=user_display(event.actor) or event.actor_label or EMPTY)
        for key, pair in (event.changes or {}).items():
            f = fields_of(event, key)
            before, after = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
            row.changes.append(
                ChangeRow(
                    name=key,
                    label=_label(f, key),
                    before=_value(f, before, names),
                    after=_value(f, after, names),
                )
            )
        rows.append(row)
    return rows
