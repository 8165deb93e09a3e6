"""What a tenant's live state wears while a data dir is set: tables and ``meta`` that note each write.

Nothing here exists for an in-memory emulator: :func:`attach` gives a state's tables the
:class:`LoggedTable` class and its ``meta`` a :class:`Meta` only when the tenant is persisted, so a
table write with no data dir runs exactly the code it ran before (zero added cost).

Each write notes ``(op, table, key, row)`` in the tenant's :class:`Pending`; the row object itself is
kept, and pickled only at commit, so a row changed in place after its ``insert``/``update`` in the same
request is stored with its final content. Both classes pickle as their plain originals, so snapshots,
exports and the reset baseline never carry a reference to the log.
"""

from __future__ import annotations

import copyreg
import threading
from typing import Any, Callable

from ..store import State, Table

#: meta keys whose values are written a few entries at a time (marked by path with Meta.touch), so a
#: commit stores the entries that changed, not the whole (possibly 100,000-entry) value: the SCIM
#: sidecar (core.scim.sidecar.KEY, which touches what it writes)
NESTED = frozenset({"scim_sidecar"})


class Pending:
    """The writes a tenant's state received since its last commit."""

    __slots__ = ("rows", "meta")

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, Any, Any]] = []
        self.meta: dict[tuple, None] = {}

    def __bool__(self) -> bool:
        return bool(self.rows) or bool(self.meta)

    def drain(self, meta: dict) -> list[tuple]:
        """The records to store, in write order: ``("i"|"u", table, key, row)``, ``("d", table, key, None)``,
        then ``("m", path, None, value)`` / ``("x", path, None, None)`` for meta entries set / gone."""
        records: list[tuple] = []
        live: dict[tuple[str, Any], Any] = {}  # (table, key) -> row object already recorded in this batch
        for op, table, key, row in self.rows:
            if op == "d":
                live.pop((table, key), None)
                records.append((op, table, key, None))
            elif op == "i" or live.get((table, key)) is not row:
                live[(table, key)] = row
                records.append((op, table, key, row))
            # else: an update of a row this batch already records; it is pickled with its final content
        for path in self.meta:
            found, value = lookup(meta, path)
            records.append(("m", path, None, value) if found else ("x", path, None, None))
        self.rows = []
        self.meta = {}
        return records


def lookup(meta: dict, path: tuple) -> tuple[bool, Any]:
    node: Any = meta
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


class LoggedTable(Table):
    """A :class:`Table` that notes every write in its tenant's :class:`Pending`."""

    _log: Pending
    _name: str

    def insert(self, row: Any) -> Any:
        Table.insert(self, row)
        self._log.rows.append(("i", self._name, getattr(row, self.spec.primary_key), row))
        return row

    def update(self, row: Any, **changes: Any) -> Any:
        Table.update(self, row, **changes)
        self._log.rows.append(("u", self._name, getattr(row, self.spec.primary_key), row))
        return row

    def delete(self, row: Any) -> None:
        key = getattr(row, self.spec.primary_key)
        if key in self._rows:
            Table.delete(self, row)
            self._log.rows.append(("d", self._name, key, None))

    def __reduce_ex__(self, protocol: Any) -> tuple:
        state = Table.__getstate__(self)
        state.pop("_log", None)
        state.pop("_name", None)
        return (copyreg._reconstructor, (Table, object, None), state)  # a plain Table when read back


class Meta(dict):
    """``State.meta`` that notes which keys a write touched (top-level keys; paths for NESTED ones)."""

    __slots__ = ("_log",)

    def __setitem__(self, key: Any, value: Any) -> None:
        dict.__setitem__(self, key, value)
        self._log.meta[(key,)] = None

    def __delitem__(self, key: Any) -> None:
        dict.__delitem__(self, key)
        self._log.meta[(key,)] = None

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in NESTED or key not in self:  # the caller may change what it gets back
            self._log.meta[(key,)] = None
        return dict.setdefault(self, key, default)

    def pop(self, key: Any, *default: Any) -> Any:
        self._log.meta[(key,)] = None
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple:
        key, value = dict.popitem(self)
        self._log.meta[(key,)] = None
        return key, value

    def update(self, *args: Any, **kwargs: Any) -> None:
        dict.update(self, *args, **kwargs)
        for key in dict(*args, **kwargs):
            self._log.meta[(key,)] = None

    def clear(self) -> None:
        for key in self:
            self._log.meta[(key,)] = None
        dict.clear(self)

    def touch(self, *path: Any) -> None:
        """A NESTED entry at ``path`` was written (or removed) in place."""
        self._log.meta[path] = None

    def __reduce__(self) -> tuple:
        return (dict, (dict(self),))


def attach(state: State) -> Pending:
    """Make ``state`` note its writes in a new :class:`Pending` (returned). Call under the tenant lock."""
    pending = Pending()
    for name in state.tables:
        table = state.table(name)
        table.__class__ = LoggedTable
        table._log = pending
        table._name = name
    meta = Meta(state.meta)
    meta._log = pending
    state.meta = meta
    return pending


def apply(state: State, records: list[tuple]) -> None:
    """Replay stored records onto ``state`` (start-up). Keys are written as recorded, without the
    uniqueness checks the original writes already passed (a batch stores a row once, with its final
    content, so its records may pass through orders the live writes never did)."""
    for op, name, key, value in records:
        if op == "m" or op == "x":
            _set_path(state.meta, name, value, remove=op == "x")
            continue
        if name not in state.tables:
            continue
        table = state.table(name)
        old = table._rows.get(key)
        if old is not None:
            table._unindex(old, key)
        if op == "d":
            if old is not None:
                del table._rows[key]
                table._order.remove(key)
            continue
        if old is None:
            table._order.append(key)
        table._rows[key] = value
        table._index(value, key)


def _set_path(meta: dict, path: tuple, value: Any, remove: bool) -> None:
    node = meta
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            if remove:
                return
            child = node[part] = {}
        node = child
    if remove:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


class CommittingLock:
    """The tenant lock while a data dir is set: a re-entrant lock whose outermost release commits the
    writes made under it, so every writer that holds the lock (a request, a control route, a webhook
    worker) has its writes stored before the lock, and with it the answer, goes out."""

    __slots__ = ("_lock", "_commit", "_depth")

    def __init__(self, commit: Callable[[], None]) -> None:
        self._lock = threading.RLock()
        self._commit = commit
        self._depth = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if self._lock.acquire(blocking, timeout):
            self._depth += 1
            return True
        return False

    def release(self) -> None:
        if self._depth == 1:
            try:
                self._commit()
            finally:
                self._depth = 0
                self._lock.release()
        else:
            self._depth -= 1
            self._lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: Any) -> None:
        self.release()
