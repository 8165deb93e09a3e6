"""The REST v1 surface: one blueprint with every route module (one per resource group, each with a
``register(bp)``), plus the trailing-slash check before the routes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Request, Response

from .. import errors
from ..auth import authenticate
from ..errors import SkilljarError
from . import catalog, courses, domains, enrollments, groups, paths, table, users, webhooks
from .common import install_converters, no_content

if TYPE_CHECKING:
    from ....core.tenants import Tenants

#: the route modules, in the order their rules are added; ``table`` last: it serves what the others do not
MODULES = (users, domains, paths, enrollments, courses, groups, webhooks, catalog, table)


def make_blueprint() -> Blueprint:
    bp = Blueprint("skilljar_v1", __name__)
    install_converters(bp)
    for module in MODULES:
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
    except SkilljarError:
        tenant = tenants.first()
    mode = tenant.switch("trailing_slash") if tenant is not None else "both"
    if mode == "both":
        return None
    if mode == "redirect":
        query = request.query_string.decode("latin-1")
        response = no_content(301)
        response.headers["Location"] = path + "/" + ("?" + query if query else "")
        return response
    return errors.detail(404, errors.NOT_FOUND)
