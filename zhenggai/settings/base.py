"""Complete settings for every environment; test.py and production.py only adjust."""

from email.utils import getaddresses
from pathlib import Path

import dj_database_url

from zhenggai.core.env import env_bool, env_int, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("ZHENGGAI_VAR_DIR", str(PROJECT_DIR / "var")))

# The development key: anyone with the repository has it (public-form tokens, sessions and password
# reset links are signed with SECRET_KEY), so production refuses it (settings/production.py).
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_str("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "django_otp",  # second factor (docs/signin-2fa.md)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",  # sign-in throttling and records (docs/signin-sessions.md)
    "zhenggai.core",
    "zhenggai.accounts",
    "zhenggai.signin",
    "zhenggai.signin.oidc",  # 统一身份认证 (OpenID Connect): who an account is at the provider
    "zhenggai.audit",
    "zhenggai.inspections",
    "zhenggai.ledger",
    "zhenggai.documents",
    "zhenggai.jobs",
    "zhenggai.notices",
    "zhenggai.web",
    "zhenggai.public",
    "zhenggai.intake_ui",
    "zhenggai.supervision",
    "zhenggai.dashboards",
    "zhenggai.api",
    "zhenggai.backup",  # `zhenggai backup` / `zhenggai restore` (no models)
    "zhenggai.search",
    "zhenggai.workbench",
    "zhenggai.setup",  # /setup/: rounds, groups, inspections, units, people (docs/setup.md)
    "zhenggai.synth",  # `zhenggai synth`: synthetic data for benchmarks (no models)
    "zhenggai.ops",  # `zhenggai serve`, /healthz, /metrics, request ids, JSON logs (no models)
    "zhenggai.demo",  # `zhenggai demo` / `zhenggai seed_demo`: the founding notice as demo data (no models)
]

MIDDLEWARE = [
    "zhenggai.ops.requestid.RequestIdMiddleware",  # first: every log line of the request carries its id
    "zhenggai.ops.metrics.MetricsMiddleware",  # before WhiteNoise, so static files are timed too
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhenggai.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "zhenggai.signin.totp.middleware.SecondFactorMiddleware",  # verify or enrol first (docs/signin-2fa.md)
    "zhenggai.signin.password.middleware.MustChangePasswordMiddleware",  # then replace a one-time password
    "zhenggai.core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # idle and absolute session limits (docs/signin-sessions.md); after messages: its message outlives the sign-out
    "zhenggai.signin.sessions.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhenggai.core.middleware.BusyMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the 429 page
]

ROOT_URLCONF = "zhenggai.urls"

# Content-Security-Policy (django-csp 4): everything from this server, no inline script, style or
# event handler anywhere (tests/web/test_csp.py scans the templates; the browser tests watch for
# violations), no plugins, no framing, forms post only here. docs/security/web.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
WSGI_APPLICATION = "zhenggai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zhenggai.web.context.limits",
                "zhenggai.supervision.context.notifications",
                "zhenggai.workbench.context.tasks",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhenggai.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool("ZHENGGAI_DB_PREPARED", True):
    # PostgreSQL spends more time planning this application's small queries than running them
    # (problem page: 5 ms planning, 1 ms execution). Parameters bound on the server let psycopg
    # prepare a statement after its PREPARE_AFTER-th use on a connection, so persistent
    # connections (DATABASE_CONN_MAX_AGE) plan each query once. Off behind a connection pooler
    # in transaction mode that does not keep prepared statements (PgBouncer before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": env_int("ZHENGGAI_DB_PREPARE_AFTER", 2)}
    )
_RANDOM_PAGE_COST = env_str("ZHENGGAI_DB_RANDOM_PAGE_COST", "1.1")
if DATABASES["default"]["ENGINE"].endswith("postgresql") and _RANDOM_PAGE_COST:
    # The planner's default cost of a random page read (4, against 1 for a sequential one) is
    # made for spinning disks. On SSDs, with the hot tables in memory, it makes PostgreSQL
    # hash-join all 40,000 problems of a province to reach the 1,000 close-outs awaiting a
    # decision instead of looking each one up (workbench: 42 ms → 9 ms; docs/workbench.md). Sent as
    # a start-up option of each connection (no round trip); empty to leave the server's setting.
    # Behind PgBouncer, list ``options`` in its ignore_startup_parameters or set it on the server.
    # Added to the URL's own start-up options (?options=, currentSchema), which are kept.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c random_page_cost={float(_RANDOM_PAGE_COST):g}".strip()
    )
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers take the lock when their transaction starts, so concurrent requests queue instead of
    # failing half-way with "database is locked"; WAL lets readers go on while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
if DATABASES["default"]["ENGINE"].endswith("mysql"):
    # MySQL/MariaDB (docs/databases.md): four-byte UTF-8 (every Chinese character, not only the
    # BMP), strict mode (a too-long or invalid value is an error, not silently cut or zeroed), and a
    # binary, no-pad collation, so that text is unique and sorted by code point with trailing spaces
    # significant, as on PostgreSQL (C.UTF-8) and SQLite. The test database is made with it; the
    # operator creates a production database the same way (CHARACTER SET utf8mb4 COLLATE
    # utf8mb4_nopad_bin; utf8mb4_0900_bin on MySQL 8, with ZHENGGAI_MYSQL_COLLATION). The
    # connection keeps the server's default: MariaDB's JSON columns are utf8mb4_bin, and a JSON
    # comparison with a nopad_bin connection is an "illegal mix of collations"; raw SQL that
    # compares computed text with a column names MYSQL_COLLATION (zhenggai.audit.ledger_check).
    # zhenggai.core.mysql lowers both sides of the case-insensitive lookups, which a
    # case-insensitive collation would otherwise do.
    MYSQL_COLLATION = env_str("ZHENGGAI_MYSQL_COLLATION", "utf8mb4_nopad_bin")
    DATABASES["default"]["ENGINE"] = "zhenggai.core.mysql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "charset": "utf8mb4",
            "init_command": "SET sql_mode = 'STRICT_ALL_TABLES,ONLY_FULL_GROUP_BY,NO_ZERO_DATE,"
            "NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
            "isolation_level": "read committed",
        }
    )
    DATABASES["default"]["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": MYSQL_COLLATION}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Checked whenever a password is set through a form or `changepassword`, with Chinese messages (the
# length rule is ours, zhenggai/accounts/passwords.py; the others are Django's, from its zh_Hans
# catalogue): at least 10 characters, not one of the 20,000 common passwords, not like the account's
# name or e-mail, not only digits.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "zhenggai.accounts.passwords.ChineseMinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("ZHENGGAI_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "zhenggai.web.errors.csrf_failure"  # Chinese, in the site's layout
LOGIN_URL = "login"
PASSWORD_RESET_TIMEOUT = 2 * 3600  # a reset link by mail works for two hours, once
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("ZHENGGAI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("ZHENGGAI_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# `zhenggai backup` / `restore` on PostgreSQL: where pg_dump and pg_restore are (empty: PATH), e.g.
# /usr/lib/postgresql/16/bin; their major version must not be below the server's (docs/security/backup.md).
ZHENGGAI_PG_BIN_DIR = env_str("ZHENGGAI_PG_BIN_DIR", "")

# Evidence files (佐证材料): size cap and allowed types. A larger upload is refused
# before it is written anywhere; the limit is per file.
EVIDENCE_MAX_BYTES = env_int("ZHENGGAI_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
# PDF renders running at once on this machine (all processes), and how long a request waits for
# one to finish before it is answered 503 (docs/decisions/0005-who-composes-documents.md).
ZHENGGAI_PDF_RENDERS = env_int("ZHENGGAI_PDF_RENDERS", 2)
ZHENGGAI_PDF_RENDER_WAIT = env_int("ZHENGGAI_PDF_RENDER_WAIT", 20)  # seconds
EVIDENCE_ALLOWED_EXTENSIONS = env_str(
    "ZHENGGAI_EVIDENCE_EXTENSIONS",
    "pdf,doc,docx,xls,xlsx,wps,et,ofd,jpg,jpeg,png,txt,zip",
).split(",")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Every file the product opens (notice DOCX/HTML/TXT, ledger XLSX) is parsed in a child process
# bounded in time and memory, after its zip members are checked (docs/security/files.md).
ZHENGGAI_PARSE_TIMEOUT = env_int("ZHENGGAI_PARSE_TIMEOUT", 30)
ZHENGGAI_PARSE_MEMORY_MB = env_int("ZHENGGAI_PARSE_MEMORY_MB", 512)
ZHENGGAI_ARCHIVE_MAX_RATIO = env_int("ZHENGGAI_ARCHIVE_MAX_RATIO", 200)
ZHENGGAI_IMPORT_PREVIEW_HOURS = env_int("ZHENGGAI_IMPORT_PREVIEW_HOURS", 24)
# Antivirus for evidence: unix:///run/clamav/clamd.ctl or tcp://127.0.0.1:3310; empty = off.
ZHENGGAI_CLAMD = env_str("ZHENGGAI_CLAMD", "")
ZHENGGAI_CLAMD_TIMEOUT = env_int("ZHENGGAI_CLAMD_TIMEOUT", 30)
FILE_UPLOAD_HANDLERS = [
    "zhenggai.core.uploads.EvidenceSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "zhenggai.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
# drf-spectacular warns when several choice sets share a field name ("status", "outcome"): the
# generated names are stable, and the committed docs/openapi.yaml is compared with a fresh
# generation by tests/api/test_schema.py, so a rename still shows in review.
SILENCED_SYSTEM_CHECKS = ["drf_spectacular.W001"]
# Sign-in: the second factor, LDAP and OIDC, the back-ends, throttling, sessions (docs/signin.md).
from zhenggai.settings.signin import *  # noqa: E402, F403

# Personal API tokens expire this many days after they are made (docs/security/web.md).
ZHENGGAI_API_TOKEN_DAYS = env_int("ZHENGGAI_API_TOKEN_DAYS", 180)
SPECTACULAR_SETTINGS = {"TITLE": "Zhenggai 整改 API", "VERSION": "1"}

# Supervision reminders (docs/supervision.md): e-mail over SMTP, group robots, Celery.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "zhenggai@localhost")
ZHENGGAI_SITE_URL = env_str("ZHENGGAI_SITE_URL", "http://127.0.0.1:8000")  # links in e-mails and robots
ZHENGGAI_REMINDER_TIME = env_str("ZHENGGAI_REMINDER_TIME", "08:00")  # local time, daily
ZHENGGAI_ESCALATE_LEADER_DAYS = env_int("ZHENGGAI_ESCALATE_LEADER_DAYS", 7)
ZHENGGAI_ESCALATE_OFFICE_DAYS = env_int("ZHENGGAI_ESCALATE_OFFICE_DAYS", 30)
ZHENGGAI_WEBHOOK_TIMEOUT = env_int("ZHENGGAI_WEBHOOK_TIMEOUT", 5)  # seconds
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "zhenggai")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-run leaves the task queued (the run is idempotent)

# A shared cache for several app servers or workers (e.g. redis://127.0.0.1:6379/1): sessions are then
# read from it and written through to the database (cached_db), sparing a query on every request.
# Unset: each process has its own memory cache, and sessions live in the database alone.
ZHENGGAI_CACHE_URL = env_str("ZHENGGAI_CACHE_URL", "")

# Whole responses of the busiest reads (an inspection's ledger, a problem's page, the API's lists of
# an inspection's problems and of a problem's measures), kept under the revisions the database keeps
# for each inspection (ledger.revisions) with the viewer, the day and the language in the key, so a
# change retires them at once (docs/decisions/0004-response-cache.md). Entries only expire to free
# space. In the shared cache when there is one, else in each process's memory (bounded).
ZHENGGAI_RESPONSE_CACHE = env_bool("ZHENGGAI_RESPONSE_CACHE", True)
_RESPONSE_SECONDS = env_int("ZHENGGAI_RESPONSE_CACHE_SECONDS", 900)
if ZHENGGAI_CACHE_URL:
    _REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": ZHENGGAI_CACHE_URL}
    CACHES = {
        "default": {**_REDIS, "KEY_PREFIX": "zhenggai"},
        "responses": {**_REDIS, "KEY_PREFIX": "zhenggai-responses", "TIMEOUT": _RESPONSE_SECONDS},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "responses": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "zhenggai-responses",
            "TIMEOUT": _RESPONSE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": env_int("ZHENGGAI_RESPONSE_CACHE_ENTRIES", 300)},
        },
    }

# The audit chain's key (docs/security/audit-trail.md): the text, or a file holding it, kept outside the
# database. Without either, non-production installs generate var/audit.key; production refuses.
ZHENGGAI_AUDIT_KEY = env_str("ZHENGGAI_AUDIT_KEY", "")
ZHENGGAI_AUDIT_KEY_FILE = env_str("ZHENGGAI_AUDIT_KEY_FILE", "")
ZHENGGAI_AUDIT_KEY_GENERATE = True  # production.py: False
ZHENGGAI_AUDIT_ALGORITHM = env_str("ZHENGGAI_AUDIT_ALGORITHM", "hmac-sha256")  # or hmac-sm3 (国密)
# Signed copies of the chain head, written by the daily reminders run; empty: none written.
ZHENGGAI_AUDIT_ANCHOR_DIR = env_str("ZHENGGAI_AUDIT_ANCHOR_DIR", str(VAR_DIR / "anchors"))

# Long exports/imports: "thread" (embedded default), "celery" (several app servers), "inline".
ZHENGGAI_JOBS_BACKEND = env_str("ZHENGGAI_JOBS_BACKEND", "thread")

# Public disclosure and feedback (docs/public.md).
ZHENGGAI_PUBLIC_CACHE_SECONDS = env_int("ZHENGGAI_PUBLIC_CACHE_SECONDS", 300)  # Cache-Control max-age
ZHENGGAI_PUBLIC_FEEDBACK_MAX_CHARS = env_int("ZHENGGAI_PUBLIC_FEEDBACK_MAX_CHARS", 2000)
ZHENGGAI_PUBLIC_SUBMIT_PER_MINUTE = env_int("ZHENGGAI_PUBLIC_SUBMIT_PER_MINUTE", 10)  # per client address
ZHENGGAI_PUBLIC_SUBMIT_PER_SESSION_HOUR = env_int("ZHENGGAI_PUBLIC_SUBMIT_PER_SESSION_HOUR", 10)
# look-ups per address and per session
ZHENGGAI_PUBLIC_LOOKUP_PER_MINUTE = env_int("ZHENGGAI_PUBLIC_LOOKUP_PER_MINUTE", 20)
ZHENGGAI_PUBLIC_CHALLENGE_MIN_SECONDS = env_int("ZHENGGAI_PUBLIC_CHALLENGE_MIN_SECONDS", 3)
ZHENGGAI_PUBLIC_CHALLENGE_MAX_AGE = env_int("ZHENGGAI_PUBLIC_CHALLENGE_MAX_AGE", 1800)  # seconds
# Behind your own reverse proxy: the header it sets with the client's address (X-Forwarded-For or
# X-Real-IP) and the proxies' own addresses or networks. The header is believed only on connections
# from those proxies; with either empty (the default) REMOTE_ADDR is the client (docs/public.md).
ZHENGGAI_PUBLIC_CLIENT_IP_HEADER = env_str("ZHENGGAI_PUBLIC_CLIENT_IP_HEADER", "")
ZHENGGAI_PUBLIC_TRUSTED_PROXIES = env_str("ZHENGGAI_PUBLIC_TRUSTED_PROXIES", "")
# Sign-in reads the client address the same way, from the same proxy unless told otherwise.
ZHENGGAI_SIGNIN_CLIENT_IP_HEADER = env_str(
    "ZHENGGAI_SIGNIN_CLIENT_IP_HEADER", ZHENGGAI_PUBLIC_CLIENT_IP_HEADER
)
ZHENGGAI_SIGNIN_TRUSTED_PROXIES = env_str("ZHENGGAI_SIGNIN_TRUSTED_PROXIES", ZHENGGAI_PUBLIC_TRUSTED_PROXIES)
# accepted submissions to one notice (or unit page) per hour, all addresses together
ZHENGGAI_PUBLIC_SUBMIT_PER_TARGET_HOUR = env_int("ZHENGGAI_PUBLIC_SUBMIT_PER_TARGET_HOUR", 60)
ZHENGGAI_PUBLIC_DUPLICATE_HOURS = env_int("ZHENGGAI_PUBLIC_DUPLICATE_HOURS", 24)  # same text again: refused
ZHENGGAI_PUBLIC_ANSWER_DAYS = env_int("ZHENGGAI_PUBLIC_ANSWER_DAYS", 15)  # unanswered beyond this: overdue

# Errors reach someone (docs/deploy.md): ADMINS ("姓名 <a@b>, 另一位 <c@d>") get a mail on every 500,
# with the request id; logs are JSON lines with the request id and user id, scrubbed of secrets.
ADMINS = [(name, address) for name, address in getaddresses([env_str("ZHENGGAI_ADMINS", "")]) if address]
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[整改 Zhenggai] "
# X-Request-ID is taken from these addresses (the reverse proxy); from anyone else a new id is made.
ZHENGGAI_REQUEST_ID_TRUSTED = env_str("ZHENGGAI_REQUEST_ID_TRUSTED", "127.0.0.1,::1")
# /metrics: answered to these addresses or networks, or to "Authorization: Bearer <ZHENGGAI_METRICS_TOKEN>".
ZHENGGAI_METRICS_ALLOWED = env_str("ZHENGGAI_METRICS_ALLOWED", "127.0.0.1,::1")
ZHENGGAI_METRICS_TOKEN = env_str("ZHENGGAI_METRICS_TOKEN", "")
# /healthz and /metrics answer over plain HTTP too (a monitor on the host, behind the TLS proxy).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "zhenggai.ops.logs.RequestContextFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"json": {"()": "zhenggai.ops.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["context"]},
        "mail_admins": {
            "class": "zhenggai.ops.logs.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "context"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("ZHENGGAI_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"handlers": ["console", "mail_admins"], "level": "WARNING", "propagate": False},
        # one line per request (method, route, status, time); ZHENGGAI_ACCESS_LOG=false leaves them out
        "zhenggai.request": {
            "handlers": ["console"],
            "level": "INFO" if env_bool("ZHENGGAI_ACCESS_LOG", True) else "WARNING",
            "propagate": False,
        },
    },
}
