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


#: windows remembered per limit: the clock may step back and forward again (the control API allows
#: it), and a window it returns to keeps the calls it already counted
KEPT_WINDOWS = 64


class RateLimiter:
    """Counts calls in fixed windows aligned on multiples of each window's length.

    Each window's count is kept by its start, not only the current one: stepping the clock back
    and then forward again into a window finds that window's calls still counted.
    """

    def __init__(self, windows: list[Window], clock: Clock) -> None:
        self.windows = list(windows)
        self.clock = clock
        self._lock = threading.Lock()
        self._states: dict[str, dict[float, WindowState]] = {}

    def _state(self, window: Window, now: float) -> WindowState:
        start = math.floor(now / window.seconds) * window.seconds
        kept = self._states.setdefault(window.name, {})
        state = kept.get(start)
        if state is None:
            state = kept[start] = WindowState(window, start, 0)
            if len(kept) > KEPT_WINDOWS:  # forget the window that has gone unused longest
                del kept[next(iter(kept))]
        else:  # most recently used last, so the oldest-used goes first
            kept[start] = kept.pop(start)
        return state

    def hit(self) -> WindowState | None:
        """Count one call. Returns the exhausted window (and counts nothing) when over a limit."""
        with self._lock:
            now = self.clock.now_untracked()
            states = [self._state(w, now) for w in self.windows]
            for state in states:
                if state.used >= state.window.limit:
                    return state
            for state in states:
                state.used += 1
            return None

    def peek(self) -> list[WindowState]:
        with self._lock:
            now = self.clock.now_untracked()
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
