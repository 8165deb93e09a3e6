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
    from ..core import app as core_app

    middleware = core_app.JournalMiddleware
    if getattr(middleware.__call__, "_openapi_checked", False):
        return
    original = middleware.__call__

    def checked_call(self, environ, start_response):
        seen: dict = {}

        def capture(status, headers, exc_info=None):
            seen["status"] = status
            seen["headers"] = headers
            return start_response(status, headers, exc_info)

        result = original(self, environ, capture)
        path = environ.get("PATH_INFO", "")
        if path.startswith(core_app.CONTROL_PREFIX) or environ.get("emulator.drop") or "status" not in seen:
            return result
        entry = environ.get("emulator.entry")
        if entry is not None and entry.fault:
            return result
        chunks = list(result)
        body = b"".join(chunks)
        try:
            found = check(self.emulator.vendor.name, environ.get("REQUEST_METHOD", "GET"), path,
                          int(seen["status"].split(" ", 1)[0]), seen["headers"], body)
        except Exception as exc:  # the checker itself failing is a violation too, never a lost answer
            found = [f"checking {path} failed: {exc!r}"]
        checked["answers"] += 1
        if found:
            query = environ.get("QUERY_STRING")
            where = f"{environ.get('REQUEST_METHOD')} {path}{'?' + query if query else ''}"
            violations.extend(f"{self.emulator.vendor.name} {where}: {v}" for v in found)
        return [body]

    checked_call._openapi_checked = True  # type: ignore[attr-defined]
    middleware.__call__ = checked_call  # type: ignore[method-assign]
