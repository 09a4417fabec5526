"""Settings for the peacekeeping working-group archive.

Every value that differs between a laptop and production comes from an environment
variable, with a safe local default: SQLite and a Whoosh index under ./var/.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.getenv(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def envint(name, default):
    value = os.getenv(name)
    return int(value) if value not in (None, "") else default


def envlist(name, default):
    value = os.getenv(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DATA_DIR = Path(os.getenv("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DEBUG", False)
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and envbool("ARCHIVE_PRODUCTION", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # A development key: fine on a laptop, refused by `check --deploy`.
    SECRET_KEY = "dev-insecure-key-change-me-for-anything-public-0123456789"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "search",  # before haystack: its rebuild_index replaces haystack's
    "haystack",
    "axes",
    "simple_history",
    "django_tasks",
    "archive",
    "ingest",  # before django_tasks_db: its db_worker replaces django_tasks_db's
    "django_tasks_db",
    "editorial",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "archive.api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.security.SecurityHeadersMiddleware",
    # the editor who made a change, in the history of what they changed
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.security.RefuseNulMiddleware",
    # Last: turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{DATA_DIR / 'archive.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait for a concurrent writer instead of failing at once with "database is locked";
    # take the write lock when a transaction starts (no lock-upgrade deadlocks between
    # two ingests); WAL lets pages read while an ingest writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=30,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
if os.getenv("ARCHIVE_TEST_DB_NAME") and "postgresql" in DATABASES["default"]["ENGINE"]:
    # Several checkouts testing against one PostgreSQL server each need their own test
    # database, or they drop each other's.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["ARCHIVE_TEST_DB_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"

# Uploaded and ingested source files live under the data directory, never under static.
MEDIA_ROOT = DATA_DIR / "files"
SOURCE_FILES_DIR = DATA_DIR / "sources"

# "default" is per process; "shared" is seen by every worker process on this machine
# (files under the data directory).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 10000},
    },
}

# Login limits (django-axes, config/login_limits.py): counted in the database, so every
# worker on every machine shares them, and counted before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "config.login_limits.ReservingAxesHandler"
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_IP_LIMIT = envint("LOGIN_FAILURE_IP_LIMIT", 30)
AXES_COOLOFF_TIME = timedelta(seconds=envint("LOGIN_FAILURE_WINDOW", 15 * 60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "config.login_limits.normalised_username"
AXES_CLIENT_IP_CALLABLE = "config.login_limits.client_address"
AXES_LOCKOUT_CALLABLE = "config.login_limits.lockout_response"
AXES_VERBOSE = False

# The search engine (search.engines): "whoosh", "postgres" or a dotted path; empty picks
# PostgreSQL's own search on PostgreSQL and Whoosh elsewhere.
SEARCH_ENGINE = os.getenv("SEARCH_ENGINE", "")

HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "search.engines.whoosh.backend.ChineseWhooshEngine",
        "PATH": os.getenv("ARCHIVE_INDEX_DIR", str(DATA_DIR / "whoosh_index")),
    },
}

UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
UPLOAD_MAX_PAGES = envint("UPLOAD_MAX_PAGES", 500)
# OCR of PDFs without a text layer (ingest.ocr; Debian's ocrmypdf and tesseract), run in
# the background only: languages tesseract may use (narrowed by the script of page 1),
# a time limit per document in seconds, a page limit, tesseract processes, a memory
# limit for the OCR child, and the page confidence (0-100) below which a page is flagged.
OCR_LANGUAGES = os.environ.get("OCR_LANGUAGES", "eng+chi_sim")
OCR_TIMEOUT = envint("OCR_TIMEOUT", 1200)
OCR_MAX_PAGES = envint("OCR_MAX_PAGES", 100)
OCR_JOBS = envint("OCR_JOBS", 1)
OCR_MEMORY_MB = envint("OCR_MEMORY_MB", 2048)
OCR_LOW_CONFIDENCE = envint("OCR_LOW_CONFIDENCE", 80)
# A folder where what OCR read is kept by the file's content, so a scan read again (after
# a parser upgrade, say) is not read by OCR again; empty: nothing is kept.
OCR_CACHE_DIR = os.environ.get("OCR_CACHE_DIR", "")
# A 500-page report is some 30,000 lines; the parser's time grows with the lines.
TEXT_MAX_LINES = envint("TEXT_MAX_LINES", 100_000)
# Reading a file from outside (ingest/sandbox.py): a child process with at most this much
# address space, killed after this many seconds.
PARSE_MEMORY_LIMIT = envint("PARSE_MEMORY_LIMIT_MB", 1024) * 1024 * 1024
PARSE_TIME_LIMIT = envint("PARSE_TIME_LIMIT", 300)
# An upload request: at most this many files, this many bytes in all (refused whole,
# before its body is read); each file streamed to UPLOAD_INCOMING_DIR, where it waits for
# its job.
UPLOAD_MAX_FILES = envint("UPLOAD_MAX_FILES", 20)
UPLOAD_MAX_REQUEST_BYTES = envint("UPLOAD_MAX_REQUEST_MB", 200) * 1024 * 1024
UPLOAD_INCOMING_DIR = DATA_DIR / "incoming"

# Background jobs (uploads): django-tasks with its database backend; run the worker with
# `manage.py db_worker`. A running job whose worker has not been heard of for this long
# (or whose process is gone, on this machine) is interrupted: tried once more, then failed.
# Every worker looks for such jobs when it starts and every UPLOAD_JOB_SWEEP_SECONDS.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
UPLOAD_JOB_STALE_SECONDS = envint("UPLOAD_JOB_STALE_SECONDS", 120)
UPLOAD_JOB_SWEEP_SECONDS = envint("UPLOAD_JOB_SWEEP_SECONDS", 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "admin:login"

# Security headers; HTTPS-only settings switch on with ARCHIVE_HTTPS=1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
HTTPS = envbool("ARCHIVE_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
