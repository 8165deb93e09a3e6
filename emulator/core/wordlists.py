"""Faker's en_US word lists, which the seeding draws from, without importing Faker on every start.

Importing any Faker module imports its package first, and the package scans every provider for the
locales it has: ~40 ms of CPU in the `serve` parent, a tenth of a start-up (docs/decisions/001-server.md,
start-up). The seeding reads six lists only, so they are read from Faker once and kept as JSON in the
user's cache directory (``$XDG_CACHE_HOME/lms-emulator``, else ``~/.cache/lms-emulator``). The cache is
keyed by the provider files' path, size and modification time: another Faker version, or an edited
provider, misses it and is read afresh. A cache that is missing, unreadable or not writable costs only
that import; what the seeding draws is the same either way (tests/core/test_wordlists.py).
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

#: list name -> (the Faker module that holds it, its attribute on that module's Provider), all en_US
SOURCES: dict[str, tuple[str, str]] = {
    "first_names": ("faker.providers.person.en_US", "first_names"),
    "last_names": ("faker.providers.person.en_US", "last_names"),
    "word_list": ("faker.providers.lorem.en_US", "word_list"),
    "company_suffixes": ("faker.providers.company.en_US", "company_suffixes"),
    "jobs": ("faker.providers.job.en_US", "jobs"),
    "free_email_domains": ("faker.providers.internet.en_US", "free_email_domains"),
}


def word_list(name: str) -> list[str]:
    """One of :data:`SOURCES`, in Faker's own order (a weighted mapping gives its keys)."""
    return _lists()[name]


@cache
def _lists() -> dict[str, list[str]]:
    key = _source_key()
    path = cache_dir() / f"faker-en_US-{key}.json" if key else None
    if path is not None:
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(kept, dict) and set(kept) == set(SOURCES) and all(
                    isinstance(v, list) and all(isinstance(w, str) for w in v) for v in kept.values()):
                return kept
        except (OSError, ValueError):
            pass  # missing or damaged: read from Faker and write it again
    lists = from_faker()
    if path is not None:
        _write(path, lists)
    return lists


def from_faker() -> dict[str, list[str]]:
    """The lists read from Faker's providers (imports Faker)."""
    import importlib

    return {name: list(getattr(importlib.import_module(module).Provider, attribute))
            for name, (module, attribute) in SOURCES.items()}


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lms-emulator"


def faker_root() -> Path | None:
    """Faker's package directory, found without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("faker")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _source_key(root: Path | None = None) -> str | None:
    """A digest of where Faker's provider files are, their size and mtime; None if they can't be found."""
    root = root or faker_root()
    if root is None:
        return None
    digest = hashlib.sha256()
    for module in sorted({module for module, _ in SOURCES.values()}):
        path = root.joinpath(*module.split(".")[1:], "__init__.py")
        try:
            stat = path.stat()
        except OSError:
            return None
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _write(path: Path, lists: dict[str, list[str]]) -> None:
    """Written whole under a temporary name, then renamed: a concurrent start reads the old file or the new."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(lists), encoding="utf-8")
        os.replace(partial, path)
    except OSError:  # a read-only home: every start reads Faker, as before the cache
        partial.unlink(missing_ok=True) if partial.parent.is_dir() else None
