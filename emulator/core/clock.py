"""The emulator's only source of "now": real time, or frozen and advanced by tests.

Every timestamp a vendor writes, every rate-limit window and every deactivation date reads this
clock, so a test can move time forward instead of sleeping.
"""

from __future__ import annotations

import math
import threading
import time
from datetime import datetime, timezone
from typing import Any

from .memo import clock_read

MAX_EPOCH = 253402300799.0  # 9999-12-31T23:59:59Z: the last instant every date formatter can print


def instant(value: Any) -> float | None:
    """Epoch seconds from a number, an ISO 8601 string with offset ("2030-01-01T00:00:00Z") or an
    aware datetime, within 1970..9999; None for anything else."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        at = float(value)
    elif isinstance(value, (str, datetime)):
        try:
            dt = value if isinstance(value, datetime) else datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if dt.tzinfo is None:
            return None
        at = dt.timestamp()
    else:
        return None
    return at if math.isfinite(at) and 0 <= at <= MAX_EPOCH else None


class Clock:
    """Real time plus an offset, or a frozen instant. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen_at: float | None = None

    def now(self) -> float:
        """Seconds since the epoch (UTC), as the emulator sees them. An answer built after this call
        depends on the time, so it is never replayed from the answer memo (core/memo.py)."""
        clock_read()
        frozen = self._frozen_at
        if frozen is not None:
            return frozen
        return time.time() + self._offset

    def now_untracked(self) -> float:
        """:meth:`now` for bookkeeping that never shapes an answer's bytes (the journal's time, rate-limit
        windows, delivery attempts): reading it leaves an answer replayable."""
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

    def settings(self) -> dict:
        """What :meth:`load` takes back (a data dir keeps it): the offset from real time, or the frozen instant."""
        with self._lock:
            return {"offset": self._offset, "frozen_at": self._frozen_at}

    def load(self, settings: dict) -> None:
        with self._lock:
            self._offset = float(settings.get("offset") or 0.0)
            frozen = settings.get("frozen_at")
            self._frozen_at = None if frozen is None else float(frozen)

    def to_dict(self) -> dict:
        now = self.now()
        return {
            "now": now,
            "iso": datetime.fromtimestamp(now, tz=timezone.utc).isoformat(),
            "frozen": self.frozen,
            "offset_seconds": 0.0 if self.frozen else self._offset,
        }
