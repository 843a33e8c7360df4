"""Fixed-window rate limits, counted in a cache shared by every app server.

Limits are set in settings.RATE_LIMITS as {name: (count, seconds)}.
"""

from django.conf import settings
from django.core.cache import caches

CACHE_ALIAS = "ratelimit"


def limit_reached(name, key):
    """Count one attempt of `name` by `key`; True if it goes over the limit."""
    count, window = settings.RATE_LIMITS[name]
    cache = caches[CACHE_ALIAS]
    cache_key = f"{name}:{key}"
    if cache.add(cache_key, 1, timeout=window):
        return count < 1
    try:
        attempts = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=window)
        attempts = 1
    return attempts > count


def attempts_over(name, key):
    """Whether `key` already went over the limit of `name`, without counting an attempt."""
    count, _window = settings.RATE_LIMITS[name]
    return (caches[CACHE_ALIAS].get(f"{name}:{key}") or 0) >= count


def client_address(request):
    """The client's IP address. Behind a proxy, the deployment must set REMOTE_ADDR."""
    return request.META.get("REMOTE_ADDR", "unknown")
