"""Strict readers for settings taken from environment variables.

A malformed value stops start-up with a message naming the variable, rather than
silently falling back to a default.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=None):
    """The variable's value; unset or empty gives the default."""
    return os.environ.get(name) or default


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of "
        f"{sorted(TRUE_WORDS)} or {sorted(FALSE_WORDS - {''})}."
    )


def env_int(name, default, *, minimum=None):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_choice(name, choices, default):
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of {sorted(choices)}.")
    return value


def env_rate(name, default):
    """A request rate, « 120/minute » (per second, minute, hour or day), or « off »
    for no limit (given as "")."""
    value = env_str(name, default).strip()
    if value == "off":
        return ""
    if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", value):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate: write « 120/minute » (per second, minute, "
            "hour or day), or « off »."
        )
    return value


def env_list(name, default=()):
    """A comma-separated list; blank items are dropped."""
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# What a server must be told outside DEBUG: no secret key made up, no database or
# documents folder silently created inside the release checkout.
REQUIRED_TO_SERVE = ("DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_DOCUMENTS_ROOT")


def require_serving_settings(settings):
    """Called where the site starts serving: stop with a clear message naming what
    is missing."""
    if settings.DEBUG:
        return
    for name in REQUIRED_TO_SERVE:
        if not env_str(name):
            raise ImproperlyConfigured(
                f"The environment variable {name} must be set to serve the site."
            )


def worker_threads():
    """Threads per gunicorn worker; each needs a database connection of its own."""
    return env_int("GUNICORN_THREADS", 2, minimum=1)
