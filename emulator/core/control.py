"""The control plane under ``/_emulator/`` on every vendor port (as LocalStack and WireMock do it).

No auth, no rate limits, no faults, never journaled. JSON in and out; a bad control request gets a
4xx ``{"error": "..."}`` saying what is wrong. Where a call takes a tenant (``?tenant=NAME`` or a
``"tenant"`` key in the body) and none is given, it applies to the vendor's first tenant, except
``reset``, which without a tenant resets the whole emulator.
"""

from __future__ import annotations

import dataclasses
import math
import time
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, current_app, request

from ..config import ConfigError, TenantConfig
from . import browse
from .clock import MAX_EPOCH, instant
from .faults import FaultError
from .http import answer, json_response
from .journal import Entry

if TYPE_CHECKING:
    from .emulator import Emulator
    from .tenants import Tenant

STARTED = time.time()
JOURNAL_FIELDS = tuple(Entry.__dataclass_fields__)


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


def make_control_blueprint(emulator: "Emulator") -> Blueprint:
    bp = Blueprint("emulator_control", __name__)
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
        if tenant.snapshots.pop(name, None) is None:
            return control_error(404, f"no snapshot {name!r}")
        return Response(status=204)

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

    @bp.get("/limits")
    def limits():
        return json_response({"vendor": vendor.name, "now": emulator.clock.now(),
                              "tenants": {t.name: {"plan": t.plan, "windows": t.limiter.to_dict()}
                                          for t in emulator.tenants}})

    @bp.get("/switches")
    def switches():
        return json_response({name: {"default": sw.default, "doc": sw.doc,
                                     "choices": list(sw.choices) if sw.choices else None}
                              for name, sw in vendor.switches.items()})

    @bp.get("/journal")
    def journal():
        args = request.args
        try:
            status = int(args["status"]) if "status" in args else None
            since_id = int(args["since_id"]) if "since_id" in args else None
            limit = int(args["limit"]) if "limit" in args else None
        except ValueError:
            return control_error(400, "'status', 'since_id' and 'limit' must be integers")
        fields = [f.strip() for f in args.get("fields", "").split(",") if f.strip()]
        unknown = [f for f in fields if f not in JOURNAL_FIELDS]
        if unknown:
            return control_error(400, f"unknown journal fields {unknown}; fields: {list(JOURNAL_FIELDS)}")
        entries = emulator.journal.query(method=args.get("method"), path=args.get("path"),
                                         path_contains=args.get("path_contains"), status=status,
                                         tenant=args.get("tenant"), since_id=since_id, limit=limit)
        if fields:  # only these fields: a listing without bodies stays small however big the bodies are
            return json_response({"count": len(entries),
                                  "entries": [{f: getattr(e, f) for f in fields} for e in entries]})
        return json_response({"count": len(entries), "entries": [e.summary() for e in entries]})

    @bp.get("/journal/<int:entry_id>")
    def journal_entry(entry_id: int):
        entry = emulator.journal.get(entry_id)
        if entry is None:
            return control_error(404, f"no journal entry {entry_id} (it may have aged out)")
        return json_response(entry.summary())

    @bp.delete("/journal")
    def clear_journal():
        emulator.journal.clear()
        return Response(status=204)

    @bp.get("/faults")
    def list_faults():
        return json_response({"faults": [r.to_dict() for r in emulator.faults.list()]})

    @bp.post("/faults")
    def add_fault():
        try:
            rule = emulator.faults.add(request_body())
        except (FaultError, TypeError) as exc:
            return control_error(400, str(exc))
        return json_response(rule.to_dict(), 201)

    @bp.delete("/faults")
    def clear_faults():
        emulator.faults.clear()
        return Response(status=204)

    @bp.delete("/faults/<int:rule_id>")
    def delete_fault(rule_id: int):
        if not emulator.faults.remove(rule_id):
            return control_error(404, f"no fault rule {rule_id}")
        return Response(status=204)

    @bp.get("/clock")
    def get_clock():
        return json_response(emulator.clock.to_dict())

    @bp.post("/clock")
    def set_clock():
        data = request_body()
        allowed = {"freeze", "at", "advance", "reset"}
        unknown = set(data) - allowed
        if unknown or not data:
            return control_error(400, f"send any of {sorted(allowed)}: freeze (bool), at (epoch seconds or "
                                      "ISO 8601), advance (seconds), reset (true: real time again)")
        # validate everything first, then apply: a refused request leaves the clock as it was
        at = None
        if "at" in data:
            at = instant(data["at"])
            if at is None:
                return control_error(400, "'at' must be epoch seconds or an ISO 8601 date-time with offset, "
                                          "between 1970 and 9999")
        if "freeze" in data and not isinstance(data["freeze"], bool):
            return control_error(400, "'freeze' must be a boolean")
        if "reset" in data and not isinstance(data["reset"], bool):
            return control_error(400, "'reset' must be a boolean")
        step = data.get("advance", 0)
        if (not isinstance(step, (int, float)) or isinstance(step, bool) or not math.isfinite(step)
                or not 0 <= step <= MAX_EPOCH):
            return control_error(400, "'advance' must be a non-negative number of seconds (at most ~8,000 years)")
        clock = emulator.clock
        base = at if at is not None else (time.time() if data.get("reset") else clock.now())
        if base + step > MAX_EPOCH:
            return control_error(400, "that would move the clock past the year 9999")
        if data.get("reset"):
            clock.reset()
        if data.get("freeze") is True:
            clock.freeze(at)  # at the given instant exactly, or now
        else:
            if at is not None:
                clock.set(at)
            if data.get("freeze") is False:
                clock.unfreeze()
        if step:
            clock.advance(float(step))
        return json_response(clock.to_dict())

    @bp.get("/deliveries")
    def deliveries():
        items = emulator.deliveries.list(tenant=request.args.get("tenant"), kind=request.args.get("kind"))
        return json_response({"count": len(items), "deliveries": [d.to_dict() for d in items]})

    @bp.get("/deliveries/<int:delivery_id>")
    def delivery(delivery_id: int):
        item = emulator.deliveries.get(delivery_id)
        if item is None:
            return control_error(404, f"no delivery {delivery_id}")
        return json_response(item.to_dict())

    from ..recording.control import add_clone_route  # POST /clone: a tenant from recordings (issue #11)

    add_clone_route(bp)
    return bp
