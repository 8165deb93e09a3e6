"""The REST blueprint: every route module registered on one blueprint, plus what all answers share
(body parsing before the handler, the recorded response headers). Errors are raised as
:class:`LessonlyError` and rendered by the surface's ``render_error`` (``errors.render_error``)."""

from __future__ import annotations

import re
import time

from flask import Blueprint, Request, g, request

from ..errors import LessonlyError
from ..params import parse_body
from . import assignments, content, groups, users
from .respond import decorate, fresh_headers  # noqa: F401 (the surface's replay hook)

CONTROL = "/_emulator"


def make_blueprint() -> Blueprint:
    bp = Blueprint("lessonly_rest", __name__)
    users.register(bp)
    groups.register(bp)
    content.register(bp)
    assignments.register(bp)

    @bp.before_app_request
    def started():
        g.started = time.perf_counter()

    @bp.after_app_request
    def headers(response):
        if request.path.startswith(CONTROL) or request.path.startswith("/scim"):
            return response
        return decorate(response)

    return bp


def precheck(req: Request, tenant) -> None:
    """After auth and the rate limit, before the handler: 406 for a non-JSON Accept, 400 for a body
    that claims JSON and is not (Rails' params parser fails before the controller runs)."""
    accept = req.headers.get("Accept")
    if accept and not any(t in accept for t in ("json", "*/*", "application/*")):
        raise LessonlyError(406)
    if any(not part.isascii() and re.fullmatch(r"\d+", part) for part in req.path.split("/")):
        # Flask's <int:> takes "٥٤" as 54; Rails casts a non-ASCII id to 0: no such record
        raise LessonlyError(404)
    if req.method in ("POST", "PUT", "PATCH", "DELETE"):
        body = parse_body(req)
        if body is None:
            raise LessonlyError(400)
        g.body = body
    return None
