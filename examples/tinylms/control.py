"""The vendor's own control routes, under ``/_emulator/tiny/``: things a test needs that the API lacks."""

from __future__ import annotations

from flask import Blueprint

from emulator.core.control import request_body, request_tenant
from emulator.core.http import json_response

from . import ops, serialize


def blueprint() -> Blueprint:
    bp = Blueprint("tiny_control", __name__)

    @bp.post("/users/<int:user_id>/suspend")
    def suspend(user_id: int):
        tenant = request_tenant(request_body())
        with tenant.lock:
            user = ops.suspend_user(tenant, user_id)
        return json_response(serialize.scim_user(user))

    return bp
