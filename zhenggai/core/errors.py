"""Errors raised by services. Messages are user-facing and in Chinese (translatable)."""

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A rule of the domain refused the request; the message says which, for a person."""


class NotFound(Exception):
    """The object does not exist *or* the user may not see it: the two look the same."""


class ConcurrentEdit(ServiceError):
    """Someone else saved the same object since this user loaded it."""
