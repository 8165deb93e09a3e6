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
import operator
import pickle
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

from .clock import MAX_EPOCH
from .memo import changed
from .rendered import Rendered

#: the range of a float field on import: 0001-01-01 to 9999-12-31 as epoch seconds
FLOAT_MIN, FLOAT_MAX = -62135596800.0, MAX_EPOCH

T = TypeVar("T")


#: row stamps, unique in this process: a stamp names one row's content at one moment (see Table.stamp)
_STAMPS = itertools.count(1)

#: what an undo log notes per write (see :class:`Changes`)
_INSERT, _UPDATE, _DELETE, _TOUCH = range(4)


def _identity(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class TableSpec:
    model: type
    #: unique secondary indexes: field name -> normaliser (e.g. ``str.lower`` for emails)
    unique: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    #: non-unique indexes: field name -> normaliser; value -> ids in the order rows took the value
    multi: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    primary_key: str = "id"


class DuplicateKey(Exception):
    def __init__(self, field_name: str, value: Any) -> None:
        super().__init__(f"duplicate {field_name}: {value!r}")
        self.field = field_name
        self.value = value


class Changes(list):
    """A state's undo log: every table write since :meth:`State.record`, as ``(table, op, key or row, old)``.

    Each entry holds what undoing the write needs: an insert its key, an update the row and the old values
    of the fields it set, a delete the row and its position, a touch the key. Past ``limit`` entries the
    log gives up (it would keep every old row version of a long-running server alive): the tables stop
    noting and :meth:`State.undo` answers False, so the caller rebuilds the state whole instead.
    """

    LIMIT = 200_000

    def __init__(self, tables: list["Table"], limit: int | None = None) -> None:
        super().__init__()
        self.tables = tables
        self.limit = self.LIMIT if limit is None else limit
        self.broken = False

    def give_up(self) -> None:
        self.broken = True
        self.clear()
        for table in self.tables:
            table._undo = None


class Table(Generic[T]):
    """Rows by primary key, in insertion order, with secondary indexes.

    ``page(offset, limit)`` costs O(limit): positions live in a list beside the dict.
    Mutate rows only through :meth:`update` so indexes stay true and a reset can undo the change (a row
    changed in place behind the table's back would keep its change through a reset).
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
        self._undo: Changes | None = None  # the state's undo log while it records (State.record)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_undo", None)  # a copy (snapshot, baseline) starts without one
        state.pop("_indexed", None)  # derived from the spec
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
        self._undo = None
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
        """Rows whose indexed (non-unique) field equals ``value``, in the order they took that value
        (insertion order, but a row an update gave the value comes after the rows that held it then)."""
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

    def holding(self, keys: set[Any]) -> set[Any]:
        """The keys among ``keys`` that rows of this table have, in one set operation (it walks the smaller
        of the two: a few thousand candidate ids against a million-row table cost a few thousand look-ups)."""
        return self._rows.keys() & keys

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
        changed()
        if self._undo is not None:
            self._note(_TOUCH, key, None)

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
        if self._undo is not None:
            self._note(_INSERT, pk, None)
        return row

    def update(self, row: T, **changes: Any) -> T:
        """Change fields of ``row`` in place, keeping every index true (all or nothing).

        Only the index entries of values that change move: a row keeps its place among the rows sharing
        an unchanged value (``where`` answers in the order rows took that value)."""
        pk = getattr(row, self.spec.primary_key)
        for name, norm in self.spec.unique.items():
            if name in changes and changes[name] not in (None, ""):
                owner = self._unique[name].get(_safe_norm(norm, changes[name]))
                if owner is not None and owner != pk:
                    raise DuplicateKey(name, changes[name])
        old = {name: getattr(row, name) for name in changes}
        left = self._reindex(pk, old, changes, self._undo is not None)
        for name, value in changes.items():
            setattr(row, name, value)
        self._texts.pop(pk, None)
        self._stamps.pop(pk, None)
        self._version = None
        changed()
        if self._undo is not None:
            self._note(_UPDATE, row, (old, left))
        return row

    def delete(self, row: T) -> None:
        """Remove a row for good. O(n) in the table size: deletes are rare, reads are not."""
        pk = getattr(row, self.spec.primary_key)
        if pk not in self._rows:
            return
        recording = self._undo is not None
        left = self._reindex(pk, {name: getattr(row, name) for name in self._indexed}, {}, recording)
        del self._rows[pk]
        self._texts.pop(pk, None)
        self._stamps.pop(pk, None)
        self._version = None
        position = self._order.index(pk)
        del self._order[position]
        changed()
        if recording:
            self._note(_DELETE, row, (position, left))

    def clear(self) -> None:
        if self._undo is not None:  # not worth noting row by row: the state is rebuilt whole instead
            self._undo.give_up()
        self.__init__(self.spec)  # type: ignore[misc]
        changed()

    @functools.cached_property
    def _indexed(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.spec.unique, *self.spec.multi]))

    def _reindex(self, pk: Any, old: dict[str, Any], new: dict[str, Any], positions: bool) -> dict | None:
        """Move ``pk``'s index entries from the ``old`` values of some fields to their ``new`` ones (a field
        missing from ``new``: no new value, as for a delete). Entries of values in both stay where they are.
        With ``positions``, answers where ``pk`` stood in each non-unique bucket it left, for :meth:`_undo_one`
        (found from the bucket's end: a row a test made or moved is near it)."""
        left: dict[tuple[str, Any], int] | None = {} if positions else None
        for name, value in old.items():
            gone = name not in new
            norm = self.spec.unique.get(name)
            if norm is not None and (gone or new[name] != value):
                if value is not None and value != "":
                    key = _safe_norm(norm, value)
                    if self._unique[name].get(key) == pk:
                        del self._unique[name][key]
                if not gone and new[name] is not None and new[name] != "":
                    self._unique[name][_safe_norm(norm, new[name])] = pk
            norm = self.spec.multi.get(name)
            if norm is None:
                continue
            before = dict.fromkeys([_safe_norm(norm, v) for v in _values(value)])
            after = {} if gone else dict.fromkeys([_safe_norm(norm, v) for v in _values(new[name])])
            buckets = self._multi[name]
            for key in before:
                if key in after:
                    continue
                bucket = buckets.get(key)
                if bucket is None or pk not in bucket:
                    continue
                if left is not None:
                    left[(name, key)] = _position(bucket, pk)
                del bucket[pk]
                if not bucket:
                    del buckets[key]
            for key in after:
                if key not in before:
                    buckets.setdefault(key, {})[pk] = None
        return left

    # undo (see Changes)
    def _note(self, op: int, what: Any, old: Any) -> None:
        undo = self._undo
        undo.append((self, op, what, old))  # type: ignore[union-attr]
        if len(undo) > undo.limit:  # type: ignore[union-attr, arg-type]
            undo.give_up()  # type: ignore[union-attr]

    def _undo_one(self, op: int, what: Any, old: Any) -> int | None:
        """Take back one noted write (the log is undone newest first, so the table is as it was just after
        it): rows, order and every index entry back where they stood. Every row it names gets a new stamp
        on its next read, and the table a new version.

        A deleted row comes back at the end of ``_rows`` (which iteration follows); when it stood before
        the end, answers its position: :meth:`_reorder` then puts ``_rows`` back in ``_order``'s order."""
        self._version = None
        moved = None
        if op == _UPDATE:
            pk = getattr(what, self.spec.primary_key)
            values, left = old
            self._reindex(pk, {name: getattr(what, name) for name in values}, values, False)
            for name, value in values.items():
                setattr(what, name, value)
            self._put_back(pk, left)
        elif op == _INSERT:
            pk = what
            row = self._rows.pop(pk)
            self._reindex(pk, {name: getattr(row, name) for name in self._indexed}, {}, False)
            if self._order[-1] == pk:  # inserts append, and every later write is undone already
                self._order.pop()
            else:
                self._order.remove(pk)
        elif op == _DELETE:
            pk = getattr(what, self.spec.primary_key)
            position, left = old
            self._rows[pk] = what
            if position < len(self._order):
                moved = position
            self._order.insert(position, pk)
            for name, norm in self.spec.unique.items():
                value = getattr(what, name)
                if value is not None and value != "":
                    self._unique[name][_safe_norm(norm, value)] = pk
            self._put_back(pk, left)
        else:  # _TOUCH
            pk = what
        self._texts.pop(pk, None)
        self._stamps.pop(pk, None)
        return moved

    def _reorder(self, start: int) -> None:
        """``_rows`` in ``_order``'s order again from position ``start`` on (rows before it never moved)."""
        rows = self._rows
        for key in self._order[start:]:
            rows[key] = rows.pop(key)

    def _put_back(self, pk: Any, left: dict[tuple[str, Any], int]) -> None:
        """``pk`` back into the non-unique buckets it left, each at the position it stood."""
        for (name, key), position in left.items():
            bucket = self._multi[name].setdefault(key, {})
            if position >= len(bucket):
                bucket[pk] = None
                continue
            keys = list(bucket)
            keys.insert(position, pk)
            bucket.clear()
            bucket.update(dict.fromkeys(keys))

    # indexes
    def _index(self, row: T, pk: Any) -> None:
        self._texts.pop(pk, None)
        self._stamps.pop(pk, None)
        self._version = None
        changed()  # every insert ends here: kept answers are stale (core/memo.py)
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

    # bulk load (seeding)
    def insert_many(self, rows: list[T]) -> None:
        """:meth:`insert` each row, in order, all or nothing: a duplicate key (among the rows or with a row
        already here) raises :class:`DuplicateKey` before anything changes.

        The result is the table ``insert`` would leave, but each index is built in one loop over the rows
        rather than row by row through ``_index``: a million-user seed inserts a few million rows. A table
        that notes its writes (a subclass's ``insert``, an undo log) gets each row through ``insert``.
        """
        if type(self).insert is not Table.insert or self.__dict__.get("_undo") is not None:
            for row in rows:
                self.insert(row)
            return
        pk_name = self.spec.primary_key
        keys = list(map(operator.attrgetter(pk_name), rows))
        new = dict(zip(keys, rows, strict=True))
        if len(new) != len(keys) or not self._rows.keys().isdisjoint(new):
            seen: set[Any] = set()
            for key in keys:
                if key in self._rows or key in seen:
                    raise DuplicateKey(pk_name, key)
                seen.add(key)
        unique: dict[str, dict[Any, Any]] = {}
        for name, norm in self.spec.unique.items():
            index, added = self._unique[name], {}
            for key, value in zip(keys, map(operator.attrgetter(name), rows), strict=True):
                if value is None or value == "":
                    continue
                try:  # _safe_norm, inlined
                    normal = norm(value)
                except (TypeError, AttributeError, ValueError):
                    normal = value
                if normal in index or normal in added:
                    raise DuplicateKey(name, value)
                added[normal] = key
            unique[name] = added
        self._rows.update(new)
        self._order.extend(keys)
        for name, added in unique.items():
            self._unique[name].update(added)
        for name, norm in self.spec.multi.items():
            buckets = self._multi[name]
            for key, value in zip(keys, map(operator.attrgetter(name), rows), strict=True):
                if not isinstance(value, (list, tuple, set)):  # _values, inlined
                    if value is None or value == "":
                        continue
                    value = (value,)
                for one in value:
                    try:
                        normal = norm(one)
                    except (TypeError, AttributeError, ValueError):
                        normal = one
                    bucket = buckets.get(normal)
                    if bucket is None:
                        buckets[normal] = {key: None}
                    else:
                        bucket[key] = None
        if self._texts or self._stamps:  # a key deleted and inserted again: drop what was kept for it
            for key in keys:
                self._texts.pop(key, None)
                self._stamps.pop(key, None)
        self._version = None
        changed()  # as insert does (core/memo.py)


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


def _position(bucket: dict[Any, None], key: Any) -> int:
    """Where ``key`` stands in ``bucket`` (which holds it), counted from the end."""
    last = len(bucket) - 1
    for back, other in enumerate(reversed(bucket)):
        if other == key:
            return last - back
    raise KeyError(key)


def _safe_norm(norm: Callable[[Any], Any], value: Any) -> Any:
    try:
        return norm(value)
    except (TypeError, AttributeError, ValueError):
        return value


class State:
    """A tenant's whole data: named tables plus ``meta`` (id counters, settings).

    Subclasses set ``tables``; the constructor builds empty tables. Restore, import and reseed replace a
    state object whole (see :class:`emulator.core.tenants.Tenant`); a reset undoes, in place, what changed
    since :meth:`record` (decision 002), and is never a clear.
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
        state.pop("_recorded", None)  # the undo log and its baseline meta: a copy does not record
        return state

    # undo (decision 002): what changed since the baseline, so a reset costs what a test changed
    def record(self) -> None:
        """Make what the state holds now the point :meth:`undo` returns to, and note every table write
        from now on (a :class:`Changes` log shared by its tables). ``meta`` is kept as a copy, compared
        and put back whole by :meth:`undo` (it holds counters and small settings; writes reach into it
        in place, e.g. the SCIM sidecar)."""
        tables = [self.table(name) for name in self.tables]
        log = Changes(tables)
        for table in tables:
            table._undo = log
        meta = pickle.dumps(dict(self.meta), protocol=pickle.HIGHEST_PROTOCOL)
        self.__dict__["_recorded"] = (log, meta, pickle.loads(meta))

    def recording(self) -> bool:
        """Can :meth:`undo` bring this state back to where :meth:`record` was called?"""
        recorded = self.__dict__.get("_recorded")
        return recorded is not None and not recorded[0].broken

    def undo(self) -> bool:
        """Back to where :meth:`record` was called, in O(writes since), and keep recording; False (nothing
        done) when the state does not record or its log gave up (the caller rebuilds the state whole).

        Undone rows get new stamps and their tables new versions, so no cache keyed by them (``rendered``,
        SCIM's fragments) can answer with what a row held before the undo.
        """
        if not self.recording():
            return False
        log, meta_blob, meta = self.__dict__["_recorded"]
        reorder: dict[Table, int] = {}
        for table, op, what, old in reversed(log):
            moved = table._undo_one(op, what, old)
            if moved is not None:
                reorder[table] = min(moved, reorder.get(table, moved))
        for table, start in reorder.items():
            table._reorder(start)
        log.clear()
        changed()  # the rows a read may show are back as they were: kept answers are stale (core/memo.py)
        if self.meta != meta:
            # a fresh copy each time: writes change meta's values in place; one the persisted tenant's
            # log wraps is wrapped again by the swap that stores the reset (core.persist)
            self.meta = pickle.loads(meta_blob)
        return True

    @property
    def rendered(self) -> Rendered:
        """Rendered rows of this state (REST answers, per row stamp). It lives and dies with the state, so
        a restore, import or reseed (each swaps in a new state) starts with an empty one; a reset keeps it
        (every row it undoes gets a new stamp, every table it touches a new version)."""
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
