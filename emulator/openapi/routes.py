"""``GET /_emulator/openapi.json`` and ``/_emulator/openapi.yaml`` on every vendor port: the vendor's
generated document, its ``servers`` naming the port that answered."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from . import rendered


def make_blueprint() -> Blueprint:
    bp = Blueprint("emulator_openapi", __name__)

    def current(fmt: str) -> str:
        return rendered(current_app.extensions["emulator"].vendor.name, request.host_url, fmt)

    @bp.get("/openapi.json")
    def openapi_json():
        return Response(current("json"), content_type="application/json")

    @bp.get("/openapi.yaml")
    def openapi_yaml():
        return Response(current("yaml"), content_type="application/yaml; charset=utf-8")

    return bp
