"""The control plane under ``/_emulator/`` on every vendor port (as LocalStack and WireMock do it).

No auth, no rate limits, no faults, never journaled. JSON in and out; a bad control request gets a
4xx ``{"error": "..."}`` saying what is wrong. Where a call takes a tenant (``?tenant=NAME`` or a
``"tenant"`` key in the body) and none is given, it applies to the vendor's first tenant, except
``reset``, which without a tenant resets the whole emulator.

One module per concern, each adding its routes to the one blueprint (as the vendors' route modules
do): ``tenants`` (health, tenants, switches), ``data`` (reset, seed, state, tables, snapshots),
``runtime`` (limits, journal, faults, clock) and ``deliveries``. ``common`` holds what vendor
control blueprints import too: :func:`control_error`, :func:`request_body`, :func:`request_tenant`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint

from ...recording import control as recordings  # POST /clone: a tenant from recordings (issue #11)
from . import data, deliveries, runtime, tenants
from .common import control_error, request_body, request_tenant

if TYPE_CHECKING:
    from ..emulator import Emulator

__all__ = ["control_error", "make_control_blueprint", "request_body", "request_tenant"]


def make_control_blueprint(emulator: "Emulator") -> Blueprint:
    bp = Blueprint("emulator_control", __name__)
    for concern in (tenants, data, runtime, deliveries, recordings):
        concern.register(bp, emulator)
    return bp
