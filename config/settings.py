"""One settings module, driven by environment variables.

Embedded default: SQLite under ./var, nothing else to start. Production sets DATABASE_URL, SECRET_KEY,
DEBUG=false and ALLOWED_HOSTS. Tests (``MCELINK_TESTING``) only override what makes them fast and eager.
"""

import os
import secrets
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MCELINK_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env") if (BASE_DIR / ".env").exists() else None

TESTING = env.bool("MCELINK_TESTING", default="pytest" in sys.modules)
# `mcelink serve` (the demo, `make demo`) runs with DEBUG off, as a visitor would see the site: styled error
# pages, never Django's debug pages; static files come from whitenoise. DEBUG=true brings the debug pages back.
DEMO = env.bool("MCELINK_DEMO", default=False)
DEBUG = env.bool("DEBUG", default=not DEMO)
LOCAL = DEBUG or DEMO  # on a developer's machine: a generated secret key, cookies over plain http


def _development_secret_key() -> str:
    """A random key kept under var/ so that sessions survive restarts; never used in production."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or (_development_secret_key() if LOCAL else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off (except in the demo, `mcelink serve`).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Listed so that /api/v1/docs renders ninja's own template with the Swagger UI files it ships (static/ninja/),
    # instead of loading them from a CDN: the docs work with the network off.
    "ninja",
    # Before django_tasks_db: its `db_worker` command is mcelink.core's, which adds heartbeats and the reaper.
    "mcelink.core",
    "django_tasks",
    "django_tasks_db",
    "mcelink.accounts",
    "mcelink.taxonomy",
    "mcelink.companies",
    "mcelink.programs",
    "mcelink.dashboard",
    "mcelink.matchmaking",
    "mcelink.demands",
    "mcelink.seed",
    "mcelink.ops",
]

MIDDLEWARE = [
    "mcelink.core.guards.ApiJsonErrorsMiddleware",  # first: it sees every response, to keep /api/ free of HTML
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mcelink.core.middleware.LanguageMiddleware",
    "mcelink.core.guards.NulCharactersMiddleware",  # after the language and the user: its 400 page needs them
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mcelink.core.context_processors.navigation",
                "mcelink.core.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'mcelink.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a worker process writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20
    # The test database is a file, not shared-cache memory: in memory, a second connection that finds a table
    # locked fails at once instead of waiting, and the concurrency tests need writers to wait as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"mcelink-test-{os.getpid()}.sqlite3")}
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Named, so an operator (and the fault tests) can tell the app's connections apart in pg_stat_activity.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "application_name", env("DATABASE_APPLICATION_NAME", default="mcelink")
    )
    # Connections are kept between requests: with a new one per request, the first query of each API call (the
    # token lookup, which opened it) took about 10 ms in a profile, and the load run gained 13.1 → 18.5 req/s
    # (docs/operations.md "Load"). conn_max_age in DATABASE_URL, or DATABASE_CONN_MAX_AGE=0, says otherwise.
    if not DATABASES["default"].get("CONN_MAX_AGE"):
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# A kept connection (conn_max_age in DATABASE_URL) is checked before a request reuses it, so one that the
# database dropped is replaced instead of failing the request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "mcelink" / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# The matching engine's index of the registry (see mcelink.matchmaking).
# This machine's copies of the published index versions (the versions themselves are in the database; see
# docs/adr/0004-matching-index-scale-out.md).
MATCHING_INDEX_DIR = Path(env.str("MATCHING_INDEX_DIR", default=str(VAR_DIR / "matching-index")))
# A web process asks for the current version at most this often (one indexed row), so a registry change reaches
# every process within this many seconds after its refresh job has published it.
MATCHING_INDEX_CHECK_SECONDS = env.float("MATCHING_INDEX_CHECK_SECONDS", default=5.0)
# Published versions kept in the database, and copies kept on each machine.
MATCHING_INDEX_KEEP = env.int("MATCHING_INDEX_KEEP", default=3)
# Infer a demand's strategic technology from its text when it gives none (docs/matching.md: gain within noise).
MATCHING_INFER_CONCEPTS = env.bool("MATCHING_INFER_CONCEPTS", default=False)
# An import that changed at most this many organizations refreshes their profiles in the saved index; more, and
# the index is rebuilt: the crossover measured in docs/benchmarks.md.
MATCHING_REFRESH_MAX = env.int("MATCHING_REFRESH_MAX", default=10_000)
# The optional dense stage: a sentence-transformers model directory on disk (nothing is downloaded), and the
# factory that turns it into an embedder.
MATCHING_DENSE_MODEL = env.str("MATCHING_DENSE_MODEL", default="")
MATCHING_EMBEDDER = env.str("MATCHING_EMBEDDER", default="mcelink.matching.dense.sentence_transformer")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Confidential uploads (demand specifications, proposals, evidence): never served by URL, only by views that
# check permissions.
# Every upload (import inputs too) lives here, under a random name (mcelink.core.files); docs/operations.md.
PRIVATE_FILES_ROOT = Path(env.str("PRIVATE_FILES_ROOT", default=str(VAR_DIR / "private")))
# A finished import's uploaded file is deleted this many days later (`mcelink purge_job_inputs`).
IMPORT_INPUT_RETENTION_DAYS = env.int("IMPORT_INPUT_RETENTION_DAYS", default=7)
DEMAND_FILE_MAX_BYTES = 20 * 1024 * 1024
# Links in e-mails point here.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="mcelink <noreply@mcelink.example>")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if LOCAL or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The demo serves static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = LOCAL
# Imports up to 100k rows arrive as uploads.
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The first handler keeps each upload's name as sent (Django's parser cuts it at a "/"): mcelink.core.files.
FILE_UPLOAD_HANDLERS = [
    "mcelink.core.files.OriginalNameUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Imports (docs/operations.md "Imports: limits"): a file over a limit is refused at the upload form and again by the
# job before it reads a row, so that it never holds a worker. An XLSX file is a zip: its declared uncompressed size
# and each large member's uncompressed/compressed ratio are checked before the sheet is parsed (zip bombs).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=100 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=250_000)
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES", default=500 * 1024 * 1024)
IMPORT_XLSX_MAX_RATIO = env.float("IMPORT_XLSX_MAX_RATIO", default=100.0)

TASKS: dict[str, dict[str, object]] = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Background jobs (docs/operations.md "Background jobs: heartbeats, the reaper and supervision"). A running job and
# each worker save a heartbeat every JOB_HEARTBEAT_SECONDS; a job or worker not heard from for JOB_STALE_SECONDS
# is taken as dead. Each worker runs the reaper every JOB_REAP_INTERVAL_SECONDS.
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=10)
JOB_STALE_SECONDS = env.float("JOB_STALE_SECONDS", default=120)
JOB_REAP_INTERVAL_SECONDS = env.float("JOB_REAP_INTERVAL_SECONDS", default=60)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=2)  # the first run and one automatic requeue
# Test hook, never set in production: a job's handler sleeps this long before each of its database queries, so
# that the fault tests can kill a worker in the middle of any kind of job. 0 (the default) does nothing.
JOB_TEST_QUERY_DELAY_SECONDS = env.float("MCELINK_TEST_JOB_QUERY_DELAY", default=0)

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# The dashboard's registry-wide figures (counts, strategic coverage, supply firms by region) are the same for every
# user and cost whole-table reads over a large registry: each web process keeps them this long (0: never).
DASHBOARD_FIGURES_SECONDS = env.int("DASHBOARD_FIGURES_SECONDS", default=300)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "mcelink.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 500

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Security settings (issue 14: brute-force protection, HTTPS and HSTS, Content-Security-Policy) -------------
# docs/operations.md "Security settings". Production defaults are the safe ones; the demo (LOCAL) runs over http.
# HTTPS: behind a load balancer that terminates TLS, set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
# (only if the balancer overwrites that header), or the SSL redirect loops.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not LOCAL)
_proxy_ssl_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header[0], _proxy_ssl_header[1]) if len(_proxy_ssl_header) == 2 else None
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if LOCAL else 31_536_000)
# Subdomains and the browsers' preload list bind every host of the domain to HTTPS for good: the domain's owner
# opts in (check --deploy warns W005/W021 until then; docs/operations.md).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not LOCAL)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not LOCAL)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): every script and style is a file of ours; no inline code, no other origin.
# data: images are Pico's and Swagger UI's SVG icons, written into their stylesheets.
INSTALLED_APPS += ["csp"]
MIDDLEWARE += ["csp.middleware.CSPMiddleware"]
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
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Brute-force protection (django-axes): failed logins on the site and the admin, and failed API tokens, counted in
# the database (shared by every web process); mcelink.accounts.lockout says what is counted and what users read.
INSTALLED_APPS += ["axes"]
# Last (after CSP, so the lockout page carries the policy too): it turns axes' refusals into the lockout page.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
# First: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_VERBOSE = False  # no banner on every command
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("AXES_COOLOFF_MINUTES", default=15))
# A password attempt counts against its account and its address, a token attempt against its address.
AXES_LOCKOUT_PARAMETERS = "mcelink.accounts.lockout.lockout_parameters"
AXES_LOCKOUT_CALLABLE = "mcelink.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Attempts made while locked out are refused without being counted, so the wait a user is told stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client's address: REMOTE_ADDR unless the deployment says which proxy header to trust (docs/operations.md).
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list("AXES_IPWARE_META_PRECEDENCE_ORDER", default=["REMOTE_ADDR"])
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=None)
AXES_IPWARE_PROXY_TRUSTED_IPS = env.list("AXES_IPWARE_PROXY_TRUSTED_IPS", default=None)

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    TASKS["default"] = {**TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    MATCHING_INDEX_CHECK_SECONDS = 0.0  # a test sees the version its jobs just published
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    DASHBOARD_FIGURES_SECONDS = 0  # tests see the rows they make at once
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    PRIVATE_FILES_ROOT = Path(tempfile.gettempdir()) / "mcelink-test-private"
    LOGGING["root"]["level"] = "WARNING"
