"""Whole answers of repeated reads, replayed while nothing they could depend on has changed.

A vendor GET's answer is a function of the request and the emulator's state. Under ``serve`` every
change to that state arrives either as a request (a vendor write, any control call) or as a row
written through :class:`core.store.Table` (a read that mints a login key, a webhook outcome written by
a delivery thread); both move :func:`changed`'s generation. An answer computed while the generation
stood still, by a handler that did not read the clock, is kept under its request (method, path,
query, every header, the server's name and scheme) and replayed to the same request while the
generation is unchanged: the journal still records it, the rate limit still counts it, and the
vendor's per-request headers (Lessonly's ``X-Request-Id``, ``X-Runtime``) are made afresh.

What is never kept: answers while a fault rule is active, answers that read the clock (TalentLMS's
due deactivation dates, Lessonly's assignment status), answers of writes, refusals before a tenant was
known, and anything on the control plane. Decision 007 records the design and what it measured.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterator

_counter = itertools.count(1)
#: the current generation, in a list so a write is one item assignment. Each assignment stores a number
#: no assignment stored before, so once the generation moves off a value it never comes back to it,
#: whatever order two writers' assignments land in.
_current = [0]
_local = threading.local()


def changed() -> None:
    """Something a read could show has changed (or is about to): every kept answer is stale."""
    if not _local.__dict__.get("unseen"):
        _current[0] = next(_counter)


@contextlib.contextmanager
def unseen() -> Iterator[None]:
    """Writes on this thread, meanwhile, are to a state no request sees (one dropped by a restore or import,
    being freed): they leave kept answers good. Swapping a state in or out is a change of its own."""
    _local.unseen = True
    try:
        yield
    finally:
        _local.unseen = False


def generation() -> int:
    return _current[0]


def clock_read() -> None:
    """The running request's answer depends on the clock (called by ``Clock.now``)."""
    _local.reads = getattr(_local, "reads", 0) + 1


def clock_reads() -> int:
    """How often this thread has read the clock (compared before and after a request)."""
    return getattr(_local, "reads", 0)


#: request values a vendor answer may read besides the headers (Skilljar's DRF links print scheme and host)
_KEYED = ("PATH_INFO", "QUERY_STRING", "SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL",
          "CONTENT_TYPE", "wsgi.url_scheme")
MEMO_METHODS = frozenset({"GET", "HEAD"})


@dataclass(slots=True)
class Kept:
    """One kept answer and what replaying it must redo."""

    generation: int
    request_headers: dict[str, str]  # the journal's copy of the request's headers (the key holds them all)
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    journal_headers: dict[str, str]
    journal_body: Any
    tenant: Any  # the Tenant whose limiter a replay counts against
    state: Any  # its state when kept: a reset, restore or import swaps in another (checked on replay)
    tenant_name: str
    counted: bool
    hint: str | None
    fresh: Callable[[dict, list], list] | None  # the surface's per-request headers, or None


class AnswerMemo:
    """Kept answers by request, at most ``max_entries`` and ``max_bytes`` of bodies (then emptied)."""

    def __init__(self, max_entries: int = 4096, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: dict[tuple, Kept] = {}
        self._bytes = 0
        self.hits = 0
        self.stored = 0

    @staticmethod
    def key(environ: dict) -> tuple | None:
        """What the answer may depend on in the request, or None for a request that is never kept."""
        if environ.get("REQUEST_METHOD") not in MEMO_METHODS or environ.get("CONTENT_LENGTH") not in (None, "", "0"):
            return None
        parts: list = [environ["REQUEST_METHOD"]]
        parts += [environ.get(name) for name in _KEYED]
        parts += [(k, v) for k, v in environ.items() if k.startswith("HTTP_")]
        return tuple(parts)

    def get(self, key: tuple) -> Kept | None:
        kept = self._entries.get(key)
        if kept is None or kept.generation != _current[0] or kept.tenant.state is not kept.state:
            return None
        self.hits += 1
        return kept

    def put(self, key: tuple, kept: Kept) -> None:
        size = len(kept.body) + 200
        if size > self.max_bytes // 4:
            return
        entries = self._entries
        if len(entries) >= self.max_entries or self._bytes + size > self.max_bytes:
            entries.clear()  # always safe: the next reads answer afresh and are kept again
            self._bytes = 0
        old = entries.get(key)
        if old is not None:
            self._bytes -= len(old.body) + 200
        entries[key] = kept
        self._bytes += size
        self.stored += 1

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


class ObservedDict(dict):
    """A dict whose every change counts as :func:`changed` (a tenant's switches and settings: the control
    API writes them, and so may a test in-process, e.g. ``monkeypatch.setitem``)."""

    __slots__ = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        changed()  # a tenant's settings replaced whole (a reset puts the configured ones back)

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        changed()

    def __delitem__(self, key) -> None:
        super().__delitem__(key)
        changed()

    def update(self, *args, **kwargs) -> None:
        super().update(*args, **kwargs)
        changed()

    def pop(self, *args):
        value = super().pop(*args)
        changed()
        return value

    def popitem(self):
        item = super().popitem()
        changed()
        return item

    def setdefault(self, key, default=None):
        value = super().setdefault(key, default)
        changed()
        return value

    def clear(self) -> None:
        super().clear()
        changed()

    def __ior__(self, other):
        result = super().__ior__(other)
        changed()
        return result

    def __reduce__(self):  # pickled (snapshots, the data dir) as a plain dict
        return dict, (dict(self),)

    def __deepcopy__(self, memo):
        import copy

        return copy.deepcopy(dict(self), memo)
