"""State that survives restarts: with a data dir every tenant lives in SQLite as well as in memory.

Memory stays the only thing requests read. The file holds, per tenant, a *base* (a whole-state pickle:
the seeded baseline, a snapshot, an import, or a compaction of the live state) and a *log* of commits
on top of it; start-up loads the base and replays the log. Durability hooks in two places only:

- the write path: while persisted, a tenant's tables note every ``insert``/``update``/``delete`` and its
  ``meta`` every key written (``logged.py``), and the tenant lock commits them, one log row per
  request, when its outermost holder releases it: before the request's answer leaves;
- the whole-state swap (reset, reseed, restore, import): one transaction points the tenant at its new
  base and drops the old log (:meth:`TenantLog.swapped`).

Design and figures: docs/decisions/004-persistence.md.
"""

from __future__ import annotations

import functools
import gc
import json
import pickle
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ...config import ConfigError, TenantConfig
from ..store import State
from . import db as dbmod
from .logged import CommittingLock, Pending, apply, attach
from .migrate import MigrationError, migrate

if TYPE_CHECKING:
    from ..clock import Clock
    from ..emulator import Emulator
    from ..tenants import Tenant
    from ..vendor import Vendor

#: a tenant's log is folded into a new base once it holds this many records and at least as many as
#: the tenant has rows (so start-up never replays more than about one state's worth of writes)
COMPACT_AFTER = 20_000
PICKLE = pickle.HIGHEST_PROTOCOL


@dataclass
class Restored:
    """A stored tenant, read back: what :class:`~emulator.core.tenants.Tenant` takes instead of seeding."""

    config: TenantConfig
    declared: TenantConfig  # as declared or created: what reset and the plugin's pristine reset go back to
    state: State
    baseline: Callable[[], list[bytes]]  # reads the seeded baseline (Tenant._baseline) when first needed
    snapshots: dict[str, bytes]
    record: tuple  # (id, generation, records since base, snapshot blob ids)


def fingerprint(vendor: "Vendor") -> dict[str, Any]:
    """What the stored pickles depend on: each table's model, fields and indexes."""
    out = {}
    for name, spec in vendor.state_class.tables.items():
        fields = list(getattr(spec.model, "__dataclass_fields__", {}))
        out[name] = {"model": f"{spec.model.__module__}.{spec.model.__qualname__}", "fields": fields,
                     "key": spec.primary_key, "unique": sorted(spec.unique), "multi": sorted(spec.multi)}
    return out


class Persistence:
    """One vendor's data file, opened by its :class:`~emulator.core.emulator.Emulator`."""

    def __init__(self, data_dir: str | Path, vendor: "Vendor") -> None:
        self.vendor = vendor
        self.db = dbmod.Db(dbmod.data_file(dbmod.check(data_dir), vendor.name))
        try:
            self._check_tables()
        except BaseException:
            self.db.close()
            raise
        self._clock: Any = None
        self._restored: set[str] = set()

    def _check_tables(self) -> None:
        current = fingerprint(self.vendor)
        stored = self.db.setting("fingerprint")
        if stored is None:
            self.db.set_setting("fingerprint", current)
            return
        if stored != current:  # written by a version with other tables: carried over whole, or refused
            changed = sorted(name for name in set(stored) | set(current) if stored.get(name) != current.get(name))
            try:
                with self.db.transaction() as conn:
                    migrate(conn, self.vendor)
                    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('fingerprint', ?)",
                                 (json.dumps(current),))
            except MigrationError as exc:
                raise ConfigError(f"data dir {self.db.path.parent}: {self.db.path.name} was written for other "
                                  f"{self.vendor.name} tables (changed: {', '.join(changed)}) and cannot be "
                                  f"carried over: {exc}; export its tenants with the lms-emulator that wrote "
                                  "it (GET /_emulator/state), or use another --data-dir") from None

    # --- start-up --------------------------------------------------------------------------
    def restore(self, config: TenantConfig) -> Restored | None:
        """A configured tenant as stored: its rows, snapshots, seed and runtime settings; the rest of its
        config (credentials, plan, switches) is the one given now. None when the file has no such tenant."""
        row = self.db.one("SELECT id, config FROM tenants WHERE name = ?", (config.name,))
        if row is None:
            return None
        stored = TenantConfig.from_dict(json.loads(row[1]))
        merged = replace(config, seed=stored.seed, sizes=stored.sizes, settings=stored.settings)
        self.db.execute("UPDATE tenants SET origin = 'configured', declared = ? WHERE id = ?",
                        (config_json(config), row[0]))
        return self._load(row[0], merged, config)

    def created(self, taken: set[str]) -> list[Restored]:
        """Tenants made through the control API, in the order they were made."""
        rows = self.db.all("SELECT id, config, declared FROM tenants WHERE origin = 'created' ORDER BY id")
        out = []
        for tenant_id, text, declared in rows:
            config = TenantConfig.from_dict(json.loads(text))
            if config.name not in taken:
                out.append(self._load(tenant_id, config, TenantConfig.from_dict(json.loads(declared))))
        return out

    def _load(self, tenant_id: int, config: TenantConfig, declared: TenantConfig) -> Restored:
        collecting = gc.isenabled()
        gc.disable()  # millions of new objects, none garbage: collection passes would only add time
        try:
            restored = self._read(tenant_id, config, declared)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError,
                KeyError, IndexError, sqlite3.DatabaseError) as exc:
            raise ConfigError(f"data dir {self.db.path.parent}: tenant {config.name!r} in {self.db.path.name} "
                              f"cannot be read ({type(exc).__name__}: {exc}); use another --data-dir") from None
        finally:
            if collecting:
                # What was just read is live, and rows hold no reference cycles (a dropped row goes by its
                # reference count): out of the collector's reach, or its next passes would each walk every
                # one of them (0.4-0.5 CPU-s for a 100,000-user tenant, just after start-up)
                gc.freeze()
                gc.enable()
        return restored

    def _read(self, tenant_id: int, config: TenantConfig, declared: TenantConfig) -> Restored:
        base, generation = self.db.one("SELECT base, generation FROM tenants WHERE id = ?", (tenant_id,))
        kind, data = self.db.one("SELECT kind, data FROM blobs WHERE id = ?", (base,))
        state = self._state_from(kind, data)
        baseline = functools.partial(self._baseline, tenant_id)
        since = 0
        for (batch,) in self.db.all("SELECT data FROM log WHERE tenant = ? AND generation = ? ORDER BY seq",
                                    (tenant_id, generation)):
            records = pickle.loads(batch)
            apply(state, records)
            since += len(records)
        snapshots, blob_ids = {}, {}
        for name, blob, data in self.db.all(
                "SELECT s.name, s.blob, b.data FROM snapshots s JOIN blobs b ON b.id = s.blob "
                "WHERE s.tenant = ? ORDER BY s.name", (tenant_id,)):
            snapshots[name], blob_ids[name] = data, blob
        self._restored.add(config.name)
        return Restored(config, declared, state, baseline, snapshots, (tenant_id, generation, since, blob_ids))

    def _baseline(self, tenant_id: int) -> list[bytes]:
        """A tenant's stored seeded baseline (read by its first reset: a reseed replaces it in memory first)."""
        return pickle.loads(self.db.one("SELECT b.data FROM tenants t JOIN blobs b ON b.id = t.seed_chunks "
                                        "WHERE t.id = ?", (tenant_id,))[0])

    def _state_from(self, kind: str, data: bytes) -> State:
        if kind == "chunks":
            return self.vendor.state_class.loads_chunks(pickle.loads(data))
        return State.loads(data)

    def restore_clock(self, clock: "Clock") -> None:
        saved = self.db.setting("clock")
        if saved is not None:
            clock.load(saved)
        self._clock = clock.settings()

    # --- a tenant joins ----------------------------------------------------------------------
    def attach(self, tenant: "Tenant", restored: Restored | None, origin: str) -> None:
        """Persist ``tenant`` from now on: a new one is written whole first (its seed, its state)."""
        if restored is not None:
            tenant_id, generation, since, blob_ids = restored.record
            log = TenantLog(self, tenant, tenant_id, generation, since)
            log.saved_snapshots = {name: (tenant.snapshots[name], blob) for name, blob in blob_ids.items()}
            log.saved_config = ""
            log.config_changed()  # a configured tenant's credentials, plan and switches as declared now
        else:
            log = TenantLog(self, tenant, *self._insert(tenant, origin), 0)
        tenant.persist = log
        tenant.lock = CommittingLock(log.commit)

    def _insert(self, tenant: "Tenant", origin: str) -> tuple[int, int]:
        chunks = pickle.dumps(tenant._baseline, PICKLE)
        whole = tenant.state.dumps()
        with self.db.transaction() as conn:
            _forget(conn, tenant.name)  # one the config no longer declares, replaced by a new one
            tenant_id = conn.execute(
                "INSERT INTO tenants (name, origin, config, declared, generation) VALUES (?, ?, ?, ?, 1)",
                (tenant.name, origin, config_json(tenant.config), config_json(tenant.declared()))).lastrowid
            seed_chunks = _blob(conn, tenant_id, "chunks", chunks)
            seed_state = _blob(conn, tenant_id, "state", whole)
            conn.execute("UPDATE tenants SET seed_chunks = ?, seed_state = ?, base = ? WHERE id = ?",
                         (seed_chunks, seed_state, seed_state, tenant_id))
        return tenant_id, 1

    def removed(self, name: str) -> None:
        with self.db.transaction() as conn:
            _forget(conn, name)

    # --- after a control request -----------------------------------------------------------------
    def sync(self, emulator: "Emulator") -> None:
        """Store what a control route may have changed without a table write: tenant settings, the clock
        (and any write still pending)."""
        for tenant in emulator.tenants:
            log = tenant.persist
            if log is not None:
                with tenant.lock:  # its release commits pending writes
                    log.config_changed()
        clock = emulator.clock.settings()
        if clock != self._clock:
            self.db.set_setting("clock", clock)
            self._clock = clock

    def close(self) -> None:
        self.db.close()


class TenantLog:
    """One persisted tenant: commits its pending writes, and stores its whole-state swaps."""

    def __init__(self, owner: Persistence, tenant: "Tenant", tenant_id: int, generation: int, since: int) -> None:
        self.db = owner.db
        self.tenant = tenant
        self.id = tenant_id
        self.generation = generation
        self.since = since  # records in the log on top of the base
        self.saved_snapshots: dict[str, tuple[bytes, int]] = {}
        self.saved_config = config_json(tenant.config)
        self.pending: Pending = attach(tenant.state)

    def commit(self) -> None:
        """Store the pending writes as one log row (called by the tenant lock's outermost release)."""
        pending = self.pending
        if not pending:
            return
        records = pending.drain(self.tenant.state.meta)
        self.db.execute("INSERT INTO log (tenant, generation, data) VALUES (?, ?, ?)",
                        (self.id, self.generation, pickle.dumps(records, PICKLE)))
        self.since += len(records)
        if self.since >= COMPACT_AFTER and self.since >= sum(self.tenant.state.counts().values()):
            self.swapped("compact")

    def swapped(self, how: str, snapshot: str | None = None) -> None:
        """The tenant's state was replaced (``reset``, ``reseed``, ``restore``, ``import``) or is folded
        into a new base (``compact``): one transaction. Called under the tenant lock."""
        tenant = self.tenant
        if how != "compact":
            self.pending = attach(tenant.state)  # writes still pending belonged to the state just dropped
        whole = tenant.state.dumps() if how in ("import", "compact") else None
        chunks = pickle.dumps(tenant._baseline, PICKLE) if how == "reseed" else None
        seed_whole = tenant.state.dumps() if how == "reseed" else None
        config = config_json(tenant.config)
        with self.db.transaction() as conn:
            if how == "reseed":
                conn.execute("UPDATE tenants SET seed_chunks = ?, seed_state = ? WHERE id = ?",
                             (_blob(conn, self.id, "chunks", chunks), _blob(conn, self.id, "state", seed_whole),
                              self.id))
            if how in ("reset", "reseed"):
                base = conn.execute("SELECT seed_state FROM tenants WHERE id = ?", (self.id,)).fetchone()[0]
            elif how == "restore":
                base = self.saved_snapshots[snapshot][1]
            else:
                base = _blob(conn, self.id, "state", whole)
            conn.execute("UPDATE tenants SET base = ?, generation = ?, config = ? WHERE id = ?",
                         (base, self.generation + 1, config, self.id))
            conn.execute("DELETE FROM log WHERE tenant = ? AND generation <= ?", (self.id, self.generation))
            _drop_unused_blobs(conn, self.id)
        self.generation += 1
        self.since = 0
        self.saved_config = config

    def snapshots_changed(self) -> None:
        """Store the tenant's snapshots as they are now (taken, replaced, deleted). Under the tenant lock."""
        current, saved = self.tenant.snapshots, self.saved_snapshots
        with self.db.transaction() as conn:
            for name, (data, _blob_id) in list(saved.items()):
                if current.get(name) is not data:
                    conn.execute("DELETE FROM snapshots WHERE tenant = ? AND name = ?", (self.id, name))
                    del saved[name]
            for name, data in current.items():
                if name not in saved:
                    blob = _blob(conn, self.id, "state", data)
                    conn.execute("INSERT INTO snapshots (tenant, name, blob) VALUES (?, ?, ?)", (self.id, name, blob))
                    saved[name] = (data, blob)
            _drop_unused_blobs(conn, self.id)

    def config_changed(self) -> None:
        config = config_json(self.tenant.config)
        if config != self.saved_config:
            self.db.execute("UPDATE tenants SET config = ? WHERE id = ?", (config, self.id))
            self.saved_config = config


def config_json(config: TenantConfig) -> str:
    return json.dumps(config.to_dict(), sort_keys=True, default=str)


def _forget(conn: Any, name: str) -> None:
    row = conn.execute("SELECT id FROM tenants WHERE name = ?", (name,)).fetchone()
    if row is not None:
        for table in ("log", "snapshots", "blobs"):
            conn.execute(f"DELETE FROM {table} WHERE tenant = ?", (row[0],))
        conn.execute("DELETE FROM tenants WHERE id = ?", (row[0],))


def _blob(conn: Any, tenant_id: int, kind: str, data: bytes) -> int:
    return conn.execute("INSERT INTO blobs (tenant, kind, data) VALUES (?, ?, ?)", (tenant_id, kind, data)).lastrowid


def _drop_unused_blobs(conn: Any, tenant_id: int) -> None:
    conn.execute(
        "DELETE FROM blobs WHERE tenant = ?1 AND id NOT IN ("
        " SELECT blob FROM snapshots WHERE tenant = ?1"
        " UNION SELECT base FROM tenants WHERE id = ?1 AND base IS NOT NULL"
        " UNION SELECT seed_chunks FROM tenants WHERE id = ?1 AND seed_chunks IS NOT NULL"
        " UNION SELECT seed_state FROM tenants WHERE id = ?1 AND seed_state IS NOT NULL)", (tenant_id,))


def check_data_dir(data_dir: str | Path, vendor: "Vendor") -> None:
    """Open and close a vendor's data file: any reason it cannot be used, as one ConfigError line."""
    Persistence(data_dir, vendor).close()


__all__ = ["COMPACT_AFTER", "ConfigError", "Persistence", "Restored", "TenantLog", "check_data_dir"]
