"""The request journal: every request and response an emulator saw, bounded, queryable."""

from __future__ import annotations

import itertools
import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_BODY = 16 * 1024  # bytes of each body kept; the rest is cut and marked


@dataclass
class Entry:
    id: int
    time: float
    vendor: str
    method: str
    path: str
    query: str
    request_headers: dict[str, str]
    request_body: str
    tenant: str | None = None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: str = ""
    duration_ms: float | None = None
    hint: str | None = None
    fault: str | None = None
    control: bool = False

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        return data


def clip(body: bytes) -> str:
    text = body[:MAX_BODY].decode("utf-8", errors="replace")
    if len(body) > MAX_BODY:
        text += f"…[{len(body) - MAX_BODY} more bytes]"
    return text


class Journal:
    """A bounded log: the oldest entries drop off once ``capacity`` is reached."""

    def __init__(self, capacity: int = 5000) -> None:
        self.capacity = capacity
        self._entries: deque[Entry] = deque(maxlen=capacity)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def start(self, **fields: Any) -> Entry:
        entry = Entry(id=next(self._ids), **fields)
        with self._lock:
            self._entries.append(entry)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, entry_id: int) -> Entry | None:
        with self._lock:
            for entry in self._entries:
                if entry.id == entry_id:
                    return entry
        return None

    def query(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        path_contains: str | None = None,
        status: int | None = None,
        tenant: str | None = None,
        since_id: int | None = None,
        include_control: bool = False,
        limit: int | None = None,
    ) -> list[Entry]:
        """Entries matching every given filter, oldest first (the newest ``limit`` when set)."""
        with self._lock:
            entries = list(self._entries)
        out = []
        for e in entries:
            if e.control and not include_control:
                continue
            if method and e.method.upper() != method.upper():
                continue
            if path and e.path != path:
                continue
            if path_contains and path_contains.lower() not in e.path.lower():
                continue
            if status is not None and e.status != status:
                continue
            if tenant and e.tenant != tenant:
                continue
            if since_id is not None and e.id <= since_id:
                continue
            out.append(e)
        if limit is not None:
            out = out[-limit:] if limit > 0 else []
        return out
