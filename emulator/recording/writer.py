"""Cassette files written atomically while a recording runs.

Each interaction is turned into YAML once; the file is the header plus every interaction so far,
written to a temporary file in the same folder, flushed to disk and renamed over the cassette. A
crash at any moment leaves the previous complete cassette (or none), never half a file. Writes are
coalesced by a background thread at most every ``FLUSH_EVERY`` seconds, so a burst of requests costs
one write, not one per request (each write is the whole file: per request, a long recording would
rewrite it a thousand times and take the CPU its requests need).
An existing cassette is continued, not replaced.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path

import yaml

from ..cassettes import FORMAT_VERSION, SAFE_LOADER

HEADER = f"version: {FORMAT_VERSION}\ninteractions:\n"
TOPIC = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
FLUSH_EVERY = 0.25  # seconds between two writes of a cassette while a recording runs


def dump_interaction(interaction: dict) -> str:
    return yaml.dump([interaction], Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False,
                     allow_unicode=True, width=10_000, default_flow_style=False)


def write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class CassetteWriter:
    """Appends interactions to ``<out>/<topic>.yaml``; :meth:`flush` makes the file current."""

    def __init__(self, out_dir: str | Path, topic: str = "recording") -> None:
        if not TOPIC.fullmatch(topic):
            raise ValueError(f"topic {topic!r}: use letters, digits, '.', '_' or '-'")
        self.path = Path(out_dir) / f"{topic}.yaml"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._chunks: list[str] = []
        if self.path.exists():
            data = yaml.load(self.path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
            if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
                raise ValueError(f"{self.path} exists and is not a cassette; pick another --topic or --out")
            self._chunks = [dump_interaction(item) for item in data.get("interactions") or []]
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._pending = threading.Event()
        self._closing = threading.Event()
        self._written = len(self._chunks)
        self._closed = False
        self._thread = threading.Thread(target=self._run, daemon=True, name="cassette-writer")
        self._thread.start()

    def __len__(self) -> int:
        return len(self._chunks)

    def add(self, interaction: dict) -> None:
        chunk = dump_interaction(interaction)
        with self._lock:
            self._chunks.append(chunk)
        self._pending.set()

    def flush(self) -> None:
        with self._write_lock:  # one writer at a time; requests keep adding meanwhile
            with self._lock:
                chunks = list(self._chunks)
            if not chunks or len(chunks) == self._written:
                return
            write_atomic(self.path, HEADER + "".join(chunks))
            self._written = len(chunks)

    def _run(self) -> None:
        while not self._closed:
            self._pending.wait()
            self._pending.clear()
            if self._closed:
                break
            self.flush()
            self._closing.wait(FLUSH_EVERY)  # what arrives meanwhile goes in the next write

    def close(self) -> None:
        self._closed = True
        self._closing.set()
        self._pending.set()
        self._thread.join(timeout=5)
        self.flush()
