"""Skilljar's error answers: DRF's ``{"detail": ...}`` bodies and field errors, with DRF's wording.

Sources: the v1 error envelope ``{"detail": ...}`` is documented by real clients (CSA-PKG
``v1backend.py``, gnoeou ``ApiErrorResponse.cs``); the exact texts are Django REST Framework's
defaults (Skilljar v1 is a DRF app), which no recording contradicts.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Response

from ...core.http import answer, json_response

NOT_FOUND = "Not found."
NO_CREDENTIALS = "Authentication credentials were not provided."
BAD_CREDENTIALS = "Invalid username/password."
INVALID_TOKEN = "Invalid token."
WWW_AUTHENTICATE = 'Basic realm="api"'


def detail(status: int, text: str, headers: dict[str, str] | None = None) -> Response:
    return json_response({"detail": text}, status, headers)


def not_found() -> NoReturn:
    answer(detail(404, NOT_FOUND))


def fields(errors: Any) -> NoReturn:
    """400 with DRF field errors, e.g. ``{"user": {"email": ["This field is required."]}}``."""
    answer(json_response(errors, 400))


def unauthorized(text: str) -> Response:
    return detail(401, text, {"WWW-Authenticate": WWW_AUTHENTICATE})


def http_error(status: int, method: str = "GET") -> Response:
    if status == 404:
        return detail(404, NOT_FOUND)
    if status == 405:
        return detail(405, f'Method "{method}" not allowed.')
    if status == 413:
        return detail(413, "Request entity too large.")
    if status == 400:
        return detail(400, "Bad request.")
    return detail(500, "A server error occurred.") if status >= 500 else detail(status, "Error.")


def throttled(wait: int) -> Response:
    unit = "second" if wait == 1 else "seconds"
    return detail(429, f"Request was throttled. Expected available in {wait} {unit}.", {"Retry-After": str(wait)})
