"""The console's API page: each vendor's generated OpenAPI document in Swagger UI.

The reference is the vendor port's own ``/_emulator/docs/`` page, framed here: served from the vendor's
origin, its "try it out" requests reach the emulator directly with the chosen tenant's credentials,
and no vendor port needs to accept requests from the console's origin.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from .client import ControlClient, ControlError

api_page = Blueprint("api_page", __name__)


@api_page.get("/api")
def api():
    client: ControlClient = current_app.extensions["console"]
    names = client.names
    vendor = request.args.get("vendor") or (names[0] if names else "")
    if vendor not in names:
        abort(404, f"no vendor {vendor!r} in this console")
    try:
        tenants = [t["name"] for t in client.get(vendor, "/tenants")["tenants"]]
        error = None
    except ControlError as exc:
        tenants, error = [], exc.message
    tenant = request.args.get("tenant") or (tenants[0] if tenants else "")
    base = client.base_url(vendor)
    response = current_app.make_response(render_template(
        "api.html", vendors=names, vendor=vendor, tenants=tenants, tenant=tenant, error=error,
        frame=f"{base}/_emulator/docs/?tenant={tenant}", document=f"{base}/_emulator/openapi"))
    # the console's policy frames nothing; this page frames the vendor's own reference page
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        f"form-action 'self'; frame-ancestors 'none'; frame-src {base}")
    return response
