"""Tiny LMS's one error family and the one place it becomes an answer (``Surface.render_error``)."""

from __future__ import annotations

from flask import Request, Response

from emulator.core.errors import VendorError
from emulator.core.http import json_response


class TinyError(VendorError):
    """An answer Tiny LMS gives on purpose: raised anywhere below a route (params, ops, handlers)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def render(request: Request, exc: Exception) -> Response:
    """The REST surface's ``render_error``: ``{"error": message}`` with the error's status."""
    assert isinstance(exc, TinyError)
    return json_response({"error": exc.message}, exc.status)


def http_error(request: Request, code: int) -> Response:
    """Routing's own errors (unknown path, wrong method) in the vendor's shape."""
    return json_response({"error": f"HTTP {code}"}, code)
