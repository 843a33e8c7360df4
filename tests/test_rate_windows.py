"""Rate limits hold across the edge of a counting window (issue 14's login throttle
once let a sixth attempt through because the fifth failure and the sixth attempt fell
on either side of a quarter-hour boundary)."""

import pytest

from core import ratelimit
from core.ratelimit import attempts_over, limit_reached

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """A settable clock. It replaces time.time() for the cache's expiry times too, so
    `base` (the start of the hour after next, measured on the real clock) is where
    the tests start from."""
    import time

    class Clock:
        base = (time.time() // 3600 + 2) * 3600
        now = base

    monkeypatch.setattr(ratelimit.time, "time", lambda: Clock.now)
    return Clock


def test_attempts_just_before_a_window_edge_still_count_just_after_it(settings, clock):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit": (5, 900)}
    clock.now = clock.base - 1
    for _ in range(5):
        assert not limit_reached("edit", "lea")
    clock.now = clock.base + 1
    assert attempts_over("edit", "lea")
    assert limit_reached("edit", "lea")


def test_no_more_than_the_limit_within_any_window_length(settings, clock):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit": (3, 60)}
    allowed = []
    # One attempt every five seconds for five minutes, starting late in a window.
    for step in range(60):
        clock.now = clock.base + 45 + 5 * step
        if not limit_reached("edit", "lea"):
            allowed.append(clock.now)
    assert allowed
    for start in allowed:
        assert sum(1 for t in allowed if start <= t < start + 60) <= 3


def test_a_count_ends_two_windows_after_its_own(settings, clock):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit": (2, 60)}
    clock.now = clock.base
    limit_reached("edit", "lea")
    limit_reached("edit", "lea")
    assert attempts_over("edit", "lea")
    clock.now = clock.base + 60
    assert attempts_over("edit", "lea")
    clock.now = clock.base + 120
    assert not attempts_over("edit", "lea")
    assert not limit_reached("edit", "lea")
