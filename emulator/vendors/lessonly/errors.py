"""Lessonly's error answers.

No Lessonly source shows an error body (dossier section 2). Default (switch ``error_body="error"``):
``{"error": "<message>"}`` with ``Content-Type: application/json``, the shape the aptible client reads
(``body[:error]``); the messages are the DOCS errors-table names or Rails-style validation messages.
``error_body="rails"`` answers what a stock Rails API app renders for an unrescued exception:
``{"status": 404, "error": "Not Found"}``. Both are assumptions, documented in docs/lessonly.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Request, Response, g

from ...core.errors import VendorError
from ...core.http import json_response

if TYPE_CHECKING:
    from ...core.tenants import Tenant

#: DOCS ``_errors.md`` names, used as the message when nothing more specific applies
MESSAGES = {
    400: "Malformed Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
#: HTTP reason phrases, for the ``rails`` body style
REASONS = {**MESSAGES, 400: "Bad Request"}



class LessonlyError(VendorError):
    """Lessonly's answer to a request it refuses, raised anywhere below a route (auth, params, handlers)
    and rendered once, by :func:`render_error` (the REST surface's ``render_error``)."""

    def __init__(self, status: int, message: str | None = None) -> None:
        super().__init__(message or MESSAGES.get(status, "Error"))
        self.status = status
        self.message = message or MESSAGES.get(status, "Error")


def error_response(status: int, message: str | None = None, tenant: "Tenant | None" = None) -> Response:
    style = tenant.switch("error_body") if tenant is not None else "error"
    if style == "rails":
        body = {"status": status, "error": REASONS.get(status, "Error")}
    else:
        body = {"error": message or MESSAGES.get(status, "Error")}
    return json_response(body, status)


def render_error(request: Request, exc: LessonlyError) -> Response:
    """The REST surface's ``render_error``: the company's body style once a tenant is known (an auth
    failure has none, so it always gets the default style)."""
    return error_response(exc.status, exc.message, g.get("tenant"))


def http_error(request: Request, code: int) -> Response:
    """Routing's 404/405 (and the 500 of a bug): the default body style, before any tenant is known."""
    return error_response(code)
