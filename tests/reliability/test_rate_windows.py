"""Rate windows stay exact under any clock movement the control API allows (issue 14, item 9)."""

from __future__ import annotations

from emulator.core.clock import Clock
from emulator.core.ratelimit import KEPT_WINDOWS, RateLimiter, Window


def admitted(limiter: RateLimiter, tries: int) -> int:
    return sum(limiter.hit() is None for _ in range(tries))


def test_stepping_back_and_forward_again_does_not_refill_a_window():
    clock = Clock()
    clock.freeze(1_000_000.0)
    limiter = RateLimiter([Window("5s", 200, 5)], clock)
    assert admitted(limiter, 300) == 200
    clock.set(999_000.0)  # back: an earlier window, with its own budget
    assert admitted(limiter, 300) == 200
    clock.set(1_000_002.0)  # forward again, into the first window
    assert admitted(limiter, 300) == 0
    clock.advance(3)  # the next window
    assert admitted(limiter, 300) == 200


def test_windows_of_two_sizes_both_hold_across_jumps():
    clock = Clock()
    clock.freeze(7_200.0)
    limiter = RateLimiter([Window("hour", 250, 3600), Window("5s", 200, 5)], clock)
    assert admitted(limiter, 200) == 200
    for step in (-4000, 4000, -10, 10):
        clock.advance(step)
        limiter.hit()
    clock.set(7_200.0)
    assert admitted(limiter, 300) == 0  # the 5 s window is full
    clock.advance(5)
    assert admitted(limiter, 300) == 50  # the hour allows 250 and kept its 200 (the jumps landed in other hours)


def test_memory_stays_bounded_under_many_jumps():
    clock = Clock()
    clock.freeze(0.0)
    limiter = RateLimiter([Window("5s", 1, 5)], clock)
    for i in range(10 * KEPT_WINDOWS):
        clock.set(i * 5.0)
        limiter.hit()
    assert len(limiter._states["5s"]) == KEPT_WINDOWS
    assert limiter.peek()[0].used == 1
