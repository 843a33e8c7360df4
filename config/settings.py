"""Settings for the surveillance dossiers wiki.

Everything that differs between a laptop and a server comes from environment
variables (see README "Configuration"). Defaults are the safe production ones:
DEBUG is off, and the site will not serve without a secret key unless DEBUG is on.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy

from config.database import database_from_url
from config.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_rate,
    env_str,
    worker_threads,
)
from config.security import content_security_policy

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

# Management commands (migrate, makemigrations --check ...) run without a key;
# serving refuses to start without one (config/wsgi.py, config/asgi.py).
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-do-not-use" if DEBUG else "")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "simple_history",
    "core",
    "accounts",
    "cities",
    "dossiers",
    "sources",
    "review",
    "discussions",
    "activity",
    "search",
    "opendata",
    # REST framework itself is no installed app: its catalogue would reword Django's own
    # form messages across the site (api/errors.py says its messages instead).
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "api",
]

# The longest query string answered (config.security.QueryStringLimitMiddleware): far
# above any form of the site (search fields take 200 characters at most).
MAX_QUERY_STRING_LENGTH = 2_048

MIDDLEWARE = [
    # Its headers depend on the request's Origin: set on every answer, kept or not.
    "corsheaders.middleware.CorsMiddleware",
    # Kept pages are answered before anything else runs, with the headers of the
    # middleware below as they were when the page was built (security headers, CSP).
    "core.page_cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.security.PermissionsPolicyMiddleware",
    "config.security.QueryStringLimitMiddleware",
    "review.throttle.ThrottledEditorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.i18n.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.signin.SignInRequiredMiddleware",
    "review.middleware.ContentionMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.i18n.languages",
                "core.context_processors.site",
            ],
        },
    },
]

# Database: the embedded SQLite file unless DATABASE_URL names another one (serving
# without DEBUG requires it to be set). On PostgreSQL each app-server process keeps a
# pool of DATABASE_POOL_SIZE connections, by default one per gunicorn thread
# (GUNICORN_THREADS); 0 turns pooling off, and DATABASE_CONN_MAX_AGE then keeps one
# connection alive.
DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
        sqlite_busy_timeout=env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20, minimum=1),
        pool_size=env_int("DATABASE_POOL_SIZE", worker_threads(), minimum=0),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French first, at unprefixed addresses; English under /en/ (see core.i18n). The
# interface's strings are written in French, and locale/ holds both catalogues: the
# French one gives plural forms and typographic spacing, the English one translates.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Where readers write to the people who run the site (shown on « À propos » and in the
# footer); empty: no address is shown.
SITE_CONTACT_EMAIL = env_str("SITE_CONTACT_EMAIL", "")
# The site's public address, for the links of e-mails sent outside any request
# (`manage.py send_notifications`).
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

# The language contributors write in: content keeps it (and says so with `lang`) on
# every interface.
CONTENT_LANGUAGE = "fr"
# Narrow no-break spaces between digit groups in French (config/formats/fr).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Uploaded documents, named by the hash of their content and served only through the
# site's document view (which checks visibility): never give this folder a public URL.
DOCUMENTS_ROOT = Path(env_str("DJANGO_DOCUMENTS_ROOT", str(BASE_DIR / "media" / "documents")))
# Where `manage.py export_data` writes the open-data files (opendata/).
OPENDATA_ROOT = Path(env_str("DJANGO_OPENDATA_ROOT", str(BASE_DIR / "media" / "opendata")))
DOCUMENT_MAX_BYTES = 25 * 1024 * 1024
# Documents a contributor may have sent that are not yet public (waiting in proposals).
DOCUMENT_PENDING_QUOTA = env_int("DOCUMENT_PENDING_QUOTA", 20, minimum=1)
DOCUMENT_READ_TIMEOUT = env_int("DOCUMENT_READ_TIMEOUT_SECONDS", 60, minimum=1)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# With REDIS_URL (redis://host:port/db), every cache is one Redis shared by all the app
# servers, through Django's own backend: a page built by one process is served by all,
# a rendering is made once for the site, and rate limits and sessions hold across
# servers. Without it (`make run`), each process keeps its own memory caches and the
# counters that must be shared live in the database.
REDIS_URL = env_str("REDIS_URL", "")


def redis_cache(prefix):
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
        # A Redis that does not answer within this is a miss, never a hung request.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


# What kept pages and fragments depend on (core/cache_tags.py): a sequence number and
# the number at which each tag was last invalidated. Never evicted: a lost number
# would let an outdated page pass for current (Redis evicts only keys that expire, and
# these never do).
CACHE_TAGS_SHARED = bool(REDIS_URL)

if REDIS_URL:
    CACHES = {
        name: redis_cache(name) for name in ("default", "pages", "ratelimit", "sessions", "tags")
    }
    # Sessions are read from Redis and written through to the database, so that
    # losing Redis (a restart, an eviction) signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dossiers",
        },
        # Whole public pages for anonymous readers, and the parts of pages that are
        # the same for everyone, per process (core/page_cache.py).
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 500, minimum=1)},
        },
        # Each process's own: a change made by another process outdates all it kept
        # (the content generation, core/page_cache.py).
        "tags": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tags",
            "OPTIONS": {"MAX_ENTRIES": 10_000_000},
        },
        # Rate-limit counters must be shared by every app server: they live in the
        # database (created by `manage.py createcachetable`).
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "rate_limit_cache",
        },
    }

# Attempts allowed per window: (count, seconds).
RATE_LIMITS = {
    "signup": (env_int("RATE_LIMIT_SIGNUPS_PER_HOUR", 5, minimum=1), 3600),
    # Saves and previews alike: each renders a text. The burst limit stops a flood
    # within half a minute; the hourly one, a steady drip.
    "edit": (env_int("RATE_LIMIT_EDITS_PER_HOUR", 60, minimum=1), 3600),
    "edit-burst": (env_int("RATE_LIMIT_EDITS_PER_HALF_MINUTE", 5, minimum=1), 30),
    # Discussion messages (new threads and replies), per account: moderators are not
    # counted.
    "discussion": (env_int("RATE_LIMIT_MESSAGES_PER_HOUR", 30, minimum=1), 3600),
    "discussion-burst": (env_int("RATE_LIMIT_MESSAGES_PER_MINUTE", 4, minimum=1), 60),
    # Failed log-ins, per typed name and per address, over a quarter of an hour.
    "login-account": (env_int("RATE_LIMIT_FAILED_LOGINS_PER_ACCOUNT", 5, minimum=1), 900),
    "login-address": (env_int("RATE_LIMIT_FAILED_LOGINS_PER_ADDRESS", 30, minimum=1), 900),
}

# Caching proxies in front of the app servers (Varnish, deploy/varnish.vcl): each is
# sent PURGE with the tags of what changed when a change commits (core/proxy.py).
CACHE_PROXY_URLS = env_list("CACHE_PROXY_URLS")

# How long a cached page or fragment may be served while the content is unchanged
# (0: nothing cached).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600, minimum=0)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:contributions"
LOGOUT_REDIRECT_URL = "home"

# Edit summaries are free text, not limited to simple-history's 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Security: safe by default, relaxed only by DEBUG for local development.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A year of HTTPS-only, subdomains included, once the site is served over TLS.
# Preloading is a commitment browsers remember for months: an operator's choice.
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Pages load scripts, styles, images and fonts from this site only, and never run
# inline script: a sanitiser slip in user-written HTML could not execute.
CONTENT_SECURITY_POLICY = content_security_policy()
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Password-reset e-mails: printed on the console unless an SMTP host is configured.
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")

# One JSON object per line on standard error, for the log collector; plain text
# while developing (DJANGO_LOG_FORMAT=text|json).
LOG_FORMAT = env_choice("DJANGO_LOG_FORMAT", {"text", "json"}, "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}

# The read-only API (api/): JSON only, anonymous only (it ignores sessions, so an
# address answers everyone alike), published content only.
API_ANONYMOUS_RATE = env_rate("API_ANONYMOUS_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": gettext_lazy("Villes sous surveillance — API"),
    "DESCRIPTION": gettext_lazy(
        "Les dossiers publiés, leurs fiches, les acteurs, les sources et les "
        "modifications récentes, en lecture seule : les mêmes tables que les fichiers "
        "de /donnees/, sous la même licence (ODbL 1.0)."
    ),
    # Resources in the order they are registered: communes and dossiers first.
    "SORT_OPERATIONS": False,
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/(en/)?api/",
    "SCHEMA_COERCE_PATH_PK": False,
    # The documentation page's assets are served by this site (drf-spectacular-sidecar).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.complete_operations",
    ],
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "api.schema.actor_kinds",
        "SourceKindEnum": "api.schema.source_kinds",
    },
}
# Other sites' pages may read the API and the open-data files (GET only, no cookies).
CORS_URLS_REGEX = r"^/(en/)?(api|donnees)/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# Markdown rendering runs in a separate process. Each text may use this much of the
# worker's CPU time (seconds), whatever the load; the wall-clock limit only stops a
# worker that is stuck.
MARKDOWN_RENDER_CPU_SECONDS = 2.0
MARKDOWN_RENDER_WALL_SECONDS = 10.0
