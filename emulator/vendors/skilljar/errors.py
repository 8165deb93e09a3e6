"""Skilljar's error answers: DRF's ``{"detail": ...}`` bodies and field errors, with DRF's wording.

Code anywhere below a route (params, ops, auth, handlers) raises a :class:`SkilljarError`; core
catches it once and hands it to :func:`render` (the REST surface's ``render_error``).

Sources: the v1 error envelope ``{"detail": ...}`` is documented by real clients (CSA-PKG
``v1backend.py``, gnoeou ``ApiErrorResponse.cs``); the exact texts are Django REST Framework's
defaults (Skilljar v1 is a DRF app), which no recording contradicts.
"""

from __future__ import annotations

from typing import Any

from flask import Request, Response

from ...core.errors import VendorError
from ...core.http import json_response

NOT_FOUND = "Not found."
NO_CREDENTIALS = "Authentication credentials were not provided."
BAD_CREDENTIALS = "Invalid username/password."
INVALID_TOKEN = "Invalid token."
WWW_AUTHENTICATE = 'Basic realm="api"'


class SkilljarError(VendorError):
    """DRF's ``{"detail": text}`` with a status (and headers, e.g. ``WWW-Authenticate``)."""

    def __init__(self, status: int, text: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(text)
        self.status = status
        self.text = text
        self.headers = headers

    def body(self) -> Any:
        return {"detail": self.text}


class NotFound(SkilljarError):
    def __init__(self, text: str = NOT_FOUND) -> None:
        super().__init__(404, text)


class ParseError(SkilljarError):
    """A body DRF's parsers cannot read (bad JSON)."""

    def __init__(self, text: str) -> None:
        super().__init__(400, text)


class UnsupportedMediaType(SkilljarError):
    def __init__(self, content_type: str) -> None:
        super().__init__(415, f'Unsupported media type "{content_type}" in request.')


class Unauthorized(SkilljarError):
    def __init__(self, text: str) -> None:
        super().__init__(401, text, {"WWW-Authenticate": WWW_AUTHENTICATE})


class FieldErrors(SkilljarError):
    """400 with DRF field errors, e.g. ``{"user": {"email": ["This field is required."]}}``."""

    def __init__(self, errors: Any) -> None:
        super().__init__(400, "Invalid input.")
        self.errors = errors

    def body(self) -> Any:
        return self.errors


def invalid_pk(value: Any) -> list[str]:
    """DRF's PrimaryKeyRelatedField message for an id that names no row."""
    return [f'Invalid pk "{value}" - object does not exist.']


def render(request: Request, exc: Exception) -> Response:
    """The REST surface's ``render_error``: one :class:`SkilljarError` → its answer."""
    if not isinstance(exc, SkilljarError):  # another family on this surface: a bug, DRF's 500
        return http_error(request, 500)
    return json_response(exc.body(), exc.status, exc.headers)


def detail(status: int, text: str, headers: dict[str, str] | None = None) -> Response:
    return json_response({"detail": text}, status, headers)


def http_error(request: Request, status: int) -> Response:
    """The answer to an HTTP error raised by routing (unknown path, wrong method...)."""
    if status == 404:
        return detail(404, NOT_FOUND)
    if status == 405:
        return detail(405, f'Method "{request.method}" not allowed.')
    if status == 413:
        return detail(413, "Request entity too large.")
    if status == 400:
        return detail(400, "Bad request.")
    return detail(500, "A server error occurred.") if status >= 500 else detail(status, "Error.")
