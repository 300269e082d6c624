import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _public_settings(settings):
    """No 3-second wait unless a test asks for it; a clean cache for rendered downloads."""
    settings.ZHENGGAI_PUBLIC_CHALLENGE_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()
