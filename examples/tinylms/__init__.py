"""Tiny LMS: the worked example of docs/adding-a-vendor.md, a complete vendor package in miniature.

Users and courses; a REST API with HTTP Basic auth (the API key as username) under ``/api``; a SCIM
listing with a Bearer token under ``/scim/v2``; two rate windows; a hint; a webhook on user creation;
one vendor control route. Every role of the vendor layout is here, each a few lines long, so the
guide can walk through them in order. Not in ``emulator.vendors.INDEX``: the console tests load it
with ``emulator.vendors.register("tiny", "examples.tinylms", 8099)``.

This module holds the descriptor and nothing else of substance.
"""

from __future__ import annotations

from emulator.core.vendor import Hint, Surface, Vendor

from . import auth, control, effects, errors, limits, routes, scim, seed, serialize
from .store import TinyState


def surfaces() -> list[Surface]:
    return [Surface("rest", "/api", routes.blueprint(), auth.rest, errors.http_error,
                    over_limit=limits.over_limit, render_error=errors.render),
            Surface("scim", "/scim/v2", scim.blueprint(), auth.scim, errors.http_error)]


def credentials(tenant, base_url: str) -> dict:
    return {"api_key": tenant.config.api_key, "basic_auth": [tenant.config.api_key, ""],
            "scim_token": tenant.config.scim_token, "example_path": "/api/users"}


def describe(state, key) -> dict:
    """One user as each surface shows it (the console's "one user, every surface" view)."""
    user = state.users.get(key)
    return {"Tiny REST": serialize.user(user), "SCIM": serialize.scim_user(user)}


VENDOR = Vendor(
    name="tiny", title="Tiny LMS", default_port=8099, state_class=TinyState, surfaces=surfaces,
    seed=seed.seed, demo_tenants=seed.demo_tenants, plans=limits.PLANS, default_plan=limits.DEFAULT_PLAN,
    default_sizes=dict(seed.DEFAULT_SIZES),
    hints=[Hint("GET", r"/api/people", "Tiny LMS has no /api/people; list users with GET /api/users")],
    subscribe=effects.subscribe, credentials=credentials, describe=describe,
    control_blueprint=control.blueprint,
)
