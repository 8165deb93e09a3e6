"""``GET /_emulator/openapi.json`` and ``/_emulator/openapi.yaml`` on every vendor port: the vendor's
generated document, its ``servers`` naming the port that answered; ``/_emulator/docs/``: the document in
Swagger UI (the build the flask-swagger-ui package ships, served from this port), "try it out" aimed at
this port with the credentials of ``?tenant=`` (the console's API page frames it)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, redirect, request, send_from_directory

from . import rendered

STATIC = Path(__file__).with_name("static")
#: the Swagger UI files the page loads, from the flask-swagger-ui package's dist folder
ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js")


def swagger_ui_dist() -> Path:
    import flask_swagger_ui

    return Path(flask_swagger_ui.__file__).with_name("dist")


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

    @bp.get("/docs")
    def docs_root():
        return redirect(request.path + "/" + (f"?{request.query_string.decode()}" if request.query_string else ""))

    @bp.get("/docs/")
    def docs_page():
        return send_from_directory(STATIC, "docs.html", max_age=0)

    @bp.get("/docs/docs.js")
    def docs_script():
        return send_from_directory(STATIC, "docs.js", max_age=0)

    @bp.get("/docs/assets/<name>")
    def docs_asset(name: str):
        if name not in ASSETS:
            abort(404)
        return send_from_directory(swagger_ui_dist(), name, max_age=3600)

    return bp
