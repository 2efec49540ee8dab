"""Duizhao settings: one file, driven by environment variables.

SQLite by default so a fresh checkout runs with no configuration;
DATABASE_URL=postgres://user@host:port/name switches to PostgreSQL.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from csp.constants import NONCE, NONE, SELF

from config.env import env_bool, env_choice, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


# Each server thread keeps its database connection this many seconds instead of opening one per
# request (a PostgreSQL connection costs a new server process; 0 opens one per request).
_CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 60)


def _database(url: str) -> dict:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"),
            # Tests on a file, not shared-cache memory: a page and a background alignment
            # writing at once then wait for each other instead of failing as "locked".
            "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"duizhao-test-{os.getpid()}.db")},
            # Several server processes and job workers share the file: readers never wait for
            # the writer (WAL), and a transaction that will write takes the lock when it begins
            # (IMMEDIATE) so two of them queue up instead of one failing "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "CONN_MAX_AGE": _CONN_MAX_AGE,
        }
    parts = urlparse(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must start with postgres://, got {parts.scheme}://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": _CONN_MAX_AGE,
        "CONN_HEALTH_CHECKS": True,  # a kept connection the server closed is opened again
        # No JIT compilation: the search index's function is declared expensive (so the planner
        # reads its index rather than computing it row by row), which lifts estimates past
        # jit_above_cost, and compiling then costs more than the short queries themselves.
        "OPTIONS": {"options": "-c jit=off"},
    }


# The public development key: fine for tests and `make run`; the server refuses it with DEBUG off
# (config.safety). `make serve` without SECRET_KEY generates one into SECRET_KEY_FILE once.
DEVELOPMENT_SECRET_KEY = "duizhao-development-key-not-for-production"
SECRET_KEY_FILE = Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / ".secret_key"))
SECRET_KEY = (
    os.environ.get("SECRET_KEY")
    or (SECRET_KEY_FILE.read_text().strip() if SECRET_KEY_FILE.is_file() else "")
    or DEVELOPMENT_SECRET_KEY
)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

# Behind HTTPS (HTTPS=true): redirect, secure cookies, HSTS. Off for local runs over HTTP.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 3600 if HTTPS else 0)
# HSTS for subdomains and preloading are decisions for whoever owns the domain, not the app.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "web.apps.TaskResultsConfig",  # django_tasks_db, its names in the reader's language
    "plans",
    "compare",
    "web.apps.ServingConfig",
]

MIDDLEWARE = [
    "web.requestid.RequestIdMiddleware",
    "web.apierrors.JsonApiErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # HTML and JSON when the client accepts it, and whatever the middleware below answer by
    # themselves (whitenoise's files without a compressed variant, the 413 page).
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads a body (the middleware above never do; its 413 page gets their
    # request id, headers and CSP nonce).
    "web.bodylimit.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
                # Django's csrf_token, recorded on the request (pages kept for everyone put
                # each visitor's own back: web.pagecache).
                "web.pagecache.csrf_token",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": _database(os.environ.get("DATABASE_URL", ""))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "web.storage.StaticFilesStorage"},  # hashed names, .gz, .br
}


# Duizhao's own settings.
SEEDS_DIR = Path(os.environ.get("DUIZHAO_SEEDS_DIR", BASE_DIR / "seeds"))
# The steering repository's shared/ (public documents the tests and measures read; the
# repository keeps no copies of them): beside the checkout, as CI lays it out, unless said
# otherwise (a git worktree kept elsewhere sets DUIZHAO_SHARED_DIR).
SHARED_DIR = Path(os.environ.get("DUIZHAO_SHARED_DIR", BASE_DIR.parent / "shared"))
IMPORT_MAX_BYTES = env_int("DUIZHAO_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# Request bodies over this are refused (413) before they are read; the admin's plan import and
# plan forms take IMPORT_MAX_BYTES and 1 MiB for the form around it (web.bodylimit).
REQUEST_MAX_BYTES = env_int("DUIZHAO_REQUEST_MAX_KB", 1024) * 1024
IMPORT_MAX_SECTIONS = env_int("DUIZHAO_IMPORT_MAX_SECTIONS", 20_000)
# A web page whose elements nest deeper is refused as soon as the depth is met (real pages nest
# some 10-40 deep; 200,000 nested <div> held the parser 13 s).
IMPORT_MAX_DEPTH = env_int("DUIZHAO_IMPORT_MAX_DEPTH", 500)
# A PDF of more pages is refused unread. Scanned pages are read by OCR (Debian's tesseract with
# chi_sim) only up to OCR_MAX_PAGES a file and OCR_MAX_SECONDS in all, so a 300-page scan
# cannot hold a worker for an hour (tesseract takes some 5-20 s a page on one core).
PDF_MAX_PAGES = env_int("DUIZHAO_PDF_MAX_PAGES", 500)
OCR_ENABLED = env_bool("DUIZHAO_OCR", True)
OCR_MAX_PAGES = env_int("DUIZHAO_OCR_MAX_PAGES", 30)
OCR_MAX_SECONDS = env_int("DUIZHAO_OCR_MAX_SECONDS", 300)
# The compare page queues a new plan set's alignment as a background job and shows its
# progress meanwhile; false aligns within the request (tests and benchmarks only).
ALIGN_IN_BACKGROUND = env_bool("DUIZHAO_ALIGN_IN_BACKGROUND", True)
# Sections get sentence vectors (compare/lib/meaning.py) at their first alignment, so a
# counterpart worded apart can be proposed; off, alignment reads words alone.
ALIGN_BY_MEANING = env_bool("DUIZHAO_ALIGN_BY_MEANING", True)

# `default`: this process's memory (cached comparison rows); `limits`: per-client counters
# every server process must share (the database; `migrate` creates its table:
# web/migrations/0001_cache_tables.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
    "limits": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "duizhao_limits",
        # A client holds one row per counted event (web.clients.take_place): Django's
        # default of 300 rows would cull live ones once a few dozen clients are counted.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
# Whole pages that every anonymous reader of an address sees alike (compare, home, search, API),
# kept compressed in each server process up to this size (0 turns it off): web.pagecache.
SHARED_PAGES_MAX_BYTES = env_int("DUIZHAO_SHARED_PAGES_MB", 64) * 1024 * 1024
# A plan longer than this (characters of its text) is not read whole on one page (?expand=all,
# print): rendering it costs a worker seconds per request; it is read chapter by chapter.
PLAN_WHOLE_MAX_CHARS = env_int("DUIZHAO_PLAN_WHOLE_MAX_CHARS", 300_000)
# Anonymous visitors (and signed-in people who are not curators or staff) may start alignments
# of this many new plan sets per hour; curators and staff without limit.
ANON_ALIGNMENTS_PER_HOUR = env_int("DUIZHAO_ANON_ALIGNMENTS_PER_HOUR", 10)
# Saved comparisons per client and hour (curators and staff without limit); /c/ codes that do
# not exist per client and hour before it must wait (guessing codes); failed sign-ins per
# client in LOGIN_LOCKOUT_SECONDS before sign-in is refused for that long.
SAVES_PER_HOUR = env_int("DUIZHAO_SAVES_PER_HOUR", 30)
SHARE_MISSES_PER_HOUR = env_int("DUIZHAO_SHARE_MISSES_PER_HOUR", 60)
LOGIN_FAILURES_ALLOWED = env_int("DUIZHAO_LOGIN_FAILURES", 10)
LOGIN_LOCKOUT_SECONDS = env_int("DUIZHAO_LOGIN_LOCKOUT", 15 * 60)
# Requests that cost a thread seconds (coverage and evolution reports, exports; web.costly):
# at most this many at once per client across the server, and per server process (by default
# one fewer than gunicorn's threads, so one is always left for the quick pages).
COSTLY_PER_CLIENT = env_int("DUIZHAO_COSTLY_PER_CLIENT", 3)
COSTLY_PER_PROCESS = max(1, env_int("DUIZHAO_COSTLY_PER_PROCESS", env_int("WEB_THREADS", 4) - 1))
# Row notes a signed-in reader may keep (compare.noting): enough for every row of many
# comparisons, not a store for anything else.
NOTES_PER_USER = env_int("DUIZHAO_NOTES_PER_USER", 2000)

# Background jobs (Django's Tasks framework, django-tasks on 5.2). `database` keeps the queue in
# the app's own database (django-tasks-db); `rq` puts it on Redis (REDIS_URL) for workers on
# several machines. Workers: `manage.py worker`.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASK_BACKEND = env_choice("DUIZHAO_TASKS", TASK_BACKENDS, "database")
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS[TASK_BACKEND],
        "QUEUES": ["default"],
    }
}
if TASK_BACKEND == "rq":  # its worker command and queue page
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
# No time limit of RQ's own (its default kills a job after 180 s: an OCR import allowed
# OCR_MAX_SECONDS, an alignment of large plans): as on the database queue, a dead job is found
# by its heartbeat, and the app's limits bound the rest.
RQ_QUEUES = {
    "default": {
        "URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "DEFAULT_TIMEOUT": -1,
    }
}
# A running job writes a heartbeat this often; one silent for JOB_DEAD_AFTER seconds is taken to
# have died with its worker: it is marked failed and queued again, up to JOB_MAX_ATTEMPTS runs.
JOB_HEARTBEAT_SECONDS = env_int("DUIZHAO_JOB_HEARTBEAT", 5)
JOB_DEAD_AFTER_SECONDS = env_int("DUIZHAO_JOB_DEAD_AFTER", 60)
JOB_MAX_ATTEMPTS = env_int("DUIZHAO_JOB_MAX_ATTEMPTS", 3)
# The longest a job of each kind may run (seconds). One past it is taken as wedged: its heartbeat
# stops, the sweep fails it without retrying it, and its worker exits for its supervisor to start
# a fresh one (web.jobqueue.Heartbeat). An OCR import: its OCR time plus reading and storing.
JOB_LIMIT_ALIGN_SECONDS = env_int("DUIZHAO_JOB_LIMIT_ALIGN", 30 * 60)
JOB_LIMIT_IMPORT_SECONDS = env_int("DUIZHAO_JOB_LIMIT_IMPORT", OCR_MAX_SECONDS + 10 * 60)
JOB_LIMIT_CATALOGUE_SECONDS = env_int("DUIZHAO_JOB_LIMIT_CATALOGUE", 30 * 60)
# The most jobs waiting in the queue at once: past it, starting an alignment, a catalogue run or
# an import is refused (503), whoever asks, so that many addresses cannot fill the queue.
JOB_MAX_WAITING = env_int("DUIZHAO_JOB_MAX_WAITING", 200)
# Days what a finished job leaves behind is kept (compare.runs.pruning, `manage.py prune_jobs`).
JOB_KEEP_DAYS = env_int("DUIZHAO_JOB_KEEP_DAYS", 30)

# Content-Security-Policy (django-csp): scripts and style sheets from our own static files or
# carrying the page's nonce; style attributes only set CSS variables (bar widths, column counts).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Every log line of a request carries its id (X-Request-ID, also sent back in the response),
# so an error a person reports can be found in the log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "web.requestid.RequestIdFilter"},
        "one_line_warning": {"()": "web.requestid.OneLineWarning"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # A request for a Host the site does not serve: one warning line, not an error's traceback.
    "loggers": {"django.security.DisallowedHost": {"filters": ["one_line_warning"]}},
}
