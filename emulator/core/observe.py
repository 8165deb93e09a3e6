"""Watching every vendor answer from test support and developer tools, through one wrapper.

The OpenAPI conformance hook (``emulator.openapi.conformance``) and the answer log (``tools/answer_log.py``)
both need each answer a vendor port gives, whole, with the request that asked for it. :func:`observe` wraps
``JournalMiddleware.__call__`` once and hands every finished answer to each registered watcher; serving is
untouched until something registers. A dropped connection (a fault rule) answered nothing and is not shown.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

_watchers: list[Callable[["Seen"], None]] = []


@dataclass(frozen=True)
class Seen:
    """One answer: the emulator that gave it, the WSGI environ and body of its request, and what it sent."""

    emulator: object
    environ: dict
    request_body: bytes
    status: str
    headers: list
    body: bytes


def observe(watcher: Callable[[Seen], None]) -> None:
    """Show every vendor answer from now on to ``watcher`` (called in the answering thread; idempotent)."""
    if watcher not in _watchers:
        _watchers.append(watcher)
    _install()


def _install() -> None:
    from .app import JournalMiddleware

    if getattr(JournalMiddleware.__call__, "_observed", False):
        return
    original = JournalMiddleware.__call__

    def observed(self, environ, start_response):
        stream = environ.get("wsgi.input")
        request_body = stream.read() if stream is not None else b""
        environ["wsgi.input"] = io.BytesIO(request_body)
        sent: dict = {}

        def capture(status, headers, exc_info=None):
            sent["status"], sent["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = original(self, environ, capture)
        if environ.get("emulator.drop") or "status" not in sent:
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        seen = Seen(self.emulator, environ, request_body, sent["status"], sent["headers"], body)
        for watcher in list(_watchers):
            watcher(seen)
        return [body]

    observed._observed = True  # type: ignore[attr-defined]
    JournalMiddleware.__call__ = observed  # type: ignore[method-assign]
