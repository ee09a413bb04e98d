"""Settings for the sister-pairs registry, read from the environment.

With nothing set, a first run and the test suite work on a local SQLite file. Production sets
DJANGO_ENV=production and at least DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL
(see README.md, "Running in production").
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from pythonjsonlogger.core import RESERVED_ATTRS as RESERVED_LOG_ATTRS

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# --- Core -------------------------------------------------------------------------------------

# "production" turns on HTTPS-only cookies, redirects and HSTS, and refuses a missing secret key.
PRODUCTION = env.str("DJANGO_ENV", default="development") == "production"

# The insecure fallback lets a first run start; `check --deploy` flags it if it reaches production.
INSECURE_KEY = "django-insecure-local-development-key-change-me-0123456789"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=INSECURE_KEY)
if PRODUCTION and SECRET_KEY == INSECURE_KEY:
    raise ImproperlyConfigured("DJANGO_ENV=production needs DJANGO_SECRET_KEY from the environment.")
DEBUG = env.bool("DJANGO_DEBUG", default=False) and not PRODUCTION
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",  # sitemap.xml
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django_countries",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "health_check",
    "django_prometheus",
    "django_guid",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "registry",
]

MIDDLEWARE = [
    # First: the request id (X-Request-ID) is known to every later middleware and log line, and the
    # request counters and latency see the whole request (README, "Operating the registry").
    "django_guid.middleware.guid_middleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Cross-origin GET of the API and open data (CORS_* below); first, so that a 304 carries it too.
    "corsheaders.middleware.CorsMiddleware",
    "registry.open_access.OpenDataETagMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and the database: a cached public page is answered from the cache alone.
    "registry.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Requests by view and status; outside axes so that its lockout responses are counted too.
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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

# Form widgets render through TEMPLATES, so a widget may use a template of templates/ (the public
# filter forms' select: templates/registry/widgets/select.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database ---------------------------------------------------------------------------------

# DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/registry; default a SQLite file.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A writer waits this long for another's write lock (an import holds it from its start:
    # registry/imports/locking.py) before giving up with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# --- Caches -----------------------------------------------------------------------------------

# default: CACHE_URL, e.g. redis://127.0.0.1:6379/1, shared by every gunicorn host (default: this
# process only). Whole public pages are cached there for anonymous visitors and dropped whenever
# registry data changes (registry/page_cache.py); the timeout only bounds how long an unused page
# stays.
# imports: uploaded spreadsheets between preview and confirm. The database cache is shared by every
# server process without extra services (`manage.py createcachetable` creates its table); point
# DJANGO_IMPORT_CACHE_URL at Redis to move it there.
CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://registry"),
    "imports": env.cache_url("DJANGO_IMPORT_CACHE_URL", default="dbcache://registry_import_uploads"),
}
# Redis going away must not take the site with it: the same backend, failing open (pages are
# served uncached and records still saved; registry/cache_backend.py).
for _cache in CACHES.values():
    if _cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        _cache["BACKEND"] = "registry.cache_backend.FailOpenRedisCache"
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# A rendered page larger than this is not kept (a page cache is for pages, not bulk data).
PAGE_CACHE_MAX_BYTES = env.int("PAGE_CACHE_MAX_BYTES", default=2 * 1024 * 1024)
# Cache-Control of the pages it serves (registry/page_encoding.py): browsers and proxies may keep a
# page this long, then ask again with its ETag (a 304 when the data has not changed).
PAGE_CACHE_CONTROL = {"public": True, "max_age": env.int("PAGE_CACHE_MAX_AGE", default=60)}
# Query parameters that make a page differ, besides the public filters' own (registry/page_cache.py):
# any other parameter is dropped before the page is rendered or looked up. The load benchmark adds
# one so that its "uncached" requests miss the cache.
# (inside_page: the second list of a place page, the pairs of the places inside it; "sent": the
# suggestion form's thank-you.)
PAGE_CACHE_QUERY_PARAMETERS = [
    "page",
    "inside_page",
    "page_size",
    "sent",
    *env.list("PAGE_CACHE_EXTRA_PARAMETERS", default=[]),
]

# --- Authentication ---------------------------------------------------------------------------

# django-axes first: it refuses a locked-out user before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff logins: after AXES_FAILURE_LIMIT failures for the same username from the same address,
# that pair is locked out for the cool-off time. Keyed on both so that an attacker cannot lock a
# colleague out from elsewhere. Behind a proxy set DJANGO_PROXY_COUNT (number of trusted proxies)
# so that the client address is read from X-Forwarded-For, not the proxy's.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Staff sessions end when the browser closes, and after eight hours in any case.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_SECONDS", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# After a login whose `next` was refused (another site's address), the admin's index, not
# Django's /accounts/profile/, which this site does not have.
LOGIN_REDIRECT_URL = "admin:index"

# The admin's address, e.g. "staff-7f3a/" to keep it out of scanners' default paths.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/")
# Health checks and metrics must say what is true now, and must work with the cache down.
PAGE_CACHE_EXCLUDED_PATHS = [f"/{ADMIN_URL}", "/i18n/", "/health/", "/metrics"]

# --- Security headers and HTTPS ---------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Everything the pages load comes from this site: vendored scripts, styles, fonts and basemap.
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

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # HSTS preload is a one-way commitment for the whole domain, made by submitting it to the
    # browsers' preload list; the operator decides that, not a default. Hence W021 is silenced.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if env.int("DJANGO_PROXY_COUNT", default=0):
        # The TLS-terminating proxy says whether the client's request was HTTPS.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- Languages --------------------------------------------------------------------------------

LANGUAGE_CODE = "en"
# The empty choice of the public filters' dropdowns (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("All")

LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "registry" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Files served at the site's root by WhiteNoise (browsers ask for /favicon.ico on every site).
WHITENOISE_ROOT = BASE_DIR / "public_root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

# --- Third-party apps -------------------------------------------------------------------------

# Countries are shown by name in the page's language; China and the US first in choice lists.
COUNTRIES_FIRST = ["CN", "US"]
COUNTRIES_FIRST_REPEAT = True

# Uploads wait between preview and confirm in import-export's temporary storage, kept in the
# shared `imports` cache (registry/imports/uploads.py).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "registry.imports.uploads.UploadStorage"
# Import needs its own permission (registry.import_<model>); export needs view permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# --- Public site ------------------------------------------------------------------------------


# Cross-origin reads of the API and the open data (django-cors-headers): any site may GET them,
# without credentials; nothing else of the site is shared.
CORS_URLS_REGEX = r"^/(api/|[\w-]+/open-data/|[\w-]+/pairs/download\.)"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Content-Disposition"]

# Spreadsheet import limits, checked before a file is parsed (README, "Spreadsheet import").
REGISTRY_IMPORT_MAX_BYTES = env.int("REGISTRY_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
REGISTRY_IMPORT_MAX_ROWS = env.int("REGISTRY_IMPORT_MAX_ROWS", default=50_000)
REGISTRY_IMPORT_UPLOAD_SECONDS = env.int("REGISTRY_IMPORT_UPLOAD_SECONDS", default=3600)
# A file with more rows than this, and every XLSX, is previewed and confirmed by a background task
# on the worker (registry/tasks/imports.py), not inside the web request.
REGISTRY_IMPORT_BACKGROUND_ROWS = env.int("REGISTRY_IMPORT_BACKGROUND_ROWS", default=2_000)

# Suggestions from the public (registry/suggestions/): how many one address may send, as
# django-ratelimit's rate ("5/h": five an hour), counted in the default cache.
SUGGESTION_RATE = env.str("REGISTRY_SUGGESTION_RATE", default="5/h")
# The address a visitor is counted by: behind this many trusted proxies, read from X-Forwarded-For.
RATELIMIT_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)

# Partner seeking: how visitors reach the association about a profile whose own contact is not
# public (an address or e-mail shown on profile pages; blank: the pages say "through the association").
SEEKING_ASSOCIATION_CONTACT = env("REGISTRY_ASSOCIATION_CONTACT", default="")

# --- Logging ----------------------------------------------------------------------------------

# DJANGO_LOG_FORMAT=json: one JSON object per line (python-json-logger), for a log collector;
# otherwise plain text. Every line carries the request id (django-guid): the X-Request-ID header of
# the response and the reference on the 500 page, so a visitor's report leads to its log lines.
# An incoming X-Request-ID that is a UUID (from the proxy) is kept; anything else is replaced.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}
LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            # Django puts the request object on some records (django.request): never dump it.
            "reserved_attrs": [*RESERVED_LOG_ATTRS, "request"],
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
    "loggers": {
        # Who did what to which record (imports, admin writes): kept at INFO whatever the root level.
        "registry.audit": {"level": "INFO"},
        # django-guid notes every request at DEBUG; nothing an operator needs.
        "django_guid": {"level": "WARNING"},
        # A failing readiness check is in the 503 response and django.request's line for it; not a
        # traceback per probe (load balancers probe every few seconds).
        "health_check": {"level": "ERROR"},
    },
}

# --- Operations: health checks and metrics ----------------------------------------------------

# /health/ready fails when the disk holding uploads in progress has less free space than this
# (default: room for ten of the largest spreadsheets accepted).
HEALTH_MIN_FREE_BYTES = env.int("HEALTH_MIN_FREE_BYTES", default=10 * REGISTRY_IMPORT_MAX_BYTES)
# /metrics answers only clients from these addresses or networks (e.g. the Prometheus host,
# "10.0.0.5,10.1.0.0/16"), or a request with "Authorization: Bearer <METRICS_TOKEN>".
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# Readiness reports pending migrations; django-prometheus need not count them at every start.
PROMETHEUS_EXPORT_MIGRATIONS = False

# Background tasks (README, "Background tasks"): Django's tasks API with the database backend; the
# worker is `manage.py run_worker`. Tasks wait in the database until a worker picks them up.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker writes a heartbeat this often; one not seen for TASK_WORKER_LOST_SECONDS is gone, and a
# task it was running is marked failed. A task not picked up within TASK_WAITING_SECONDS is shown
# to staff as "waiting for a worker".
TASK_HEARTBEAT_SECONDS = env.int("REGISTRY_TASK_HEARTBEAT_SECONDS", default=5)
TASK_WORKER_LOST_SECONDS = env.int("REGISTRY_TASK_WORKER_LOST_SECONDS", default=30)
TASK_WAITING_SECONDS = env.int("REGISTRY_TASK_WAITING_SECONDS", default=15)
# A task still running after this many seconds is stopped by its worker and marked failed (an
# import writes nothing); 0: no limit.
TASK_TIME_LIMIT = env.int("REGISTRY_TASK_TIME_LIMIT", default=900)

# The whole-registry open-data files, rebuilt by a task after writes (registry/tasks/opendata.py)
# and served from this directory. Several web hosts need it on a shared volume.
OPENDATA_DIR = Path(env.str("REGISTRY_OPENDATA_DIR", default=str(BASE_DIR / "var" / "opendata")))
# Writes within this many seconds of each other are built once.
OPENDATA_DEBOUNCE_SECONDS = env.int("REGISTRY_OPENDATA_DEBOUNCE_SECONDS", default=10)
