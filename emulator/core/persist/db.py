"""The SQLite file that holds one vendor's tenants in a data dir: layout, opening, and refusing.

One file per vendor (``<data dir>/<vendor>.sqlite3``: each vendor is its own server process), in WAL
mode with ``synchronous=NORMAL``: a commit is in the WAL file when ``COMMIT`` returns, so it survives
the process being killed (not a power cut: that needs ``synchronous=FULL``, an fsync per write).

Tables::

    tenants(id, name, origin, config, declared, seed_chunks, seed_state, base, generation)
        origin: "configured" (declared by config or the vendor's demo) or "created" (control API)
        config: the tenant's TenantConfig as JSON, as it is now (a reseed's seed and sizes, runtime settings)
        declared: the TenantConfig it was declared or created with (what a reset puts settings back to)
        seed_chunks/seed_state: blobs of the seeded baseline (the reset target), as State.dumps_chunks
            (the in-memory baseline a reset rebuilds from) and State.dumps (fast to load)
        base, generation: the blob the current state starts from, and the log generation on top of it
    blobs(id, tenant, kind, data)             kind "state" (State.dumps) or "chunks" (pickled list)
    snapshots(tenant, name, blob)
    log(seq, tenant, generation, data)        one row per commit: a pickled list of records (no index:
                                              one B-tree fewer per commit; it is read only at start-up)
    settings(key, value)                      "clock", "fingerprint" (the tables this file was written for)

``PRAGMA application_id`` marks the file as ours and ``PRAGMA user_version`` is its layout; a file
from another layout is migrated (MIGRATIONS) or refused with one line, never half read.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any, Callable

from ...config import ConfigError

APPLICATION_ID = 0x4C4D5345  # "LMSE"
#: 2: tables' rows pickled as value tuples (store._pack), which a layout-1 reader would misread; layout-1
#: pickles still read as they are, so 1 -> 2 changes nothing but the number
LAYOUT = 2
#: the memory map start-up reads through (Db.reading_whole): larger than any data file we know of
MAP_BYTES = 1 << 30

SCHEMA = """
CREATE TABLE tenants (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, origin TEXT NOT NULL,
                      config TEXT NOT NULL, declared TEXT NOT NULL, seed_chunks INTEGER, seed_state INTEGER,
                      base INTEGER, generation INTEGER NOT NULL DEFAULT 0);
CREATE TABLE blobs (id INTEGER PRIMARY KEY, tenant INTEGER NOT NULL, kind TEXT NOT NULL, data BLOB NOT NULL);
CREATE TABLE snapshots (tenant INTEGER NOT NULL, name TEXT NOT NULL, blob INTEGER NOT NULL,
                        PRIMARY KEY (tenant, name));
CREATE TABLE log (seq INTEGER PRIMARY KEY, tenant INTEGER NOT NULL, generation INTEGER NOT NULL,
                  data BLOB NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

#: layout N -> the function that brings a file from N to N + 1 (run in one transaction)
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: lambda conn: None}


def data_file(data_dir: str | Path, vendor: str) -> Path:
    return Path(data_dir) / f"{vendor}.sqlite3"


class Db:
    """The connection (shared by a process's threads, one statement at a time) and the dir lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self._lockfile: int | None = _hold_dir_lock(path)
        try:
            self.conn = _open(path)
        except BaseException:
            os.close(self._lockfile)
            raise

    def execute(self, sql: str, args: tuple = ()) -> None:
        """One statement, its own transaction."""
        with self.lock:
            self.conn.execute(sql, args)

    def one(self, sql: str, args: tuple = ()) -> tuple | None:
        with self.lock:
            return self.conn.execute(sql, args).fetchone()

    def all(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self.lock:
            return self.conn.execute(sql, args).fetchall()

    def transaction(self) -> "Transaction":
        return Transaction(self)

    def setting(self, key: str) -> Any:
        row = self.one("SELECT value FROM settings WHERE key = ?", (key,))
        return None if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        self.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def reading_whole(self, on: bool) -> None:
        """Read through a memory map (on) or with plain reads (off, the default). Start-up reads every base
        blob whole (tens of MB for a 100,000-user tenant): mapped, that is a copy instead of one read call
        per 4 kB page, ~2-3x less CPU. Turned off once start-up is done, so the mapped file does not stay
        resident in the process afterwards. Writes never go through the map."""
        self.execute(f"PRAGMA mmap_size = {MAP_BYTES if on else 0}")

    def close(self) -> None:
        """Close the file and let the dir lock go (a second call does nothing)."""
        with self.lock:
            self.conn.close()
            fd, self._lockfile = self._lockfile, None
        if fd is not None:
            os.close(fd)


class Transaction:
    """``with db.transaction() as conn:`` runs statements in one transaction (all or nothing)."""

    def __init__(self, db: Db) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.lock.acquire()
        try:
            self.db.conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.db.lock.release()
            raise
        return self.db.conn

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        try:
            self.db.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
        finally:
            self.db.lock.release()


def _hold_dir_lock(path: Path) -> int:
    """An exclusive lock on ``<file>.lock`` for as long as the process runs (the kernel drops it when the
    process dies, kill -9 included): two emulators writing one file would interleave their logs."""
    fd = os.open(str(path) + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise ConfigError(f"data dir {path.parent}: {path.name} is in use by another lms-emulator "
                          "(stop it, or give this one another --data-dir)") from None
    return fd


def _open(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        empty = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        if empty and conn.execute("PRAGMA application_id").fetchone()[0] == 0:  # new (or never finished)
            with_schema(conn)
        else:
            _check_layout(conn, path)
    except sqlite3.DatabaseError as exc:
        raise ConfigError(f"data dir {path.parent}: {path.name} is not an lms-emulator data file ({exc}); "
                          "give another --data-dir or move the file away") from None
    return conn


def with_schema(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    for statement in SCHEMA.strip().split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {LAYOUT}")
    conn.execute("COMMIT")


def _check_layout(conn: sqlite3.Connection, path: Path) -> None:
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    layout = conn.execute("PRAGMA user_version").fetchone()[0]
    where = f"data dir {path.parent}: {path.name}"
    if app != APPLICATION_ID:
        raise ConfigError(f"{where} is not an lms-emulator data file; give another --data-dir or move it away")
    if layout > LAYOUT:
        raise ConfigError(f"{where} has layout {layout}, written by a newer lms-emulator (this one reads "
                          f"layouts up to {LAYOUT}); use that version or another --data-dir")
    if layout < LAYOUT:
        missing = [n for n in range(layout, LAYOUT) if n not in MIGRATIONS]
        if missing:
            raise ConfigError(f"{where} has layout {layout}, which this lms-emulator cannot migrate to "
                              f"{LAYOUT}; export its tenants with the version that wrote it, or use another "
                              "--data-dir")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for n in range(layout, LAYOUT):
                MIGRATIONS[n](conn)
            conn.execute(f"PRAGMA user_version = {LAYOUT}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def check(data_dir: str | Path) -> Path:
    """The data dir made ready (created if missing, writable), or a ConfigError saying why not."""
    path = Path(data_dir)
    if path.exists() and not path.is_dir():
        raise ConfigError(f"--data-dir {path} is a file, not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"--data-dir {path}: cannot create it ({exc.strerror})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise ConfigError(f"--data-dir {path} is not writable by this user")
    return path.resolve()
