"""Control routes about the emulator and its tenants: health, tenants (list, read, create), switches."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from flask import Blueprint

from ...config import ConfigError, TenantConfig
from ..http import json_response
from .common import control_error, request_body

if TYPE_CHECKING:
    from ..emulator import Emulator
    from ..tenants import Tenant


STARTED = time.time()


def register(bp: Blueprint, emulator: "Emulator") -> None:
    """Add these routes to the control blueprint."""
    vendor = emulator.vendor

    def describe(tenant: "Tenant") -> dict[str, Any]:
        creds = vendor.credentials(tenant, emulator.base_url) if vendor.credentials else {}
        return {
            "name": tenant.name,
            "vendor": vendor.name,
            "base_url": emulator.base_url,
            "plan": tenant.plan,
            "credentials": creds,
            "switches": tenant.switches,
            "sso_configured": tenant.config.sso_configured,
            "scim_enabled": tenant.config.scim_enabled,
            "counts": tenant.state.counts(),
            "seed": tenant.config.seed if tenant.config.seed is not None else tenant.global_seed,
            "snapshots": sorted(tenant.snapshots),
        }

    @bp.get("/health")
    def health():
        return json_response({"status": "ok", "vendor": vendor.name, "tenants": len(emulator.tenants),
                              "uptime_seconds": round(time.time() - STARTED, 3)})

    @bp.get("/tenants")
    def list_tenants():
        return json_response({"vendor": vendor.name, "title": vendor.title,
                              "tenants": [describe(t) for t in emulator.tenants]})

    @bp.get("/tenants/<name>")
    def get_tenant(name: str):
        tenant = emulator.tenants.get(name)
        if tenant is None:
            return control_error(404, f"no tenant {name!r}")
        return json_response({**describe(tenant), "limits": tenant.limiter.to_dict()})

    @bp.post("/tenants")
    def create_tenant():
        data = request_body()
        name = data.get("name")
        if not isinstance(name, str) or not name:
            return control_error(400, "a tenant needs a non-empty string 'name'")
        if emulator.tenants.get(name):
            return control_error(409, f"tenant {name!r} exists already")
        try:
            if vendor.new_tenant:
                config = vendor.new_tenant(name, data)
            else:
                config = TenantConfig.from_dict({**data, "vendor": vendor.name})
            tenant = emulator.add_tenant(config)
        except (ConfigError, TypeError, ValueError) as exc:
            return control_error(400, str(exc))
        return json_response(describe(tenant), 201)

    @bp.get("/switches")
    def switches():
        return json_response({name: {"default": sw.default, "doc": sw.doc,
                                     "choices": list(sw.choices) if sw.choices else None}
                              for name, sw in vendor.switches.items()})
