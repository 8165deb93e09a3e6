"""The REST surface: thin handlers that parse (``params``), act (``ops``) and answer (``serialize``)."""

from __future__ import annotations

from flask import Blueprint, g, request

from emulator.core.http import json_response

from . import ops, params, serialize
from .errors import TinyError


def blueprint() -> Blueprint:
    bp = Blueprint("tiny_rest", __name__)

    @bp.get("/api/users")
    def list_users():
        users = g.tenant.state.users
        return json_response({"total": len(users),
                              "users": [serialize.user(u) for u in users.page(params.offset(request), 20)]})

    @bp.get("/api/users/<int:user_id>")
    def get_user(user_id: int):
        user = g.tenant.state.users.get(user_id)
        if user is None:
            raise TinyError(404, "no such user")
        return json_response(serialize.user(user))

    @bp.post("/api/users")
    def create_user():
        return json_response(serialize.user(ops.create_user(g.tenant, **params.new_user(request))), 201)

    @bp.get("/api/people")
    def people():  # the hint's route: answered as an unknown path is, so the hint header has a home
        raise TinyError(404, "HTTP 404")

    return bp
