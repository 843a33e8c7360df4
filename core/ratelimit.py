"""Fixed-window rate limits, counted in a cache shared by every app server.

Limits are set in settings.RATE_LIMITS as {name: (count, seconds)}. Each window has
a key of its own (its number since the epoch), so a count never outlives its window
and never needs resetting.
"""

import time

from django.conf import settings
from django.core.cache import caches

CACHE_ALIAS = "ratelimit"


def limit_reached(name, key, *, cost=1):
    """Count an attempt of `name` by `key` (as `cost` attempts); True if it goes over."""
    count, window = settings.RATE_LIMITS[name]
    cache = caches[CACHE_ALIAS]
    cache_key = _window_key(name, key, window)
    if cache.add(cache_key, cost, timeout=window):
        return cost > count
    try:
        attempts = cache.incr(cache_key, cost)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, cost, timeout=window)
        attempts = cost
    else:
        # incr() writes the entry again with the cache's default timeout.
        cache.touch(cache_key, timeout=window)
    return attempts > count


def attempts_over(name, key):
    """Whether `key` already used up the limit of `name`, without counting an attempt."""
    count, window = settings.RATE_LIMITS[name]
    return (caches[CACHE_ALIAS].get(_window_key(name, key, window)) or 0) >= count


def client_address(request):
    """The client's IP address. Behind a proxy, the deployment must set REMOTE_ADDR."""
    return request.META.get("REMOTE_ADDR", "unknown")


def _window_key(name, key, window):
    return f"{name}:{key}:{int(time.time() // window)}"
