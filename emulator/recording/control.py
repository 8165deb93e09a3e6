"""``POST /_emulator/clone``: clone a tenant from recordings on this machine (issue #11).

Body ``{"path": "recordings/acme", "tenant": "demo"}`` (a cassette file or a folder, searched
recursively; ``tenant`` defaults to the first). The tenant's state becomes the objects seen in its
vendor's recorded answers, and its resets return there. Answers ``{"tenant", "counts", "report"}``;
400 with ``{"error"}`` when the path holds no recordings of this vendor or they cannot be imported.
"""

from __future__ import annotations

from flask import Blueprint


def register(bp: Blueprint, emulator) -> None:
    """Adds the route to the control blueprint (called by ``core.control`` with every concern). The cassette
    reader (and jsonschema under it) is imported at the first clone, not while every server starts."""
    from ..core.control.common import control_error, request_body, request_tenant
    from ..core.http import json_response

    @bp.post("/clone")
    def clone_from_recordings():
        from ..cassettes import CassetteError
        from .clone import clone_into

        data = request_body()
        path = data.get("path")
        if not isinstance(path, str) or not path:
            return control_error(400, "send {\"path\": \"<a cassette file or a folder of recordings>\"}")
        tenant = request_tenant(data)
        try:
            report = clone_into(tenant, path)
        except (CassetteError, ValueError, TypeError) as exc:
            return control_error(400, f"not cloned (nothing changed): {exc}")
        return json_response({"tenant": tenant.name, "counts": tenant.state.counts(), "report": report})
