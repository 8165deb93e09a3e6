"""The browser side of the single-use keys: ``/index/autologin/key:…``, ``/index/gotocourse/key:…``.

A key works once (seed 004 p.15: "The login_key URL changes every time it is used"); following it
opens a web session, which is what ``isuseronline`` and ``userlogout`` look at. Real TalentLMS then
redirects into the portal; the emulator has no portal, so it answers a small HTML page instead.
"""

from __future__ import annotations

import html
import re

from flask import Blueprint, Request, Response, g

from ...core.tenants import Tenant, Tenants
from . import errors as E
from .errors import LinkExpired, TalentError
from .ops import Lms

PREFIX = "/index"
_KEY = re.compile(r"key:([0-9a-z]{1,64})")


def _page(title: str, text: str, status: int = 200) -> Response:
    body = (f"<!doctype html><html><head><title>{html.escape(title)}</title></head>"
            f"<body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>")
    return Response(body, status=status, content_type="text/html; charset=utf-8")


def render_error(_request: Request, _exc: TalentError) -> Response:
    """The pages surface's ``render_error``: its only error is a key that is unknown, used or of an
    inactive user."""
    return _page("Link expired", *E.LINK_EXPIRED)


def authenticate(request: Request, tenants: Tenants) -> Tenant:
    match = _KEY.search(request.path)
    if match:
        for tenant in tenants:
            if match.group(1) in tenant.state.login_keys:
                return tenant
        raise LinkExpired()
    host = (request.host or "").split(":")[0].lower()
    for tenant in tenants:
        if (tenant.config.domain or "").lower() == host:
            return tenant
    first = tenants.first()
    if first is None:
        raise LinkExpired()
    return first


def follow(rest: str) -> Response:
    tenant: Tenant = g.tenant
    lms = Lms(tenant)
    if rest.startswith("logout"):
        return _page("Logged out", "You have been logged out.")
    match = _KEY.search(rest)
    key = lms.state.login_keys.get(match.group(1)) if match else None
    user = lms.state.users.get(key.user_id) if key else None
    if key is None or user is None or user.status != "active":
        raise LinkExpired()
    lms.follow_key(key, user)  # single use: the next read of the user shows a fresh key
    where = f"course {key.course_id}" if key.course_id else "the dashboard"
    return _page("Signed in", f"{user.first_name} {user.last_name} is signed in; real TalentLMS would now "
                              f"redirect to {where}.")


def make_blueprint() -> Blueprint:
    bp = Blueprint("talentlms_web", __name__)
    bp.add_url_rule(PREFIX + "/<path:rest>", "follow", follow, methods=["GET", "POST"])
    return bp


def http_error(request: Request, code: int) -> Response:
    return _page("Not found", "There is nothing here.", 404 if code < 500 else code)
