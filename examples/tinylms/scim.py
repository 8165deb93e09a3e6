"""The SCIM surface: a read-only Users listing with a Bearer token.

Real vendors describe a ``ScimProfile`` and let core's engine serve every SCIM route
(``emulator.core.scim.make_surface``; see ``emulator/vendors/lessonly/scim.py``). Tiny LMS keeps a
hand-written listing so the example stays short.
"""

from __future__ import annotations

from flask import Blueprint, g, request

from emulator.core.http import json_response

from . import params, serialize

LIST_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse"


def blueprint() -> Blueprint:
    bp = Blueprint("tiny_scim", __name__)

    @bp.get("/scim/v2/Users")
    def users():
        rows = g.tenant.state.users
        return json_response({"schemas": [LIST_URN], "totalResults": len(rows),
                              "Resources": [serialize.scim_user(u) for u in rows.page(0, params.count(request))]},
                             content_type="application/scim+json")

    return bp
