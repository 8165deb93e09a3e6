"""The core error hook: a vendor's ``VendorError`` raised anywhere below a route reaches its surface's
``render_error``, once; a surface without one answers its own 500 shape, never a traceback."""

from __future__ import annotations

import dataclasses

from flask import Blueprint, g
from werkzeug.test import Client

from emulator.core.emulator import Emulator
from emulator.core.errors import VendorError
from emulator.core.http import json_response
from emulator.core.vendor import Surface

from .toy import TOY, authenticate


class ToyError(VendorError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def deep_lookup(tenant, pid: int):
    """Code far below the handler (an ops or params function) raises; nothing between catches."""
    person = tenant.state.people.get(pid)
    if person is None:
        raise ToyError(404, f"no person {pid}")
    return person


def blueprint(name: str, prefix: str) -> Blueprint:
    bp = Blueprint(name, __name__, url_prefix=prefix)

    @bp.get("/people/<int:pid>")
    def person(pid: int):
        return json_response({"email": deep_lookup(g.tenant, pid).email})

    return bp


def render(request, exc: Exception):
    assert isinstance(exc, ToyError)
    return json_response({"problem": exc.message, "path": request.path}, exc.status, {"X-Rendered": "once"})


def surfaces() -> list[Surface]:
    def shape(req, code):
        return json_response({"error": f"http {code}"}, code)

    return [Surface("rendered", "/a", blueprint("rendered", "/a"), authenticate, shape, render_error=render),
            Surface("plain", "/b", blueprint("plain", "/b"), authenticate, shape)]


def client() -> Client:
    vendor = dataclasses.replace(TOY, surfaces=surfaces)
    return Client(Emulator(vendor).app)


def auth() -> dict[str, str]:
    return {"Authorization": "Basic dG95a2V5Og=="}  # toykey:


def test_a_vendor_error_raised_deep_below_a_route_reaches_render_error():
    web = client()
    response = web.get("/a/people/999", headers=auth())
    assert response.status_code == 404 and response.headers["X-Rendered"] == "once"
    assert response.get_json() == {"problem": "no person 999", "path": "/a/people/999"}
    assert web.get("/a/people/1", headers=auth()).status_code == 200  # no error, no rendering


def test_a_surface_without_render_error_answers_its_500_shape_not_a_traceback():
    response = client().get("/b/people/999", headers=auth())
    assert response.status_code == 500
    assert response.get_json() == {"error": "http 500"}
    assert b"Traceback" not in response.data and b"ToyError" not in response.data
