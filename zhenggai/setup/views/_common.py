"""What the set-up views share: signed in and an administrator of something, else "not found"."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from zhenggai.core.errors import ServiceError
from zhenggai.core.forms import form_add_service_error
from zhenggai.setup import permissions


def setup_view(check=permissions.may_set_up):
    """``login_required``, then 404 for anyone who administers nothing of the kind: the set-up
    pages do not exist for them."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def attempt(form, call):
    """Run a service call; its refusal goes on the form. Returns the result or None."""
    try:
        return call()
    except ServiceError as error:
        form_add_service_error(form, error)
        return None
