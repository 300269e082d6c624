"""Putting a service's refusal on the form a person filled in."""

from zhenggai.core.errors import ServiceError


def form_add_service_error(form, error: ServiceError) -> None:
    """Field errors go on their fields (when the form has them); the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)
