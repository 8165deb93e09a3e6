"""The REST blueprint: every route module registered on one blueprint, plus what all answers share
(body parsing before the handler, Lessonly errors, the recorded response headers)."""

from __future__ import annotations

import re
import time

from flask import Blueprint, Request, g, request

from . import routes_assignments, routes_content, routes_groups, routes_users
from .errors import LessonlyError, error_response
from .web import decorate, fail, parse_body

CONTROL = "/_emulator"


def make_blueprint() -> Blueprint:
    bp = Blueprint("lessonly_rest", __name__)
    routes_users.register(bp)
    routes_groups.register(bp)
    routes_content.register(bp)
    routes_assignments.register(bp)

    @bp.before_app_request
    def started():
        g.started = time.perf_counter()

    @bp.app_errorhandler(LessonlyError)
    def lessonly_error(exc: LessonlyError):
        return fail(exc)

    @bp.after_app_request
    def headers(response):
        if request.path.startswith(CONTROL) or request.path.startswith("/scim"):
            return response
        return decorate(response)

    return bp


def precheck(req: Request, tenant) -> object:
    """After auth and the rate limit, before the handler: 406 for a non-JSON Accept, 400 for a body
    that claims JSON and is not (Rails' params parser fails before the controller runs)."""
    accept = req.headers.get("Accept")
    if accept and not any(t in accept for t in ("json", "*/*", "application/*")):
        return error_response(406, None, tenant)
    if any(not part.isascii() and re.fullmatch(r"\d+", part) for part in req.path.split("/")):
        # Flask's <int:> takes "٥٤" as 54; Rails casts a non-ASCII id to 0: no such record
        return error_response(404, None, tenant)
    if req.method in ("POST", "PUT", "PATCH", "DELETE"):
        body = parse_body(req)
        if body is None:
            return error_response(400, None, tenant)
        g.body = body
    return None
