"""Tables with the indexes a vendor API needs, and whole-tenant state that can be swapped atomically.

A vendor's state class subclasses :class:`State` and declares its tables::

    class TalentState(State):
        tables = {"users": TableSpec(User, unique={"email": str.lower, "login": str.lower})}

Rows are plain dataclasses whose fields hold JSON types (timestamps are float epoch seconds), so
export/import is generic and pickling (snapshots, reset) is cheap.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import pickle
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

from .clock import MAX_EPOCH
from .rendered import Rendered

#: the range of a float field on import: 0001-01-01 to 9999-12-31 as epoch seconds
FLOAT_MIN, FLOAT_MAX = -62135596800.0, MAX_EPOCH

T = TypeVar("T")


#: row stamps, unique in this process: a stamp names one row's content at one moment (see Table.stamp)
_STAMPS = itertools.count(1)


def _identity(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class TableSpec:
    model: type
    #: unique secondary indexes: field name -> normaliser (e.g. ``str.lower`` for emails)
    unique: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    #: non-unique indexes: field name -> normaliser; value -> ids in insertion order
    multi: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    primary_key: str = "id"


class DuplicateKey(Exception):
    def __init__(self, field_name: str, value: Any) -> None:
        super().__init__(f"duplicate {field_name}: {value!r}")
        self.field = field_name
        self.value = value


class Table(Generic[T]):
    """Rows by primary key, in insertion order, with secondary indexes.

    ``page(offset, limit)`` costs O(limit): positions live in a list beside the dict.
    Mutate rows only through :meth:`update` so indexes stay true.
    """

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self._rows: dict[Any, T] = {}
        self._order: list[Any] = []
        self._unique: dict[str, dict[Any, Any]] = {name: {} for name in spec.unique}
        self._multi: dict[str, dict[Any, dict[Any, None]]] = {name: {} for name in spec.multi}
        self._texts: dict[Any, str] = {}  # search text per row, built by search(), dropped on write
        self._stamps: dict[Any, int] = {}  # content stamp per row, given by stamp(), dropped on write
        self._version: int | None = None  # the whole table's stamp, given by version(), dropped on any write

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        # caches: never pickled into snapshots or the reset baseline (a restored row gets a new stamp)
        state["_texts"] = {}
        state["_stamps"] = {}
        state["_version"] = None
        packed = _pack(self.spec.model, self._rows)
        if packed is not None:
            del state["_rows"]
            state["_packed"] = packed
        return state

    def __setstate__(self, state: dict) -> None:
        packed = state.pop("_packed", None)
        self.__dict__.update(state)
        if packed is not None:
            self._rows = _unpack(self.spec.model, *packed)

    # reads
    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._rows.values()))

    def __contains__(self, key: Any) -> bool:
        return key in self._rows

    def get(self, key: Any) -> T | None:
        return self._rows.get(key)

    def by(self, field_name: str, value: Any) -> T | None:
        """The row whose unique field equals ``value`` (after normalising), or None."""
        norm = self.spec.unique[field_name]
        key = self._unique[field_name].get(_safe_norm(norm, value))
        return None if key is None else self._rows.get(key)

    def where(self, field_name: str, value: Any) -> list[T]:
        """Rows whose indexed (non-unique) field equals ``value``, in insertion order."""
        norm = self.spec.multi[field_name]
        keys = self._multi[field_name].get(_safe_norm(norm, value), {})
        return [self._rows[k] for k in keys]

    def count_where(self, field_name: str, value: Any) -> int:
        norm = self.spec.multi[field_name]
        return len(self._multi[field_name].get(_safe_norm(norm, value), {}))

    def page(self, offset: int, limit: int) -> list[T]:
        """Rows at positions [offset, offset+limit) in insertion order; O(limit)."""
        if offset < 0 or limit <= 0:
            return []
        keys = self._order[offset: offset + limit]
        return [self._rows[k] for k in keys]

    def keys(self) -> list[Any]:
        return list(self._order)

    def search(self, needle: str) -> Iterator[T]:
        """Rows, in insertion order, with ``needle`` (lower-case) inside one of their string fields.

        Each row's lower-cased text is kept until the row is written, so after the first search a
        search costs one substring test per row (a few ms for 100,000 rows).
        """
        texts, rows = self._texts, self._rows
        names = [f.name for f in dataclasses.fields(self.spec.model)]
        for pk in list(self._order):
            text = texts.get(pk)
            if text is None:
                row = rows[pk]
                values = [getattr(row, name) for name in names]
                text = texts[pk] = "\x1f".join([v for v in values if v.__class__ is str]).lower()
            if needle in text:
                yield rows[pk]

    def stamp(self, key: Any) -> int:
        """A number naming the row's current content, for keying caches of what is built from it.

        Every write drops the row's stamp and the next call hands out a new one; numbers are never
        reused in this process (a reset or restore gives every row a new one), so a cache keyed by
        stamp can never answer with a row's old content. Given on read, so seeding pays nothing.
        """
        stamp = self._stamps.get(key)
        if stamp is None:
            stamp = self._stamps[key] = next(_STAMPS)
        return stamp

    def version(self) -> int:
        """A number naming the whole table's current content: :meth:`stamp` for every row at once.

        For caches of what reads rows of this table it cannot name one by one (e.g. a user's
        enrollments); any insert, update, delete or :meth:`touch` drops it.
        """
        version = self._version
        if version is None:
            version = self._version = next(_STAMPS)
        return version

    def touch(self, key: Any) -> None:
        """The row's rendering changed through something it does not hold (e.g. a TalentLMS user's
        login key lives in another table): drop its stamp, as a write would, without writing."""
        self._stamps.pop(key, None)
        self._version = None

    def stamped_page(self, offset: int, limit: int) -> list[tuple[int, T]]:
        """:meth:`page` with each row's :meth:`stamp`: (stamp, row) pairs."""
        pk = self.spec.primary_key
        return [(self.stamp(getattr(row, pk)), row) for row in self.page(offset, limit)]

    # writes
    def insert(self, row: T) -> T:
        pk = getattr(row, self.spec.primary_key)
        if pk in self._rows:
            raise DuplicateKey(self.spec.primary_key, pk)
        for name, norm in self.spec.unique.items():
            value = getattr(row, name)
            if value is None or value == "":
                continue
            if _safe_norm(norm, value) in self._unique[name]:
                raise DuplicateKey(name, value)
        self._rows[pk] = row
        self._order.append(pk)
        self._index(row, pk)
        return row

    def update(self, row: T, **changes: Any) -> T:
        """Change fields of ``row`` in place, keeping every index true (all or nothing)."""
        pk = getattr(row, self.spec.primary_key)
        for name, norm in self.spec.unique.items():
            if name in changes and changes[name] not in (None, ""):
                owner = self._unique[name].get(_safe_norm(norm, changes[name]))
                if owner is not None and owner != pk:
                    raise DuplicateKey(name, changes[name])
        self._unindex(row, pk)
        for name, value in changes.items():
            setattr(row, name, value)
        self._index(row, pk)
        return row

    def delete(self, row: T) -> None:
        """Remove a row for good. O(n) in the table size: deletes are rare, reads are not."""
        pk = getattr(row, self.spec.primary_key)
        if pk not in self._rows:
            return
        self._unindex(row, pk)
        del self._rows[pk]
        self._texts.pop(pk, None)
        self._stamps.pop(pk, None)
        self._version = None
        self._order.remove(pk)

    def clear(self) -> None:
        self.__init__(self.spec)  # type: ignore[misc]

    # indexes
    def _index(self, row: T, pk: Any) -> None:
        self._texts.pop(pk, None)
        self._stamps.pop(pk, None)
        self._version = None
        for name, norm in self.spec.unique.items():
            value = getattr(row, name)
            if value is not None and value != "":
                self._unique[name][_safe_norm(norm, value)] = pk
        for name, norm in self.spec.multi.items():
            for value in _values(getattr(row, name)):
                self._multi[name].setdefault(_safe_norm(norm, value), {})[pk] = None

    def _unindex(self, row: T, pk: Any) -> None:
        for name, norm in self.spec.unique.items():
            value = getattr(row, name)
            if value is not None and value != "":
                key = _safe_norm(norm, value)
                if self._unique[name].get(key) == pk:
                    del self._unique[name][key]
        for name, norm in self.spec.multi.items():
            for value in _values(getattr(row, name)):
                bucket = self._multi[name].get(_safe_norm(norm, value))
                if bucket is not None:
                    bucket.pop(pk, None)
                    if not bucket:
                        del self._multi[name][_safe_norm(norm, value)]

    # export / import
    def export(self) -> list[dict]:
        return [dataclasses.asdict(self._rows[k]) for k in self._order]

    def load(self, rows: Iterable[dict]) -> None:
        """Insert exported rows, checking names and JSON types against the model (ValueError on any)."""
        hints = _field_types(self.spec.model)
        for index, data in enumerate(rows):
            if not isinstance(data, dict):
                raise ValueError(f"row {index} must be an object")
            unknown = set(data) - set(hints)
            if unknown:
                raise ValueError(f"unknown fields for {self.spec.model.__name__}: {sorted(unknown)}")
            for name, value in data.items():
                if not _conforms(value, hints[name]):
                    raise ValueError(f"row {index}: {name!r} must be {_describe(hints[name])}, not {value!r}")
            try:
                self.insert(self.spec.model(**data))
            except TypeError as exc:  # a required field missing
                raise ValueError(f"row {index}: {exc}") from exc


def _pack(model: type, rows: dict[Any, Any]) -> tuple[tuple[str, ...], list, list[tuple]] | None:
    """A table's rows for pickling as (field names, keys, one tuple of values per row), or None (pickled
    as they are) when one row is not a plain ``model`` whose attributes are those names in that order.

    Unpickling a dataclass instance builds a dict of its state and then copies it into the instance; rows
    rebuilt from value tuples (:func:`_unpack`) read back ~30% faster (100,000 TalentLMS users: 0.55 against
    0.85 CPU-s), which is most of what start-up on a data dir and a snapshot restore spend. Every value is
    the same object as before, so shared references inside a state survive pickling as they did.
    """
    names: tuple[str, ...] | None = None
    values = []
    for row in rows.values():
        if type(row) is not model:
            return None
        attrs = row.__dict__
        if names is None:
            names = tuple(attrs)
        elif len(attrs) != len(names) or tuple(attrs) != names:
            return None
        values.append(tuple(attrs.values()))
    if names is None:
        return None
    return names, list(rows), values


def _unpack(model: type, names: tuple[str, ...], keys: list, values: list[tuple]) -> dict[Any, Any]:
    # lengths checked once, here, not by zip(strict=True) per row: a call with a keyword argument costs
    # enough that the checked loop took ~20% longer (100,000 Skilljar users and 125,000 domain users)
    if len(keys) != len(values) or any(width != len(names) for width in set(map(len, values))):
        raise ValueError(f"stored {model.__name__} rows do not match their {len(names)} fields")
    new = model.__new__
    rows = {}
    for key, row_values in zip(keys, values, strict=True):
        row = new(model)
        row.__dict__.update(zip(names, row_values))  # noqa: B905 - widths checked above
        rows[key] = row
    return rows


@functools.cache
def _field_types(model: type) -> dict[str, Any]:
    return typing.get_type_hints(model)


def _conforms(value: Any, hint: Any) -> bool:
    """Does a JSON value fit a model annotation (str, int, float, bool, list[...], dict[...], unions)?"""
    if hint is Any:
        return True
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if origin in (list, tuple, set):
        return isinstance(value, list)
    if origin is dict or hint is dict:
        return isinstance(value, dict)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:  # float fields are epoch seconds (or small numbers): finite, between years 1 and 9999
        return (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
                and FLOAT_MIN <= value <= FLOAT_MAX)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def _describe(hint: Any) -> str:
    return str(hint).replace("typing.", "").replace("<class '", "").replace("'>", "")


def _values(value: Any) -> Iterable[Any]:
    if isinstance(value, (list, tuple, set)):
        return value
    if value is None or value == "":
        return ()
    return (value,)


def _safe_norm(norm: Callable[[Any], Any], value: Any) -> Any:
    try:
        return norm(value)
    except (TypeError, AttributeError, ValueError):
        return value


class State:
    """A tenant's whole data: named tables plus ``meta`` (id counters, settings).

    Subclasses set ``tables``; the constructor builds empty tables. A state object is replaced
    whole on reset/restore (see :class:`emulator.core.tenants.Tenant`), never cleared in place.
    """

    tables: dict[str, TableSpec] = {}
    #: ``meta`` keys a vendor fills in lazily, with their defaults: an import must keep their JSON kinds
    meta_defaults: dict[str, Any] = {}

    def __init__(self) -> None:
        self.meta: dict[str, Any] = {}
        for name, spec in self.tables.items():
            setattr(self, name, Table(spec))

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_rendered", None)  # a cache: a snapshot, restore or reset copy starts without one
        return state

    @property
    def rendered(self) -> Rendered:
        """Rendered rows of this state (REST answers, per row stamp). It lives and dies with the state,
        so a reset, restore, import or reseed (each swaps in a new state) starts with an empty one."""
        cache = self.__dict__.get("_rendered")
        if cache is None:
            cache = self.__dict__["_rendered"] = Rendered()
        return cache

    def table(self, name: str) -> Table:
        return getattr(self, name)

    def next_id(self, counter: str, start: int = 1) -> int:
        value = self.meta.get("next_" + counter, start)
        self.meta["next_" + counter] = value + 1
        return value

    def counts(self) -> dict[str, int]:
        return {name: len(self.table(name)) for name in self.tables}

    def export(self) -> dict:
        return {
            "meta": dict(self.meta),
            "tables": {name: self.table(name).export() for name in self.tables},
        }

    @classmethod
    def from_export(cls, data: dict) -> "State":
        """Build a new state from :meth:`export` output; raises ValueError on any bad row."""
        if not isinstance(data, dict) or not isinstance(data.get("tables", {}), dict):
            raise ValueError("state must be an object with 'meta' and 'tables'")
        state = cls()
        meta = data.get("meta", {})
        if not isinstance(meta, dict):
            raise ValueError("'meta' must be an object")
        state.meta.update(meta)
        for name, rows in data.get("tables", {}).items():
            if name not in cls.tables:
                raise ValueError(f"unknown table {name!r}")
            if not isinstance(rows, list):
                raise ValueError(f"table {name!r} must be a list of rows")
            try:
                state.table(name).load(rows)
            except (TypeError, ValueError, DuplicateKey) as exc:
                raise ValueError(f"table {name!r}: {exc}") from exc
        state._advance_counters()
        return state

    def _advance_counters(self) -> None:
        """After an import: every id counter past the largest integer id its table holds.

        An imported state may leave out ``meta`` (a hand-written fixture) or carry stale counters;
        the next create must not hand out an id that is taken.
        """
        for name in self.tables:
            keys = [k for k in self.table(name).keys() if isinstance(k, int) and not isinstance(k, bool)]
            if keys:
                counter = "next_" + name
                current = self.meta.get(counter)
                self.meta[counter] = max(current if isinstance(current, int) else 0, max(keys) + 1)

    def dumps(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    def dumps_chunks(self, rows_per_chunk: int = 250) -> list[bytes]:
        """The state as small pickles (meta, then runs of rows), for :meth:`loads_chunks`."""
        chunks = [pickle.dumps(self.meta, protocol=pickle.HIGHEST_PROTOCOL)]
        for name in self.tables:
            table = self.table(name)
            rows = [table._rows[k] for k in table._order]
            for start in range(0, len(rows), rows_per_chunk):
                chunks.append(pickle.dumps((name, rows[start: start + rows_per_chunk]),
                                           protocol=pickle.HIGHEST_PROTOCOL))
        return chunks

    def discard(self, pause: Callable[[], None] | None = None, batch: int = 500) -> None:
        """Free this (no longer used) state in small batches, pausing between them.

        Dropping the last reference to a big state frees every row at once while holding the GIL
        (~10 ms at 10,000 users); reset hands the old state to a background thread that frees it
        this way instead.
        """
        for name in self.tables:
            table = self.table(name)
            rows = table._rows
            while rows:
                for _ in range(min(batch, len(rows))):
                    rows.popitem()
                if pause is not None:
                    pause()
            table.clear()

    @classmethod
    def loads_chunks(cls, chunks: list[bytes], pause: Callable[[], None] | None = None) -> "State":
        """Rebuild a state from :meth:`dumps_chunks`, calling ``pause`` between chunks.

        ``pickle.loads`` holds the GIL for as long as it runs; one big unpickle in a background
        thread would stall every request for its whole length. Small chunks with a pause between
        them (``time.sleep(0)``) let request threads run in between.
        """
        state = cls()
        state.meta.update(pickle.loads(chunks[0]))
        for blob in chunks[1:]:
            if pause is not None:
                pause()
            name, rows = pickle.loads(blob)
            table = state.table(name)
            for row in rows:
                table.insert(row)
        return state

    @staticmethod
    def loads(blob: bytes) -> "State":
        return pickle.loads(blob)
