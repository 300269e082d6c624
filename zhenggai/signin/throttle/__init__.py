"""Sign-in throttling with django-axes (docs/signin-sessions.md): after
ZHENGGAI_LOGIN_FAILURE_LIMIT failures for one account, or ZHENGGAI_LOGIN_ADDRESS_FAILURE_LIMIT
from one address, sign-in is refused for ZHENGGAI_LOGIN_COOLOFF_MINUTES (a 429 page in Chinese), the
right password included; every success and failure is recorded and read on /account/logins/."""
