"""What every control route shares (core's and each vendor's ``/_emulator/<vendor>/`` routes): the
``{"error": ...}`` answer, the JSON body, and the tenant a request names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from flask import Response, current_app, request

from ..http import answer, json_response

if TYPE_CHECKING:
    from ..tenants import Tenant


def control_error(status: int, message: str) -> Response:
    return json_response({"error": message}, status)


def request_body() -> dict:
    """The control request's JSON object body ({} when empty); a 400 control error otherwise."""
    if not request.get_data():
        return {}
    try:
        data = request.get_json(silent=True)  # silent covers ValueError, not JSON nested too deep
    except RecursionError:
        data = None
    if not isinstance(data, dict):
        answer(control_error(400, "the body must be a JSON object"))
    return data


def request_tenant(data: dict | None = None) -> "Tenant":
    """The tenant a control request names (``?tenant=`` or ``"tenant"``), else the first; 404 if none.

    For vendor control blueprints too, so every control route picks tenants the same way.
    """
    emulator = current_app.extensions["emulator"]
    name = request.args.get("tenant") or (data or {}).get("tenant")
    if name is None:
        tenant = emulator.tenants.first()
        if tenant is None:
            answer(control_error(404, "this emulator has no tenants"))
        return tenant
    tenant = emulator.tenants.get(str(name))
    if tenant is None:
        names = [t.name for t in emulator.tenants]
        answer(control_error(404, f"no tenant {name!r}; tenants: {names}"))
    return tenant


def found(item: Any, render: Callable[[Any], Any], missing: str) -> Response:
    """The answer for one item looked up by id: ``render(item)`` as JSON, or a 404 saying ``missing``."""
    if item is None:
        return control_error(404, missing)
    return json_response(render(item))
