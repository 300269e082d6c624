"""Model fields for Chinese prose: stored with Chinese punctuation (``zhenggai.core.punctuation``).

The rule runs where the value goes to the database (``get_prep_value``), so every way of writing
normalises it: ``save()``, ``objects.create()``, and the services' ``QuerySet.update()`` that
carries an optimistic-lock version. ``pre_save`` also puts the stored form on the instance, so an
object just saved reads as the row does. Only prose the unit writes for its documents uses these
fields (problems, measures, progress, reviews, notices, meetings, 督办); names, addresses, file
names, the public's own words and the audit trail keep what was written.

To migrations they are Django's own ``CharField``/``TextField`` (``deconstruct``): the rule is not
a property of the schema, and a changed field class would make SQLite rebuild the tables, dropping
the triggers that guard the ledger's history.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from zhenggai.core.punctuation import normalise


class _ChineseProse:
    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)  # type: ignore[misc]
        return normalise(value) if isinstance(value, str) else value

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)  # type: ignore[misc]
        if isinstance(value, str):
            value = normalise(value)
            setattr(model_instance, self.attname, value)  # type: ignore[attr-defined]
        return value


class ChineseCharField(_ChineseProse, models.CharField):
    """A ``CharField`` whose text is stored with Chinese punctuation."""

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class ChineseTextField(_ChineseProse, models.TextField):
    """A ``TextField`` whose text is stored with Chinese punctuation."""

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs
