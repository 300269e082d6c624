"""django-axes' backend, first in AUTHENTICATION_BACKENDS: refuses a locked account or address
before any password is checked."""

from axes.backends import AxesStandaloneBackend


class ThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):  # type: ignore[no-untyped-def]
        """Without a request (a script's ``authenticate(username=…, password=…)``, the test
        client's ``login``) there is no address to count: nothing to throttle (axes would raise)."""
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
