"""The REST v1 surface: one blueprint with every route module, plus the pre-route checks."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from flask import Blueprint, Request, Response

from . import errors, routes_courses, routes_domains, routes_groups, routes_paths, routes_users, routes_webhooks
from .web import install_converters

if TYPE_CHECKING:
    from ...core.ratelimit import WindowState
    from ...core.tenants import Tenant


def make_blueprint() -> Blueprint:
    bp = Blueprint("skilljar_v1", __name__)
    install_converters(bp)
    for module in (routes_users, routes_domains, routes_paths, routes_courses, routes_groups, routes_webhooks):
        module.register(bp)
    return bp


def precheck(request: Request, tenant: Tenant) -> Response | None:
    """Trailing slashes, per the tenant's ``trailing_slash`` switch.

    ``both`` (default): both forms served, no redirect (observed live: CSA's httpx client, which does
    not follow redirects, got 200s on slash-less paths). ``redirect``: a slash-less path answers 301
    to the slashed one, query kept (what the Stitchflow guide warns of; Django's APPEND_SLASH).
    ``strict``: the slash-less form is 404.
    """
    mode = tenant.switch("trailing_slash")
    path = request.path
    if mode == "both" or path.endswith("/"):
        return None
    if mode == "redirect":
        query = request.query_string.decode("latin-1")
        response = Response(b"", status=301)
        response.headers["Location"] = path + "/" + ("?" + query if query else "")
        response.headers.pop("Content-Type", None)
        return response
    return errors.detail(404, errors.NOT_FOUND)


def http_error(request: Request, code: int) -> Response:
    return errors.http_error(code, request.method)


def over_limit(tenant: Tenant, window: WindowState) -> Response:
    wait = max(1, math.ceil(window.reset_at - tenant.clock.now()))
    return errors.throttled(wait)
