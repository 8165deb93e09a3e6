"""The test suite's one conformance hook: every answer a vendor port gives is checked against that
vendor's generated document (``install()`` wraps :class:`emulator.core.app.JournalMiddleware`, which
every vendor app, in-process or served, runs through).

Answers shaped by a fault rule (the test chose their status and body) and dropped connections are
not checked; everything else is. Violations are collected; the root ``conftest.py`` fails the test
during which they arrived.
"""

from __future__ import annotations

import threading
from importlib import import_module

from . import document
from .check import Checker

_checkers: dict[str, Checker | None] = {}
_lock = threading.Lock()
violations: list[str] = []
checked = {"answers": 0}


def checker(vendor: str) -> Checker | None:
    """The vendor's checker; None for a vendor package with no ``openapi`` pieces (the worked example)."""
    if vendor not in _checkers:
        with _lock:
            if vendor not in _checkers:
                try:
                    pieces = import_module(f"emulator.vendors.{vendor}.openapi")
                except ModuleNotFoundError:
                    _checkers[vendor] = None
                else:
                    _checkers[vendor] = Checker(document(vendor), getattr(pieces, "resolve", None))
    return _checkers[vendor]


def check(vendor: str, method: str, path: str, status: int, headers: list[tuple[str, str]] | dict,
          body: bytes) -> list[str]:
    items = headers.items() if isinstance(headers, dict) else headers
    content_type = next((v for k, v in items if k.lower() == "content-type"), None)
    found = checker(vendor)
    if found is None or method in ("HEAD", "OPTIONS"):
        return []
    return found.errors(method, path, status, content_type, body)


def install() -> None:
    """Check every vendor answer from now on (idempotent)."""
    from ..core.observe import observe

    observe(_check_seen)


def _check_seen(seen) -> None:
    """One answer (``emulator.core.observe.Seen``) against its vendor's document; control answers and answers a
    fault rule shaped are not the vendor's."""
    from ..core.app import CONTROL_PREFIX

    environ = seen.environ
    path = environ.get("PATH_INFO", "")
    entry = environ.get("emulator.entry")
    if path.startswith(CONTROL_PREFIX) or (entry is not None and entry.fault):
        return
    vendor = seen.emulator.vendor.name
    try:
        found = check(vendor, environ.get("REQUEST_METHOD", "GET"), path, int(seen.status.split(" ", 1)[0]),
                      seen.headers, seen.body)
    except Exception as exc:  # the checker itself failing is a violation too, never a lost answer
        found = [f"checking {path} failed: {exc!r}"]
    checked["answers"] += 1
    if found:
        query = environ.get("QUERY_STRING")
        where = f"{environ.get('REQUEST_METHOD')} {path}{'?' + query if query else ''}"
        violations.extend(f"{vendor} {where}: {v}" for v in found)
