"""Bringing a data file written for other tables (an older lms-emulator's models) up to this one's.

The file stores pickled rows, which name their model class and carry their fields. When a vendor's
tables change between versions (a field added with a default, a field dropped, an index added, a table
added or dropped) every stored state, baseline, snapshot and log record is rewritten, in one
transaction, with each row rebuilt as the model is now and every index rebuilt from the rows. What
cannot be carried over (a new field with no default, a model class that no longer exists, rows that a
new unique index finds duplicated) refuses the file with one line naming it; nothing is half done.
"""

from __future__ import annotations

import dataclasses
import pickle
from typing import TYPE_CHECKING, Any

from ..store import DuplicateKey, State, Table

if TYPE_CHECKING:
    from ..vendor import Vendor

PICKLE = pickle.HIGHEST_PROTOCOL


class MigrationError(Exception):
    """Why a stored file cannot be carried over to this version's tables."""


def migrate(conn: Any, vendor: "Vendor") -> None:
    """Rewrite every blob and log row of the file for ``vendor``'s current tables (inside a transaction)."""
    state_class = vendor.state_class
    try:
        for blob_id, kind, data in conn.execute("SELECT id, kind, data FROM blobs").fetchall():
            if kind == "chunks":
                chunks = pickle.loads(data)
                state = _rebuild(state_class, pickle.loads(chunks[0]), _chunk_rows(chunks[1:]))
                new = pickle.dumps(state.dumps_chunks(), PICKLE)
            else:
                old = pickle.loads(data)
                state = _rebuild(state_class, dict(old.meta), _table_rows(old))
                new = state.dumps()
            conn.execute("UPDATE blobs SET data = ? WHERE id = ?", (new, blob_id))
        for seq, data in conn.execute("SELECT seq, data FROM log").fetchall():
            conn.execute("UPDATE log SET data = ? WHERE seq = ?", (pickle.dumps(_records(state_class,
                                                                                     pickle.loads(data)), PICKLE), seq))
    except MigrationError:
        raise
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError) as exc:
        raise MigrationError(f"a stored row no longer has a model ({type(exc).__name__}: {exc})") from None


def _chunk_rows(chunks: list[bytes]) -> dict[str, list]:
    rows: dict[str, list] = {}
    for blob in chunks:
        name, part = pickle.loads(blob)
        rows.setdefault(name, []).extend(part)
    return rows


def _table_rows(old: State) -> dict[str, list]:
    return {name: [table._rows[k] for k in table._order]
            for name, table in vars(old).items() if isinstance(table, Table)}


def _rebuild(state_class: type[State], meta: dict, rows: dict[str, list]) -> State:
    state = state_class()
    state.meta.update(meta)
    for name, spec in state_class.tables.items():
        table = state.table(name)
        for row in rows.get(name, ()):
            try:
                table.insert(upgrade(row, spec.model, name))
            except DuplicateKey as exc:
                raise MigrationError(f"table {name!r}: {exc} under the new unique index") from None
    return state


def _records(state_class: type[State], records: list[tuple]) -> list[tuple]:
    out = []
    for op, name, key, value in records:
        if op in ("i", "u"):
            if name not in state_class.tables:
                continue
            value = upgrade(value, state_class.tables[name].model, name)
        out.append((op, name, key, value))
    return out


def upgrade(row: Any, model: type, table: str) -> Any:
    """``row`` as an instance of ``model`` now: kept fields, defaults for new ones, dropped ones gone."""
    old = vars(row) if hasattr(row, "__dict__") else {}
    values = {}
    for f in dataclasses.fields(model):
        if f.name in old:
            values[f.name] = old[f.name]
        elif f.default is not dataclasses.MISSING:
            values[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            values[f.name] = f.default_factory()
        else:
            raise MigrationError(f"table {table!r}: new field {f.name!r} has no default")
    new = model.__new__(model)
    for name, value in values.items():
        object.__setattr__(new, name, value)
    return new
