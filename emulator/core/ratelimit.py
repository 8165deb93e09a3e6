"""Window counters driven by the emulator's clock.

Why not the ``limits`` library: its in-memory storage reads ``time.time()`` directly, so a test that
advances the emulator's clock would not move its windows. Fixed windows aligned on the clock are all
the three vendors need (TalentLMS: an hourly budget reset on the hour plus 200 calls per 5 s;
Skilljar: a minute burst and an hour; Lessonly: 500 a minute), and a counter per window is a few
lines, so we keep our own.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from .clock import Clock


@dataclass(frozen=True)
class Window:
    name: str  # e.g. "hour", "5s"
    limit: int
    seconds: float


@dataclass
class WindowState:
    window: Window
    start: float
    used: int

    @property
    def reset_at(self) -> float:
        return self.start + self.window.seconds

    @property
    def remaining(self) -> int:
        return max(0, self.window.limit - self.used)


class RateLimiter:
    """Counts calls in fixed windows aligned on multiples of each window's length."""

    def __init__(self, windows: list[Window], clock: Clock) -> None:
        self.windows = list(windows)
        self.clock = clock
        self._lock = threading.Lock()
        self._states: dict[str, WindowState] = {}

    def _state(self, window: Window, now: float) -> WindowState:
        start = math.floor(now / window.seconds) * window.seconds
        state = self._states.get(window.name)
        if state is None or state.start != start:
            state = WindowState(window, start, 0)
            self._states[window.name] = state
        return state

    def hit(self) -> WindowState | None:
        """Count one call. Returns the exhausted window (and counts nothing) when over a limit."""
        with self._lock:
            now = self.clock.now()
            states = [self._state(w, now) for w in self.windows]
            for state in states:
                if state.used >= state.window.limit:
                    return state
            for state in states:
                state.used += 1
            return None

    def peek(self) -> list[WindowState]:
        with self._lock:
            now = self.clock.now()
            return [self._state(w, now) for w in self.windows]

    def reset(self) -> None:
        with self._lock:
            self._states.clear()

    def to_dict(self) -> list[dict]:
        return [
            {
                "window": s.window.name,
                "limit": s.window.limit,
                "seconds": s.window.seconds,
                "used": s.used,
                "remaining": s.remaining,
                "reset_at": s.reset_at,
            }
            for s in self.peek()
        ]
