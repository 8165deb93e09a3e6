"""The REST v1 surface: one blueprint with every route module, plus the checks before the routes."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from flask import Blueprint, Request, Response
from werkzeug.exceptions import HTTPException

from . import errors, routes_courses, routes_domains, routes_groups, routes_paths, routes_users, routes_webhooks
from .auth import authenticate
from .web import install_converters

if TYPE_CHECKING:
    from ...core.ratelimit import WindowState
    from ...core.tenants import Tenant, Tenants


def make_blueprint() -> Blueprint:
    bp = Blueprint("skilljar_v1", __name__)
    install_converters(bp)
    for module in (routes_users, routes_domains, routes_paths, routes_courses, routes_groups, routes_webhooks):
        module.register(bp)
    return bp


def trailing_slash(request: Request, tenants: Tenants) -> Response | None:
    """Trailing slashes, per the ``trailing_slash`` switch, answered before authentication as Django
    does (URL resolution and CommonMiddleware's APPEND_SLASH come before any DRF view runs).

    ``both`` (default): both forms served, no redirect (observed live: CSA's httpx client, which does
    not follow redirects, got 200s on slash-less paths). ``redirect``: a slash-less path answers 301
    to the slashed one, query kept (what the Stitchflow guide warns of; Django's APPEND_SLASH).
    ``strict``: the slash-less form is 404. The switch is per tenant: the request's credentials pick
    it, and a request whose credentials name no tenant gets the vendor's first tenant's mode.
    """
    path = request.path
    if path.endswith("/") or all(t.switch("trailing_slash") == "both" for t in tenants):
        return None
    try:
        tenant = authenticate(request, tenants)
    except HTTPException:
        tenant = tenants.first()
    mode = tenant.switch("trailing_slash") if tenant is not None else "both"
    if mode == "both":
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
