import time

from emulator.core.clock import Clock
from emulator.core.ratelimit import RateLimiter, Window


def test_frozen_clock_stands_still_and_advances_on_demand():
    clock = Clock()
    clock.freeze(1000.0)
    assert clock.now() == 1000.0
    clock.advance(60)
    assert clock.now() == 1060.0
    clock.unfreeze()
    assert 1060.0 <= clock.now() < 1061.0  # runs on from where it stood, no jump back


def test_real_clock_moves_with_offset():
    clock = Clock()
    clock.advance(3600)
    assert abs(clock.now() - (time.time() + 3600)) < 1
    clock.reset()
    assert abs(clock.now() - time.time()) < 1


def test_windows_follow_the_clock_and_the_tightest_one_refuses():
    clock = Clock()
    clock.freeze(10_000.0)  # a multiple of 5 and of 3600 boundaries below
    limiter = RateLimiter([Window("hour", 10, 3600), Window("5s", 3, 5)], clock)
    assert [limiter.hit() for _ in range(3)] == [None, None, None]
    refused = limiter.hit()
    assert refused is not None and refused.window.name == "5s"
    clock.advance(5)
    assert limiter.hit() is None
    hour = limiter.peek()[0]
    assert hour.used == 4 and hour.remaining == 6  # the refused call was not counted
    for _ in range(6):
        clock.advance(5)
        limiter.hit()
    clock.advance(5)
    assert limiter.hit().window.name == "hour"
    clock.advance(3600)
    assert limiter.hit() is None


def test_hour_window_resets_on_the_hour():
    clock = Clock()
    clock.freeze(7200.0 + 3599)
    limiter = RateLimiter([Window("hour", 1, 3600)], clock)
    assert limiter.hit() is None
    assert limiter.hit() is not None
    assert limiter.peek()[0].reset_at == 10800.0
    clock.advance(1)
    assert limiter.hit() is None
