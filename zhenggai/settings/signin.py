"""Sign-in settings (docs/signin.md): the second factor, directory sign-in (LDAP, OIDC), the
authentication back-ends, throttling and sessions. Star-imported by settings/base.py, so every
setting here is overridden in production.py and test.py like any other."""

from zhenggai.core.env import env_bool, env_int, env_str

# Second factor (docs/signin-2fa.md): roles (zhenggai.accounts.models.Role values, or "superuser")
# that must enrol a TOTP device; empty: optional for everyone. Production defaults to the office.
ZHENGGAI_OTP_REQUIRED_ROLES = env_str("ZHENGGAI_OTP_REQUIRED_ROLES", "")
OTP_TOTP_ISSUER = "整改台账"
# Directory sign-in (LDAP, OIDC): the TOML file of rules that map directory groups and attributes to
# units and roles (zhenggai/signin/directory_rules.py, docs/signin-directory.md); empty: none.
ZHENGGAI_DIRECTORY_RULES = env_str("ZHENGGAI_DIRECTORY_RULES", "")
# LDAP / Active Directory sign-in (zhenggai/signin/ldap/, docs/signin-directory.md): only when
# ZHENGGAI_LDAP_URI is set (ldap://host, ldaps://host, several separated by spaces) is the directory's
# backend used, after the local accounts' (a local superuser still signs in with the directory down).
ZHENGGAI_LDAP_URI = env_str("ZHENGGAI_LDAP_URI", "")
ZHENGGAI_LDAP_BIND_DN = env_str("ZHENGGAI_LDAP_BIND_DN", "")  # the service account; empty: anonymous
ZHENGGAI_LDAP_BIND_PASSWORD = env_str("ZHENGGAI_LDAP_BIND_PASSWORD", "")
ZHENGGAI_LDAP_USER_SEARCH_BASE = env_str("ZHENGGAI_LDAP_USER_SEARCH_BASE", "")
ZHENGGAI_LDAP_USER_FILTER = env_str(
    "ZHENGGAI_LDAP_USER_FILTER", "(uid=%(user)s)"
)  # AD: (sAMAccountName=%(user)s)
ZHENGGAI_LDAP_GROUP_SEARCH_BASE = env_str("ZHENGGAI_LDAP_GROUP_SEARCH_BASE", "")  # empty: memberOf only
ZHENGGAI_LDAP_GROUP_TYPE = env_str("ZHENGGAI_LDAP_GROUP_TYPE", "groupOfNames")
ZHENGGAI_LDAP_START_TLS = env_bool("ZHENGGAI_LDAP_START_TLS", False)
ZHENGGAI_LDAP_CA_FILE = env_str(
    "ZHENGGAI_LDAP_CA_FILE", ""
)  # PEM of the CA that signed the directory's certificate
ZHENGGAI_LDAP_TIMEOUT = env_int("ZHENGGAI_LDAP_TIMEOUT", 5)  # seconds, to connect and for each request
# the attribute that holds the full name (first_name); empty: not taken
ZHENGGAI_LDAP_ATTR_NAME = env_str("ZHENGGAI_LDAP_ATTR_NAME", "cn")
ZHENGGAI_LDAP_ATTR_EMAIL = env_str("ZHENGGAI_LDAP_ATTR_EMAIL", "mail")
# 统一身份认证 through OpenID Connect (docs/signin-directory.md): on with a client id and either the
# issuer (its endpoints read from its discovery document when first needed) or the endpoints; unset,
# nothing changes. ID tokens are signed (RS256 by default) and checked against the JWKS endpoint.
ZHENGGAI_OIDC_ISSUER = env_str("ZHENGGAI_OIDC_ISSUER", "")
ZHENGGAI_OIDC_AUTHORIZATION_ENDPOINT = env_str("ZHENGGAI_OIDC_AUTHORIZATION_ENDPOINT", "")
ZHENGGAI_OIDC_TOKEN_ENDPOINT = env_str("ZHENGGAI_OIDC_TOKEN_ENDPOINT", "")
ZHENGGAI_OIDC_USERINFO_ENDPOINT = env_str("ZHENGGAI_OIDC_USERINFO_ENDPOINT", "")
ZHENGGAI_OIDC_JWKS_URI = env_str("ZHENGGAI_OIDC_JWKS_URI", "")
ZHENGGAI_OIDC_END_SESSION_ENDPOINT = env_str("ZHENGGAI_OIDC_END_SESSION_ENDPOINT", "")
ZHENGGAI_OIDC_CLIENT_ID = env_str("ZHENGGAI_OIDC_CLIENT_ID", "")
ZHENGGAI_OIDC_CLIENT_SECRET = env_str("ZHENGGAI_OIDC_CLIENT_SECRET", "")
ZHENGGAI_OIDC_SCOPES = env_str("ZHENGGAI_OIDC_SCOPES", "openid profile email")
ZHENGGAI_OIDC_SIGN_ALGO = env_str("ZHENGGAI_OIDC_SIGN_ALGO", "RS256")
ZHENGGAI_OIDC_GROUPS_CLAIM = env_str("ZHENGGAI_OIDC_GROUPS_CLAIM", "groups")
ZHENGGAI_OIDC_USERNAME_CLAIM = env_str("ZHENGGAI_OIDC_USERNAME_CLAIM", "preferred_username")
ZHENGGAI_OIDC_BUTTON_LABEL = env_str("ZHENGGAI_OIDC_BUTTON_LABEL", "")  # empty: 统一身份认证登录
ZHENGGAI_OIDC_TIMEOUT = env_int("ZHENGGAI_OIDC_TIMEOUT", 10)  # seconds, each call to the provider
# a first sign-in whose username is a local account's: take that account over (else refused)
ZHENGGAI_OIDC_LINK_EXISTING = env_bool("ZHENGGAI_OIDC_LINK_EXISTING", False)
# log-out also ends the provider's session (RP-initiated logout at its end_session_endpoint)
ZHENGGAI_OIDC_PROVIDER_LOGOUT = env_bool("ZHENGGAI_OIDC_PROVIDER_LOGOUT", False)
# the throttle first (refuses a locked sign-in), local accounts next (a local superuser still signs in
# with the directory down), then the directory's
AUTHENTICATION_BACKENDS = [
    "zhenggai.signin.throttle.backends.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    *(["zhenggai.signin.ldap.backend.DirectoryBackend"] if ZHENGGAI_LDAP_URI else []),
    *(["zhenggai.signin.oidc.backend.OIDCBackend"] if ZHENGGAI_OIDC_CLIENT_ID else []),
]
# Sign-in throttling (django-axes, zhenggai/signin/throttle; docs/signin-sessions.md): this many
# failures for one account, or from one address, within the cool-off lock sign-in (the right password
# included) until the cool-off has passed since the last failure. Successes and failures are recorded.
ZHENGGAI_LOGIN_FAILURE_LIMIT = env_int("ZHENGGAI_LOGIN_FAILURE_LIMIT", 5)
ZHENGGAI_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("ZHENGGAI_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
ZHENGGAI_LOGIN_COOLOFF_MINUTES = env_int("ZHENGGAI_LOGIN_COOLOFF_MINUTES", 15)
AXES_HANDLER = "zhenggai.signin.throttle.handler.ThrottleHandler"
AXES_FAILURE_LIMIT = "zhenggai.signin.throttle.handler.account_limit"
AXES_COOLOFF_TIME = "zhenggai.signin.throttle.handler.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks (handler: the address's own limit)
AXES_LOCKOUT_CALLABLE = "zhenggai.signin.throttle.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "zhenggai.signin.addresses.throttle_address"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = False  # the handler clears the account's own failures, not its address's
AXES_ENABLE_ADMIN = False  # read and unlocked on /account/logins/ (audited)
# Sessions (docs/signin-sessions.md): signed out after this many minutes without a request (0: never)
# and this many hours after signing in, whatever the activity (the cookie's age too).
ZHENGGAI_SESSION_IDLE_MINUTES = env_int("ZHENGGAI_SESSION_IDLE_MINUTES", 30)
ZHENGGAI_SESSION_MAX_HOURS = env_int("ZHENGGAI_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = (ZHENGGAI_SESSION_MAX_HOURS or 24 * 14) * 3600
OTP_TOTP_THROTTLE_FACTOR = 1  # wrong codes: wait 1, 2, 4, … seconds (django-otp)
OTP_STATIC_THROTTLE_FACTOR = 1
