"""Read-only pages (GET): overview, data, traffic, limits, controls, deliveries, and the JSON feeds
the pages poll. None of these change an emulator."""

from __future__ import annotations

import shlex
from typing import Any
from urllib.parse import quote

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from . import snippets
from .client import ControlClient, ControlError

pages = Blueprint("pages", __name__)

PAGE_SIZES = (25, 50, 100)
TRAFFIC_ROWS = 100
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
#: what a Traffic row needs; the bodies are fetched only when one request is opened
ROW_FIELDS = "id,time,vendor,tenant,method,path,query,status,duration_ms,hint,fault"


def client() -> ControlClient:
    return current_app.extensions["console"]


def tenants_of(vendor: str) -> tuple[list[dict], str | None]:
    """The vendor's tenants as the control API describes them, or an error message."""
    try:
        return client().get(vendor, "/tenants")["tenants"], None
    except ControlError as exc:
        return [], exc.message


@pages.get("/")
def overview():
    cards = []
    for vendor in client().names:
        tenants, error = tenants_of(vendor)
        for tenant in tenants:
            base = tenant.get("base_url") or client().base_url(vendor)
            tenant["base_url"] = base
            tenant["snippets"] = snippets.for_tenant(vendor, base, tenant.get("credentials") or {})
        cards.append({"vendor": vendor, "base_url": client().base_url(vendor), "tenants": tenants,
                      "error": error})
    return render_template("overview.html", cards=cards)


# --- data -----------------------------------------------------------------------------------

def _int_arg(name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(request.args.get(name, default))
    except ValueError:
        return default
    return max(low, min(high, value))


@pages.get("/data")
def data():
    names = client().names
    vendor = request.args.get("vendor") or (names[0] if names else "")
    if names and vendor not in names:
        abort(404, f"no vendor {vendor!r}; vendors: {', '.join(names)}")
    ctx: dict[str, Any] = {"vendor": vendor, "tenants": [], "tables": {}, "result": None, "error": None,
                           "page_sizes": PAGE_SIZES}
    if not vendor:
        return render_template("data.html", **ctx)
    tenants, error = tenants_of(vendor)
    ctx["tenants"] = [t["name"] for t in tenants]
    tenant = request.args.get("tenant", "")
    if tenant not in ctx["tenants"]:  # e.g. the vendor changed and the old tenant name came along
        tenant = ctx["tenants"][0] if ctx["tenants"] else ""
    ctx["tenant"] = tenant
    ctx["error"] = error
    if error or not tenant:
        return render_template("data.html", **ctx)
    try:
        tables = client().get(vendor, "/data", tenant=tenant)["tables"]
    except ControlError as exc:
        ctx["error"] = exc.message
        return render_template("data.html", **ctx)
    ctx["tables"] = tables
    table = request.args.get("table", "")
    if table not in tables:
        table = "users" if "users" in tables else next(iter(tables), "")
    ctx["table"] = table
    q = request.args.get("q", "")
    limit = _int_arg("limit", 50, 1, max(PAGE_SIZES))
    offset = _int_arg("offset", 0, 0, 10**9)
    ctx.update(q=q, limit=limit, offset=offset)
    if table:
        try:
            ctx["result"] = client().get(vendor, f"/data/{table}", tenant=tenant, q=q, offset=offset,
                                         limit=limit)
        except ControlError as exc:
            ctx["error"] = exc.message
    ctx["api_call"] = client().curl("GET", vendor, f"/data/{table}",
                                    {"tenant": tenant, "q": q, "offset": offset, "limit": limit})
    return render_template("data.html", **ctx)


@pages.get("/data/<vendor>/<tenant>/<table>/<key>")
def data_row(vendor: str, tenant: str, table: str, key: str):
    try:
        found = client().get(vendor, f"/data/{quote(table, safe='')}/{quote(key, safe='')}", tenant=tenant)
    except ControlError as exc:
        abort(404 if exc.status == 404 else 400, exc.message)
    views = found.get("views")
    views_title = "As each surface shows it"
    if isinstance(views, dict) and views and not all(isinstance(v, (dict, list)) for v in views.values()):
        views = {"Summary": views}  # a flat summary rather than one JSON per surface
        views_title = "What the vendor says about it"
    return render_template("row.html", vendor=vendor, tenant=tenant, table=table, key=key, found=found, views=views,
                           views_title=views_title,
                           api_call=client().curl("GET", vendor, f"/data/{table}/{key}", {"tenant": tenant}))


# --- traffic --------------------------------------------------------------------------------

def traffic_filters() -> dict[str, str]:
    args = request.args
    return {name: args.get(name, "").strip() for name in ("vendor", "tenant", "method", "path", "status")}


def _digits(text: str, most: int) -> bool:
    """1 to ``most`` ASCII digits (str.isdigit() also passes "¹", which int() refuses)."""
    return 0 < len(text) <= most and text.isascii() and text.isdigit()


def _status_matches(want: str, status: Any) -> bool:
    if not want:
        return True
    if len(want) == 3 and want[0] in "0123456789" and want[1:].lower() == "xx":
        return isinstance(status, int) and status // 100 == int(want[0])
    return str(status) == want


def journal_rows(filters: dict[str, str], cursor: dict[str, int] | None = None,
                 limit: int = TRAFFIC_ROWS) -> tuple[list[dict], dict[str, int], list[str]]:
    """Newest first, across the chosen vendors; with ``cursor`` (vendor → last id seen) only newer ones."""
    vendors = [filters["vendor"]] if filters["vendor"] else client().names
    rows: list[dict] = []
    errors: list[str] = []
    next_cursor: dict[str, int] = dict(cursor or {})
    exact_status = filters["status"] if _digits(filters["status"], 3) else None
    for vendor in vendors:
        if vendor not in client().names:
            errors.append(f"no vendor {vendor!r}")
            continue
        params = {"tenant": filters["tenant"], "method": filters["method"], "path_contains": filters["path"],
                  "status": exact_status, "limit": limit, "fields": ROW_FIELDS}
        if cursor is not None and vendor in cursor:
            params["since_id"] = cursor[vendor]
        try:
            entries = client().get(vendor, "/journal", **params)["entries"]
        except ControlError as exc:
            errors.append(exc.message)
            continue
        for entry in entries:
            next_cursor[vendor] = max(next_cursor.get(vendor, 0), entry["id"])
            if entry.get("status") is None:
                continue  # still in flight: picked up by the next poll once answered
            if _status_matches(filters["status"], entry.get("status")):
                rows.append(entry)
        if entries and any(e.get("status") is None for e in entries):
            pending = min(e["id"] for e in entries if e.get("status") is None)
            next_cursor[vendor] = min(next_cursor[vendor], pending - 1)
    rows.sort(key=lambda e: (e["time"], e["id"]), reverse=True)
    return rows[:limit], next_cursor, errors


def row_summary(entry: dict) -> dict:
    return {"id": entry["id"], "vendor": entry["vendor"], "time": entry["time"], "tenant": entry.get("tenant"),
            "method": entry["method"], "path": entry["path"], "query": entry.get("query", ""),
            "status": entry.get("status"), "duration_ms": entry.get("duration_ms"),
            "hint": entry.get("hint"), "fault": entry.get("fault")}


@pages.get("/traffic")
def traffic():
    filters = traffic_filters()
    rows, cursor, errors = journal_rows(filters)
    return render_template("traffic.html", rows=[row_summary(r) for r in rows], cursor=cursor, errors=errors,
                           filters=filters, methods=METHODS, rate_classes=RATE_CLASSES, rate_samples=RATE_SAMPLES)


@pages.get("/traffic/feed")
def traffic_feed():
    """New journal entries since ``cursor`` (``vendor:id,vendor:id``), for the Traffic page's poll."""
    cursor = _parse_cursor(request.args.get("cursor", ""))
    filters = traffic_filters()
    known = [v for v in ([filters["vendor"]] if filters["vendor"] else client().names)]
    for name in known:
        cursor.setdefault(name, 0)
    rows, cursor, errors = journal_rows(filters, cursor)
    rows.reverse()  # oldest first: the page prepends each, so the newest ends on top
    return jsonify({"rows": [row_summary(r) for r in rows], "cursor": cursor, "errors": errors})


#: the Traffic chart's series: a status class, or a connection a fault rule dropped (journal status 0)
RATE_CLASSES = ("2xx", "3xx", "4xx", "5xx", "dropped")
RATE_SAMPLES = 60  # polls the chart keeps (a minute at the default 1 s poll)


def _parse_cursor(text: str) -> dict[str, int]:
    cursor: dict[str, int] = {}
    for part in text.split(","):
        name, _, last = part.partition(":")
        if name and _digits(last, 18):
            cursor[name] = int(last)
    return cursor


@pages.get("/traffic/rates")
def traffic_rates():
    """Answered requests per vendor and status class since ``cursor`` (``vendor:id,…``), for the Traffic chart:
    the page divides each poll's counts by the seconds between its polls. Without a cursor for a vendor the
    answer only places one (its newest journal id), so a chart starts from zero rather than from history."""
    cursor = _parse_cursor(request.args.get("cursor", ""))
    wanted = request.args.get("vendor", "").strip()
    counts: dict[str, dict[str, int]] = {}
    errors: list[str] = []
    for vendor in ([wanted] if wanted else client().names):
        if vendor not in client().names:
            errors.append(f"no vendor {vendor!r}")
            continue
        counts[vendor] = dict.fromkeys(RATE_CLASSES, 0)
        try:
            if vendor in cursor:
                entries = client().get(vendor, "/journal", since_id=cursor[vendor], fields="id,status")["entries"]
            else:
                entries = client().get(vendor, "/journal", limit=1, fields="id")["entries"]
                cursor[vendor] = entries[-1]["id"] if entries else 0
                continue
        except ControlError as exc:
            errors.append(exc.message)
            continue
        for entry in entries:
            cursor[vendor] = max(cursor[vendor], entry["id"])
            status = entry.get("status")
            if status is None:
                continue  # in flight at this poll: left out of the rate rather than counted twice
            key = "dropped" if status == 0 else f"{status // 100}xx"
            if key in counts[vendor]:
                counts[vendor][key] += 1
    return jsonify({"classes": list(RATE_CLASSES), "counts": counts, "cursor": cursor, "errors": errors})


@pages.get("/traffic/<vendor>/<int:entry_id>")
def traffic_entry(vendor: str, entry_id: int):
    try:
        entry = client().get(vendor, f"/journal/{entry_id}")
    except ControlError as exc:
        abort(404 if exc.status in (404, None) else 400, exc.message)
    url = client().base_url(vendor) + entry["path"] + ("?" + entry["query"] if entry.get("query") else "")
    return render_template("entry.html", entry=entry, url=url, replay=replay_curl(entry, url),
                           api_call=client().curl("GET", vendor, f"/journal/{entry_id}"))


REPLAY_SKIP = {"host", "content-length", "connection", "accept-encoding", "user-agent", "accept"}


def replay_curl(entry: dict, url: str) -> str:
    """The journaled request as a curl command that sends it again."""
    parts = ["curl", "-sS", "-i"]
    if entry["method"] != "GET":
        parts += ["-X", entry["method"]]
    for name, value in entry.get("request_headers", {}).items():
        if name.lower() not in REPLAY_SKIP:
            parts += ["-H", f"{name}: {value}"]
    if entry.get("request_body"):
        parts += ["--data-binary", entry["request_body"]]
    parts.append(url)
    return " ".join(shlex.quote(p) for p in parts)


# --- limits ---------------------------------------------------------------------------------

def limits_data() -> list[dict]:
    out = []
    for vendor in client().names:
        try:
            limits = client().get(vendor, "/limits")
            clock = client().get(vendor, "/clock")
        except ControlError as exc:
            out.append({"vendor": vendor, "error": exc.message, "tenants": []})
            continue
        now = limits["now"]
        tenants = []
        for name, info in limits["tenants"].items():
            windows = [{**w, "resets_in": max(0.0, round(w["reset_at"] - now, 1))} for w in info["windows"]]
            tenants.append({"name": name, "plan": info["plan"], "windows": windows})
        out.append({"vendor": vendor, "now": now, "clock": clock, "tenants": tenants, "error": None})
    return out


@pages.get("/limits")
def limits():
    return render_template("limits.html", vendors=limits_data())


@pages.get("/limits.json")
def limits_json():
    return jsonify({"vendors": limits_data()})


# --- controls -------------------------------------------------------------------------------

@pages.get("/controls")
def controls():
    sections = []
    for vendor in client().names:
        section: dict[str, Any] = {"vendor": vendor, "error": None}
        try:
            section["tenants"] = client().get(vendor, "/tenants")["tenants"]
            section["faults"] = client().get(vendor, "/faults")["faults"]
            section["clock"] = client().get(vendor, "/clock")
        except ControlError as exc:
            section["error"] = exc.message
        sections.append(section)
    return render_template("controls.html", sections=sections, methods=("*",) + METHODS)


# --- deliveries -----------------------------------------------------------------------------

@pages.get("/deliveries")
def deliveries():
    tenant = request.args.get("tenant", "").strip()
    sections = []
    for vendor in client().names:
        try:
            found = client().get(vendor, "/deliveries", tenant=tenant)["deliveries"]
            sections.append({"vendor": vendor, "deliveries": sorted(found, key=lambda d: -d["id"]), "error": None})
        except ControlError as exc:
            sections.append({"vendor": vendor, "deliveries": [], "error": exc.message})
    return render_template("deliveries.html", sections=sections, tenant=tenant)
