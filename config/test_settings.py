"""Settings for the test suite: production settings with test-only relaxations."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
# A server process needs one connection per gunicorn thread; the test process runs the
# test, the live server's threads and the race tests' writers at once.
os.environ.setdefault("DATABASE_POOL_SIZE", "16")

from config.database import SQLITE_ENGINE
from config.settings import *  # noqa: F403
from config.settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="dossiers-test-documents-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The open-data files of the test run (opendata/): never the working tree's media/.
OPENDATA_ROOT = tempfile.mkdtemp(prefix="dossiers-test-opendata-")
# Serve static files from the source folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == SQLITE_ENGINE:
    # A real file, not the in-memory default, so WAL, locking and the busy
    # timeout behave as they do in production.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"dossiers-test-{os.getpid()}.sqlite3")
    }

# Generous limits so tests that sign up or edit many times are not throttled;
# the rate-limit tests set their own.
RATE_LIMITS = {
    "signup": (1000, 3600),
    "edit": (1000, 3600),
    "edit-burst": (1000, 60),
    "discussion": (1000, 3600),
    "discussion-burst": (1000, 60),
    "login-account": (5, 900),
    "login-address": (30, 900),
}

# Query budgets measure what a page costs to build: the whole-page cache is off, and
# tests/test_page_cache.py turns it on to test it.
PAGE_CACHE_SECONDS = 0

# The API is not throttled in tests but by the throttling test, which sets its rate.
API_ANONYMOUS_RATE = ""
