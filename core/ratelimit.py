"""Rate limits, counted in a cache shared by every app server.

Limits are set in settings.RATE_LIMITS as {name: (count, seconds)}. Attempts are
counted per fixed window, each window under a key of its own (its number since the
epoch), so a count never needs resetting. A key is over its limit when the current
window and the one before it hold `count` attempts together: no stretch of one window's
length, wherever its edges fall, ever lets more than `count` through, and a key that
went over waits between one and two windows.
"""

import time

from django.conf import settings
from django.core.cache import caches

CACHE_ALIAS = "ratelimit"


def limit_reached(name, key, *, cost=1):
    """Count an attempt of `name` by `key` (as `cost` attempts); True if it goes over."""
    count, window = settings.RATE_LIMITS[name]
    cache = caches[CACHE_ALIAS]
    current, previous = _window_keys(name, key, window)
    # Each count is read during its own window and the next one.
    lifetime = 2 * window
    if cache.add(current, cost, timeout=lifetime):
        attempts = cost
    else:
        try:
            attempts = cache.incr(current, cost)
        except ValueError:  # expired between add() and incr()
            cache.set(current, cost, timeout=lifetime)
            attempts = cost
        else:
            # incr() writes the entry again with the cache's default timeout.
            cache.touch(current, timeout=lifetime)
    return attempts + (cache.get(previous) or 0) > count


def attempts_over(name, key):
    """Whether `key` already used up the limit of `name`, without counting an attempt."""
    count, window = settings.RATE_LIMITS[name]
    counts = caches[CACHE_ALIAS].get_many(_window_keys(name, key, window))
    return sum(counts.values()) >= count


def limits_reached(key, *names):
    """Count one attempt by `key` against each of the limits `names` (a burst and an
    hourly one, say); True if it goes over any. A key already over one is refused after
    a read and not counted: a flood costs as little as possible."""
    if any(attempts_over(name, key) for name in names):
        return True
    # Every limit counts the attempt (a list, not a generator: any() would stop early).
    return any([limit_reached(name, key) for name in names])


def client_address(request):
    """The client's IP address. Behind a proxy, the deployment must set REMOTE_ADDR."""
    return request.META.get("REMOTE_ADDR", "unknown")


def _window_keys(name, key, window):
    """The keys of the current window's count and of the one before it."""
    number = int(time.time() // window)
    return f"{name}:{key}:{number}", f"{name}:{key}:{number - 1}"
