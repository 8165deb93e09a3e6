"""REST answers kept as rendered JSON per row version (decision 005; SCIM's rows: decision 003).

A row's rendered text is kept under two things that together name everything its rendering reads:

- the *scope*, built once per request: which serializer, and every tenant setting it reads (date
  format, time zone, domain, switches, the custom-field definitions it prints);
- the *key*, built per row: the row's :meth:`~.store.Table.stamp`, plus the
  :meth:`~.store.Table.version` of other tables it reads.

Stamps and versions are never handed out twice in a process, so a key can never meet content other than
the one it was rendered from: a write drops the stamp, and the next read renders afresh. The cache is a
:class:`~.store.State`'s (``state.rendered``): restore, import and reseed swap in a new state, so they
start with an empty cache; a reset undoes writes in place, and each undone row gets a new stamp too.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable

_COMPACT = (",", ":")


class JsonBody(bytes):
    """A body already encoded as ``json.dumps(value, separators=(",", ":")).encode()`` would be: sent as it is.

    Kept texts are ``JsonBody`` objects, so a surface may keep what it derives from one on it (Lessonly's
    ETag: ``etag``): bytes never change, so neither does what is derived from them."""


def dumps(value: Any) -> bytes:
    return json.dumps(value, separators=_COMPACT).encode()


def json_array(items: list[bytes]) -> JsonBody:
    """The JSON array of already-encoded items, as ``dumps`` of the list would give it.

    A 1,000-row TalentLMS page is ~700 kB: the brackets go onto the first and last item so that the
    page is copied once (by the join), not three times."""
    if not items:
        return JsonBody(b"[]")
    items = list(items)
    items[0] = b"[" + items[0]
    items[-1] = items[-1] + b"]"
    return JsonBody(b",".join(items))


def json_object(payload: dict[str, Any], **arrays: list[bytes]) -> JsonBody:
    """``dumps(payload)`` where each key named in ``arrays`` holds that list of already-encoded items."""
    parts = []
    for key, value in payload.items():
        parts.append(dumps(key) + b":")
        if key in arrays:
            parts.append(json_array(arrays[key]))
        else:
            parts.append(dumps(value))
        parts.append(b",")
    parts[-1] = b"}"
    return JsonBody(b"{" + b"".join(parts))


class Rendered:
    """Rendered rows by (scope, key), bounded in total size.

    The bound counts bytes plus an allowance per entry for its dict slot and string header.
    Emptying the cache is always safe (the next reads render afresh), so going over the bound empties
    it, as SCIM's row cache does (decision 003).
    """

    LIMIT = 16_000_000
    ENTRY_OVERHEAD = 100

    def __init__(self, limit: int | None = None) -> None:
        self.limit = self.LIMIT if limit is None else limit
        self._scopes: dict[Any, dict[Any, bytes]] = {}
        self.size = 0

    def __len__(self) -> int:
        return sum(len(c) for c in self._scopes.values())

    def clear(self) -> None:
        self._scopes.clear()
        self.size = 0

    def rows(self, scope: Any, rows: Iterable[Any], key: Callable[[Any], Any],
             render: Callable[[Any], Any]) -> list[bytes]:
        """Each row's JSON (bytes): kept under ``key(row)``, else ``render(row)`` encoded and kept.

        A rendering may write (TalentLMS mints a login key on first read), so a new text is kept under
        the key taken *after* rendering, which names what was rendered.
        """
        cache = self._scopes.get(scope)
        if cache is None:
            cache = self._scopes[scope] = {}
        out = []
        for row in rows:
            text = cache.get(key(row))
            if text is None:
                text = JsonBody(dumps(render(row)))
                cache = self._keep(scope, cache, key(row), text)
            out.append(text)
        return out

    def one(self, scope: Any, row: Any, key: Callable[[Any], Any], render: Callable[[Any], Any]) -> JsonBody:
        """One row's JSON: the kept text itself (a ``JsonBody``), not a copy."""
        return self.rows(scope, (row,), key, render)[0]

    def text(self, scope: Any, key: Callable[[], Any], build: Callable[[], bytes]) -> JsonBody:
        """A whole text built from many rows (a list page's joined rows), kept under ``key()``: the key
        names every table the text reads by its version, so any write to one of them leaves it behind.
        As in :meth:`rows`, a new text is kept under the key taken after building it."""
        cache = self._scopes.get(scope)
        if cache is None:
            cache = self._scopes[scope] = {}
        text = cache.get(key())
        if text is None:
            text = build()
            if text.__class__ is not JsonBody:
                text = JsonBody(text)
            self._keep(scope, cache, key(), text)
        return text

    def _keep(self, scope: Any, cache: dict[Any, bytes], key: Any, text: bytes) -> dict[Any, bytes]:
        self.size += len(text) + self.ENTRY_OVERHEAD
        if self.size > self.limit:
            self.clear()
            cache = self._scopes[scope] = {}
            self.size = len(text) + self.ENTRY_OVERHEAD
        cache[key] = text
        return cache
