"""Control routes about a tenant's data: reset, reseed, state export/import, table browsing, snapshots."""

from __future__ import annotations

import dataclasses
import time
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, request

from .. import browse
from ..http import answer, json_response
from .common import control_error, request_body, request_tenant

if TYPE_CHECKING:
    from ..emulator import Emulator
    from ..tenants import Tenant


def register(bp: Blueprint, emulator: "Emulator") -> None:
    """Add these routes to the control blueprint."""
    vendor = emulator.vendor

    @bp.post("/reset")
    def reset():
        data = request_body()
        if request.args.get("tenant") or data.get("tenant"):
            tenant = request_tenant(data)
            started = time.perf_counter()
            tenant.reset()
            emulator.deliveries.cancel(tenant.name)
            return json_response({"reset": [tenant.name], "ms": round((time.perf_counter() - started) * 1000, 3)})
        started = time.perf_counter()
        emulator.reset()
        return json_response({"reset": [t.name for t in emulator.tenants],
                              "ms": round((time.perf_counter() - started) * 1000, 3)})

    @bp.post("/seed")
    def seed():
        data = request_body()
        tenant = request_tenant(data)
        seed_value = data.get("seed")
        sizes = data.get("sizes")
        # the plugin's .seed(users=5) shape: size names beside "seed" (and "tenant"), or inside "sizes"
        flat = {k: v for k, v in data.items() if k not in ("seed", "sizes", "tenant")}
        if flat:
            unknown = sorted(set(flat) - set(vendor.default_sizes))
            if unknown:
                return control_error(400, f"unknown keys {unknown}; the body takes 'seed', 'tenant' and size names "
                                          f"{sorted(vendor.default_sizes)}, beside them or in 'sizes'")
            if sizes is not None:
                return control_error(400, "give sizes in 'sizes' or beside 'seed', not both")
            sizes = flat
        if seed_value is not None and (not isinstance(seed_value, int) or isinstance(seed_value, bool)):
            return control_error(400, "'seed' must be an integer")
        if sizes is not None:
            if not isinstance(sizes, dict) or not all(
                    isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1_000_000 for v in sizes.values()):
                return control_error(400, "'sizes' maps names to integers between 0 and 1000000")
            unknown = set(sizes) - set(vendor.default_sizes)
            if unknown:
                return control_error(400, f"unknown sizes {sorted(unknown)}; known: {sorted(vendor.default_sizes)}")
        started = time.perf_counter()
        tenant.reseed(seed_value, sizes)
        return json_response({"tenant": tenant.name, "counts": tenant.state.counts(),
                              "ms": round((time.perf_counter() - started) * 1000, 3)})

    @bp.get("/state")
    def export_state():
        tenant = request_tenant()
        return json_response({"tenant": tenant.name, "vendor": vendor.name, "state": tenant.export()})

    @bp.route("/state", methods=["PUT", "POST"])
    def import_state():
        data = request_body()
        tenant = request_tenant(data)
        state = data.get("state")
        if not isinstance(state, dict):
            return control_error(400, "send {\"state\": <what GET /_emulator/state returned under 'state'>}")
        try:
            tenant.import_(state)
        except (ValueError, TypeError) as exc:
            return control_error(400, f"state not imported (nothing changed): {exc}")
        return json_response({"tenant": tenant.name, "counts": tenant.state.counts()})

    @bp.get("/data")
    def data_tables():
        tenant = request_tenant()
        state = tenant.state
        return json_response({"tenant": tenant.name, "vendor": vendor.name, "tables": {
            name: {"count": len(state.table(name)), "columns": browse.columns(state.table(name))}
            for name in state.tables}})

    def table_arg(tenant: "Tenant", name: str) -> None:
        if name not in tenant.state.tables:
            answer(control_error(404, f"no table {name!r}; tables: {sorted(tenant.state.tables)}"))

    @bp.get("/data/<table>")
    def data_page(table: str):
        tenant = request_tenant()
        table_arg(tenant, table)
        try:
            offset = int(request.args.get("offset", 0))
            limit = int(request.args.get("limit", 50))
        except ValueError:
            return control_error(400, "'offset' and 'limit' must be integers")
        if offset < 0 or not 1 <= limit <= browse.MAX_LIMIT:
            return control_error(400, f"'offset' must be >= 0 and 'limit' between 1 and {browse.MAX_LIMIT}")
        q = request.args.get("q", "")
        with tenant.lock:
            result = browse.page(tenant.state, table, offset, limit, q)
        return json_response({"tenant": tenant.name, "vendor": vendor.name, "table": table, "q": q,
                              "offset": offset, "limit": limit, **result})

    @bp.get("/data/<table>/<key>")
    def data_row(table: str, key: str):
        tenant = request_tenant()
        table_arg(tenant, table)
        with tenant.lock:
            state = tenant.state
            row = browse.find(state, table, key)
            if row is None:
                return control_error(404, f"no row {key!r} in {table!r}")
            out: dict[str, Any] = {"tenant": tenant.name, "vendor": vendor.name, "table": table,
                                   "row": dataclasses.asdict(row)}
            if table == "users" and vendor.describe is not None:
                try:
                    out["views"] = vendor.describe(state, row.id if hasattr(row, "id") else key)
                except Exception as exc:  # a view that cannot render must not hide the row
                    out["views_error"] = repr(exc)
        return json_response(out)

    @bp.get("/snapshots")
    def list_snapshots():
        tenant = request_tenant()
        return json_response({"tenant": tenant.name, "snapshots": sorted(tenant.snapshots)})

    @bp.post("/snapshots")
    def take_snapshot():
        data = request_body()
        tenant = request_tenant(data)
        name = data.get("name")
        if not isinstance(name, str) or not name:
            return control_error(400, "a snapshot needs a non-empty string 'name'")
        tenant.snapshot(name)
        return json_response({"tenant": tenant.name, "snapshot": name}, 201)

    @bp.post("/snapshots/<name>/restore")
    def restore_snapshot(name: str):
        tenant = request_tenant(request_body())
        if name not in tenant.snapshots:
            return control_error(404, f"no snapshot {name!r}; snapshots: {sorted(tenant.snapshots)}")
        tenant.restore(name)
        return json_response({"tenant": tenant.name, "restored": name, "counts": tenant.state.counts()})

    @bp.delete("/snapshots/<name>")
    def delete_snapshot(name: str):
        tenant = request_tenant()
        if not tenant.drop_snapshot(name):
            return control_error(404, f"no snapshot {name!r}")
        return Response(status=204)
