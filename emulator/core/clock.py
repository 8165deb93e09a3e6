"""The emulator's only source of "now": real time, or frozen and advanced by tests.

Every timestamp a vendor writes, every rate-limit window and every deactivation date reads this
clock, so a test can move time forward instead of sleeping.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone


class Clock:
    """Real time plus an offset, or a frozen instant. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen_at: float | None = None

    def now(self) -> float:
        """Seconds since the epoch (UTC), as the emulator sees them."""
        frozen = self._frozen_at
        if frozen is not None:
            return frozen
        return time.time() + self._offset

    def now_dt(self) -> datetime:
        return datetime.fromtimestamp(self.now(), tz=timezone.utc)

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def freeze(self, at: float | None = None) -> None:
        with self._lock:
            self._frozen_at = self.now() if at is None else float(at)

    def unfreeze(self) -> None:
        """Let time run again from the frozen instant (no jump back to wall time)."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - time.time()
                self._frozen_at = None

    def set(self, at: float) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = float(at)
            else:
                self._offset = float(at) - time.time()

    def advance(self, seconds: float) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
            self._frozen_at = None

    def to_dict(self) -> dict:
        now = self.now()
        return {
            "now": now,
            "iso": datetime.fromtimestamp(now, tz=timezone.utc).isoformat(),
            "frozen": self.frozen,
            "offset_seconds": 0.0 if self.frozen else self._offset,
        }
